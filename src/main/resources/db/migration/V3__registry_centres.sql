-- Vaccination centres (the registry module). ids are CoWIN-style centre numbers.
CREATE SEQUENCE centre_id_seq START 900001;

CREATE TABLE centre (
    id            BIGINT PRIMARY KEY DEFAULT nextval('centre_id_seq'),
    name          TEXT        NOT NULL,
    address       TEXT        NOT NULL DEFAULT '',
    state_id      INT         NOT NULL,
    district_id   INT         NOT NULL,
    block_name    TEXT        NOT NULL DEFAULT '',
    pincode       TEXT        NOT NULL,
    lat           NUMERIC(9, 6),
    lng           NUMERIC(9, 6),
    opens_at      TIME        NOT NULL DEFAULT '09:00',
    closes_at     TIME        NOT NULL DEFAULT '17:00',
    fee_type      TEXT        NOT NULL DEFAULT 'Free' CHECK (fee_type IN ('Free', 'Paid')),
    vaccine_fees  JSONB       NOT NULL DEFAULT '{}',
    active        BOOLEAN     NOT NULL DEFAULT true,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (closes_at > opens_at)
);
CREATE INDEX centre_by_district ON centre (district_id) WHERE active;
CREATE INDEX centre_by_pincode ON centre (pincode) WHERE active;
CREATE INDEX centre_by_location ON centre (lat, lng) WHERE active;
