-- Citizens, their beneficiaries, staff and tokens (the identity module).

-- One OTP transaction per generateOTP call. The OTP itself is never stored: only a keyed hash.
CREATE TABLE otp_transaction (
    txn_id      UUID PRIMARY KEY,
    mobile      TEXT        NOT NULL,
    purpose     TEXT        NOT NULL DEFAULT 'LOGIN',
    otp_hash    TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at  TIMESTAMPTZ NOT NULL,
    failed_tries INT        NOT NULL DEFAULT 0,
    confirmed_at TIMESTAMPTZ
);
CREATE INDEX otp_by_mobile_time ON otp_transaction (mobile, created_at);

CREATE TABLE citizen_account (
    id          BIGSERIAL PRIMARY KEY,
    mobile      TEXT        NOT NULL UNIQUE,
    language    TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Tokens logged out before their expiry; rows past expiry can be purged.
CREATE TABLE revoked_token (
    jti         TEXT PRIMARY KEY,
    expires_at  TIMESTAMPTZ NOT NULL
);

-- A beneficiary. The photo-ID number is stored as a keyed hash (for population-wide duplicate
-- detection) and AES-GCM ciphertext (to show or export it), both with keys outside the database.
CREATE TABLE beneficiary (
    reference_id     TEXT PRIMARY KEY,
    account_id       BIGINT      NOT NULL REFERENCES citizen_account (id),
    name             TEXT        NOT NULL,
    birth_year       INT         NOT NULL,
    gender_id        INT         NOT NULL,
    photo_id_type    INT         NOT NULL,
    photo_id_hash    TEXT        NOT NULL,
    photo_id_cipher  TEXT        NOT NULL,
    photo_id_masked  TEXT        NOT NULL,
    comorbidity_ind  TEXT        NOT NULL DEFAULT 'N',
    consent_version  TEXT,
    vaccination_status TEXT      NOT NULL DEFAULT 'Not Vaccinated',
    vaccine          TEXT,
    doses_received   INT         NOT NULL DEFAULT 0,
    dose1_date       DATE,
    dose2_date       DATE,
    last_dose_date   DATE,
    corrections      INT         NOT NULL DEFAULT 0,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    deleted_at       TIMESTAMPTZ
);
CREATE INDEX beneficiary_by_account ON beneficiary (account_id) WHERE deleted_at IS NULL;
-- One person, one record: the same ID document cannot be registered twice, from any account.
CREATE UNIQUE INDEX beneficiary_unique_photo_id ON beneficiary (photo_id_type, photo_id_hash) WHERE deleted_at IS NULL;

CREATE TABLE staff_account (
    id              BIGSERIAL PRIMARY KEY,
    username        TEXT        NOT NULL UNIQUE,
    password_hash   TEXT        NOT NULL,
    name            TEXT        NOT NULL,
    role            TEXT        NOT NULL CHECK (role IN ('NATIONAL_ADMIN', 'STATE_ADMIN', 'DISTRICT_ADMIN', 'FACILITY_ADMIN', 'VACCINATOR')),
    state_id        INT,
    district_id     INT,
    centre_id       BIGINT,
    active          BOOLEAN     NOT NULL DEFAULT true,
    failed_logins   INT         NOT NULL DEFAULT 0,
    locked_until    TIMESTAMPTZ,
    created_by      BIGINT REFERENCES staff_account (id),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
