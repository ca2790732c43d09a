-- Sessions and appointments (the scheduling module). Capacity is taken by conditional UPDATEs
-- guarded by CHECK constraints, so no interleaving of bookings can overbook a session or a slot.
CREATE TABLE vaccination_session (
    id                UUID PRIMARY KEY,
    centre_id         BIGINT      NOT NULL REFERENCES centre (id),
    session_date      DATE        NOT NULL,
    vaccine           TEXT        NOT NULL,
    min_age           INT         NOT NULL,
    max_age           INT,
    fee               INT         NOT NULL DEFAULT 0,
    capacity_dose1    INT         NOT NULL CHECK (capacity_dose1 >= 0),
    capacity_dose2    INT         NOT NULL CHECK (capacity_dose2 >= 0),
    capacity_booster  INT         NOT NULL DEFAULT 0 CHECK (capacity_booster >= 0),
    booked_dose1      INT         NOT NULL DEFAULT 0,
    booked_dose2      INT         NOT NULL DEFAULT 0,
    booked_booster    INT         NOT NULL DEFAULT 0,
    walk_in_capacity  INT         NOT NULL DEFAULT 0 CHECK (walk_in_capacity >= 0),
    cancelled         BOOLEAN     NOT NULL DEFAULT false,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT session_dose1_not_overbooked CHECK (booked_dose1 BETWEEN 0 AND capacity_dose1),
    CONSTRAINT session_dose2_not_overbooked CHECK (booked_dose2 BETWEEN 0 AND capacity_dose2),
    CONSTRAINT session_booster_not_overbooked CHECK (booked_booster BETWEEN 0 AND capacity_booster),
    CONSTRAINT session_age_range CHECK (max_age IS NULL OR max_age >= min_age)
);
CREATE INDEX session_by_centre_date ON vaccination_session (centre_id, session_date) WHERE NOT cancelled;
CREATE INDEX session_by_date ON vaccination_session (session_date) WHERE NOT cancelled;

CREATE TABLE session_slot (
    session_id  UUID NOT NULL REFERENCES vaccination_session (id),
    position    INT  NOT NULL,
    label       TEXT NOT NULL,
    capacity    INT  NOT NULL CHECK (capacity >= 0),
    booked      INT  NOT NULL DEFAULT 0,
    PRIMARY KEY (session_id, position),
    CONSTRAINT slot_not_overbooked CHECK (booked BETWEEN 0 AND capacity)
);
