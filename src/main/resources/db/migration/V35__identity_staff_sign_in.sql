-- Staff sign-in: one-time passwords that must be changed, and growing delays after failed sign-ins
-- instead of a lock-out that anyone could hold on someone else's account.
ALTER TABLE staff_account
    ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN password_changed_at  TIMESTAMPTZ,
    DROP COLUMN failed_logins,
    DROP COLUMN locked_until;

-- Failed sign-ins counted per account (by the name typed, known or not), per account and address,
-- and per address. An empty string stands for "any" so the three kinds share one key.
CREATE TABLE staff_sign_in_failure (
    kind            TEXT        NOT NULL CHECK (kind IN ('ACCOUNT', 'ACCOUNT_ADDRESS', 'ADDRESS')),
    username        TEXT        NOT NULL,
    address         TEXT        NOT NULL,
    failures        INT         NOT NULL CHECK (failures >= 0),
    last_failure_at TIMESTAMPTZ NOT NULL,
    delayed_until   TIMESTAMPTZ,
    PRIMARY KEY (kind, username, address)
);
CREATE INDEX staff_sign_in_failure_delayed ON staff_sign_in_failure (delayed_until) WHERE delayed_until IS NOT NULL;

-- Addresses an account signed in from: the per-account delay does not apply to them, so failures
-- sent from elsewhere cannot keep the real user out.
CREATE TABLE staff_known_address (
    staff_id        BIGINT      NOT NULL REFERENCES staff_account (id),
    address         TEXT        NOT NULL,
    last_sign_in_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (staff_id, address)
);
