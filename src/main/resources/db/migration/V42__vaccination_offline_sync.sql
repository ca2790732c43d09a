-- Doses recorded offline and synced later (the vaccination module). The dose keeps the moment
-- the device says it was given; the device's clock at sending is kept beside it, and a clock
-- further from the server's than the profile allows is flagged rather than trusted.
ALTER TABLE vaccination ADD COLUMN administered_at     TIMESTAMPTZ;
ALTER TABLE vaccination ADD COLUMN device_sent_at      TIMESTAMPTZ;
ALTER TABLE vaccination ADD COLUMN clock_offset_seconds BIGINT;
ALTER TABLE vaccination ADD COLUMN clock_flagged       BOOLEAN NOT NULL DEFAULT false;

-- Idempotency of a walk-in registered offline: the device's key names the person it created or
-- matched, so a re-sync (or a dose of the same batch that refers to the walk-in by key) finds them.
CREATE TABLE vaccination_walk_in_request (
    idempotency_key  TEXT PRIMARY KEY,
    beneficiary_id   TEXT,
    matched_existing BOOLEAN     NOT NULL DEFAULT false,
    staff_id         BIGINT      NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
