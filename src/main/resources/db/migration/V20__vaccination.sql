-- Doses given (the vaccination module). One row per beneficiary and dose, whatever races.
CREATE TABLE vaccination (
    id               UUID PRIMARY KEY,
    beneficiary_id   TEXT        NOT NULL,
    dose             INT         NOT NULL CHECK (dose BETWEEN 1 AND 9),
    total_doses      INT         NOT NULL,
    vaccine          TEXT        NOT NULL,
    batch            TEXT        NOT NULL,
    vaccinated_on    DATE        NOT NULL,
    centre_id        BIGINT      NOT NULL,
    session_id       UUID,
    staff_id         BIGINT      NOT NULL,
    staff_name       TEXT        NOT NULL,
    certificate_id   TEXT        NOT NULL,
    override_reason  TEXT,
    recorded_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT vaccination_one_per_dose UNIQUE (beneficiary_id, dose)
);
CREATE INDEX vaccination_by_centre ON vaccination (centre_id, vaccinated_on);

-- Idempotency of the recording call: the first request with a key stores its answer; a repeat
-- (or a concurrent copy, which waits on the key's unique index) gets the stored answer back.
CREATE TABLE vaccination_request (
    idempotency_key  TEXT PRIMARY KEY,
    request_hash     TEXT        NOT NULL,
    vaccination_id   UUID,
    certificate_id   TEXT,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
