-- The token buckets of the OTP limits that every node must share (per address, and the OTP SMS
-- budget per minute), in the layout of bucket4j's PostgreSQL backend: the bucket's state as
-- bucket4j serialises it, and when a full bucket may be forgotten (epoch milliseconds).
CREATE TABLE otp_send_bucket (
    id         TEXT   PRIMARY KEY,
    state      BYTEA,
    expires_at BIGINT
);
CREATE INDEX otp_send_bucket_expires ON otp_send_bucket (expires_at);
