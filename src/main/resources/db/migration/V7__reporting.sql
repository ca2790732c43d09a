-- Dashboard aggregates (the reporting module), kept up to date as doses are recorded so no page
-- view ever scans the doses themselves.
CREATE TABLE dose_aggregate (
    day          DATE    NOT NULL,
    state_id     INT     NOT NULL,
    district_id  INT     NOT NULL,
    age_group    TEXT    NOT NULL,
    gender       TEXT    NOT NULL,
    vaccine      TEXT    NOT NULL,
    dose         INT     NOT NULL,
    completes    BOOLEAN NOT NULL,
    doses        BIGINT  NOT NULL DEFAULT 0,
    PRIMARY KEY (day, district_id, age_group, gender, vaccine, dose, completes)
);
CREATE INDEX dose_aggregate_by_state ON dose_aggregate (state_id, day);

-- Which doses are already counted: a redelivered event must not count twice.
CREATE TABLE counted_dose (
    vaccination_id UUID PRIMARY KEY
);
