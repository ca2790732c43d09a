-- Adverse events following immunization (the aefi module), after WHO's AEFI reporting form:
-- one report per event, against one dose and so one lot. Serious cases are flagged to the
-- district of the facility that gave the dose and follow reported -> investigated -> classified.
CREATE TABLE aefi_report (
    id                   UUID PRIMARY KEY,
    vaccination_id       UUID        NOT NULL,
    beneficiary_id       TEXT        NOT NULL,
    dose                 INT         NOT NULL,
    vaccine              TEXT        NOT NULL,
    lot_id               BIGINT,
    lot_number           TEXT        NOT NULL,
    centre_id            BIGINT      NOT NULL,
    state_id             INT         NOT NULL,
    district_id          INT         NOT NULL,
    onset_date           DATE        NOT NULL,
    symptoms             TEXT[]      NOT NULL,
    severity             TEXT        NOT NULL CHECK (severity IN ('MILD', 'MODERATE', 'SEVERE')),
    serious              BOOLEAN     NOT NULL,
    outcome              TEXT        NOT NULL,
    description          TEXT,
    source               TEXT        NOT NULL CHECK (source IN ('STAFF', 'CITIZEN')),
    reported_by          TEXT        NOT NULL,
    status               TEXT        NOT NULL DEFAULT 'REPORTED' CHECK (status IN ('REPORTED', 'INVESTIGATED', 'CLASSIFIED')),
    classification       TEXT,
    investigation_notes  TEXT,
    reported_at          TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL,
    CHECK (status <> 'CLASSIFIED' OR classification IS NOT NULL)
);
CREATE INDEX aefi_by_lot ON aefi_report (lot_id);
CREATE INDEX aefi_by_place ON aefi_report (district_id, status);
CREATE INDEX aefi_by_dose ON aefi_report (vaccination_id);
