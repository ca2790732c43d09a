-- Every look-up of a person by mobile or photo ID, with its purpose: the per-account hourly count
-- (held across nodes) and the district admin's report of unusual volumes both read it. The number
-- looked up is not kept here; the audit trail keeps it masked.
CREATE TABLE staff_lookup (
    id          BIGSERIAL PRIMARY KEY,
    staff_id    BIGINT      NOT NULL REFERENCES staff_account (id),
    at          TIMESTAMPTZ NOT NULL,
    kind        TEXT        NOT NULL CHECK (kind IN ('MOBILE', 'PHOTO_ID')),
    purpose     TEXT        NOT NULL,
    outcome     TEXT        NOT NULL CHECK (outcome IN ('FOUND', 'NOT_FOUND', 'INVALID', 'REFUSED')),
    found       INT         NOT NULL DEFAULT 0
);
CREATE INDEX staff_lookup_by_staff_time ON staff_lookup (staff_id, at);
CREATE INDEX staff_lookup_by_time ON staff_lookup (at);
