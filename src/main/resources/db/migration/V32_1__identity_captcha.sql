-- Captchas handed out by POST /api/v2/auth/getRecaptcha, when the profile requires one before an
-- OTP is sent (captcha.required). Each answer is good once, for a few minutes; any node checks it.
CREATE TABLE captcha (
    id          UUID PRIMARY KEY,
    answer      TEXT        NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX captcha_by_answer ON captcha (answer);
