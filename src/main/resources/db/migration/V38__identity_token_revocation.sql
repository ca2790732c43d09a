-- A staff token names the generation of its account; a token of an older generation, or of a
-- disabled account, is refused by the per-request check (Tokens.authenticate), on every node at once.
ALTER TABLE staff_account ADD COLUMN token_generation INT NOT NULL DEFAULT 0;

-- Any change to what a token vouches for (still active, role and place, the password that was
-- proved) starts a new generation. A trigger, so that no code path that changes an account can
-- forget to revoke its tokens (an admin screen, a script, a future role change).
CREATE FUNCTION staff_account_new_token_generation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.active, NEW.role, NEW.state_id, NEW.district_id, NEW.centre_id, NEW.password_changed_at)
        IS DISTINCT FROM (OLD.active, OLD.role, OLD.state_id, OLD.district_id, OLD.centre_id, OLD.password_changed_at) THEN
        NEW.token_generation := OLD.token_generation + 1;
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER staff_account_revokes_tokens BEFORE UPDATE ON staff_account
    FOR EACH ROW EXECUTE FUNCTION staff_account_new_token_generation();
