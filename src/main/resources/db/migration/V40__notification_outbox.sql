-- The SMS outbox (the notification module): every SMS is a row written in the transaction of the
-- change it reports (an OTP, a booking), so nothing is sent for a rolled back change and nothing
-- committed is lost. A dispatcher on any app node claims due rows (FOR UPDATE SKIP LOCKED), hands
-- them to the gateway and records the outcome. The text is AES-GCM ciphertext (it may hold an
-- OTP) and is wiped once the row is settled.
CREATE TABLE sms_outbox (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    mobile              TEXT        NOT NULL,
    kind                TEXT        NOT NULL,
    reference           TEXT,
    body                BYTEA,
    status              TEXT        NOT NULL DEFAULT 'PENDING'
                        CHECK (status IN ('PENDING', 'SENT', 'DELIVERED', 'FAILED', 'EXPIRED')),
    attempts            INT         NOT NULL DEFAULT 0,
    created_at          TIMESTAMPTZ NOT NULL,
    next_attempt_at     TIMESTAMPTZ NOT NULL,
    expires_at          TIMESTAMPTZ,
    sent_at             TIMESTAMPTZ,
    gateway             TEXT,
    gateway_message_id  TEXT,
    last_error          TEXT,
    reported_at         TIMESTAMPTZ,
    CHECK (status <> 'PENDING' OR body IS NOT NULL)
);
CREATE INDEX sms_outbox_due ON sms_outbox (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX sms_outbox_by_reference ON sms_outbox (reference) WHERE reference IS NOT NULL;
CREATE INDEX sms_outbox_by_gateway_id ON sms_outbox (gateway, gateway_message_id) WHERE gateway_message_id IS NOT NULL;
CREATE INDEX sms_outbox_pending_by_mobile ON sms_outbox (mobile) WHERE status = 'PENDING';
CREATE INDEX sms_outbox_by_age ON sms_outbox (created_at);
