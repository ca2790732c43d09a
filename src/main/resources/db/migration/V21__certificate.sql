-- Certificates (the certificate module): one per dose, signed once at issuance in every format
-- the profile lists. A correction revokes and re-issues under a new revision.
CREATE TABLE certificate (
    id               TEXT PRIMARY KEY,
    vaccination_id   UUID        NOT NULL,
    revision         INT         NOT NULL DEFAULT 1,
    beneficiary_id   TEXT        NOT NULL,
    dose             INT         NOT NULL,
    total_doses      INT         NOT NULL,
    status           TEXT        NOT NULL DEFAULT 'ISSUED' CHECK (status IN ('ISSUED', 'REVOKED')),
    issued_at        TIMESTAMPTZ NOT NULL,
    revoked_at       TIMESTAMPTZ,
    signing_key      TEXT        NOT NULL,
    shc_kid          TEXT,
    shc_rid          TEXT,
    eu_dcc           TEXT,
    shc              TEXT,
    w3c_vc           TEXT,
    -- The listener may run again after a crash: the same issuance lands on this constraint.
    CONSTRAINT certificate_one_per_vaccination_revision UNIQUE (vaccination_id, revision)
);
CREATE UNIQUE INDEX certificate_one_valid_per_vaccination ON certificate (vaccination_id) WHERE status = 'ISSUED';
CREATE INDEX certificate_by_beneficiary ON certificate (beneficiary_id);
CREATE INDEX certificate_revoked ON certificate (shc_kid) WHERE status = 'REVOKED';
