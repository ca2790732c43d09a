-- Every change that ends tokens early, in the order written, for each node's in-memory view of
-- them (identity.internal.TokenRevocations): a logout (jti set) or a staff account whose
-- generation or active flag changed, or that was deleted (staff_id set). Triggers write the rows
-- in the same transaction as the change and announce them on the channel token_revocation, so no
-- path (the API, a page, an operator's SQL, an older node still running during an upgrade) is
-- missed; every node applies the rows in seq order. Rows are pruned once no token they end can
-- still be unexpired.
CREATE TABLE token_revocation (
    seq         BIGSERIAL   PRIMARY KEY,
    jti         TEXT,
    expires_at  TIMESTAMPTZ,
    staff_id    BIGINT,
    generation  INT,
    active      BOOLEAN,
    at          TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX token_revocation_by_time ON token_revocation (at);
CREATE INDEX revoked_token_by_expiry ON revoked_token (expires_at);

CREATE FUNCTION token_revoked() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed BIGINT;
BEGIN
    IF TG_TABLE_NAME = 'revoked_token' THEN
        INSERT INTO token_revocation (jti, expires_at) VALUES (NEW.jti, NEW.expires_at) RETURNING seq INTO changed;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO token_revocation (staff_id, active) VALUES (OLD.id, false) RETURNING seq INTO changed;
    ELSIF (NEW.token_generation, NEW.active) IS DISTINCT FROM (OLD.token_generation, OLD.active) THEN
        INSERT INTO token_revocation (staff_id, generation, active) VALUES (NEW.id, NEW.token_generation, NEW.active)
            RETURNING seq INTO changed;
    ELSE
        RETURN NULL;
    END IF;
    PERFORM pg_notify('token_revocation', changed::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER revoked_token_announced AFTER INSERT ON revoked_token
    FOR EACH ROW EXECUTE FUNCTION token_revoked();
CREATE TRIGGER staff_account_tokens_announced AFTER UPDATE OR DELETE ON staff_account
    FOR EACH ROW EXECUTE FUNCTION token_revoked();

-- Logouts made before this version that can still matter.
INSERT INTO token_revocation (jti, expires_at)
    SELECT jti, expires_at FROM revoked_token WHERE expires_at > now() ORDER BY expires_at;
-- Staff accounts changed lately (a generation before this version was only checked by SQL): their
-- current generation, so older tokens still unexpired stay refused after the upgrade.
INSERT INTO token_revocation (staff_id, generation, active)
    SELECT id, token_generation, active FROM staff_account
    WHERE updated_at > now() - interval '1 day' OR password_changed_at > now() - interval '1 day'
    ORDER BY id;
