-- Limits on moving places around (profile: reschedules per appointment, cancel-and-rebook cycles
-- per beneficiary per day): how often an appointment was moved, and when a citizen cancelled it.
ALTER TABLE appointment
    ADD COLUMN reschedules  INT NOT NULL DEFAULT 0 CHECK (reschedules >= 0),
    ADD COLUMN cancelled_at TIMESTAMPTZ;
CREATE INDEX appointment_cancelled_by_beneficiary ON appointment (beneficiary_id, cancelled_at) WHERE cancelled_at IS NOT NULL;
