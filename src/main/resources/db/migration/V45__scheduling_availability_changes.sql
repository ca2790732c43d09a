-- What a public availability answer shows has changed (the scheduling module's availability index).
-- Triggers write one row per changed session or centre in the same transaction as the change, so
-- no path (booking, publishing, resizing, a centre edited or closed, SQL by hand) can be missed,
-- and announce it on the channel availability_change; every node applies the rows in seq order.
-- session_id and centre_id both NULL: everything changed (a TRUNCATE).
CREATE TABLE availability_change (
    seq         BIGSERIAL   PRIMARY KEY,
    session_id  UUID,
    centre_id   BIGINT,
    at          TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX availability_change_by_time ON availability_change (at);

CREATE FUNCTION availability_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed BIGINT;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        INSERT INTO availability_change (session_id, centre_id) VALUES (NULL, NULL) RETURNING seq INTO changed;
    ELSIF TG_TABLE_NAME = 'centre' THEN
        IF TG_OP = 'DELETE' THEN
            INSERT INTO availability_change (centre_id) VALUES (OLD.id) RETURNING seq INTO changed;
        ELSE
            INSERT INTO availability_change (centre_id) VALUES (NEW.id) RETURNING seq INTO changed;
        END IF;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO availability_change (session_id, centre_id) VALUES (OLD.id, OLD.centre_id) RETURNING seq INTO changed;
    ELSE
        INSERT INTO availability_change (session_id, centre_id) VALUES (NEW.id, NEW.centre_id) RETURNING seq INTO changed;
    END IF;
    PERFORM pg_notify('availability_change', changed::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER session_availability_changed AFTER INSERT OR UPDATE OR DELETE ON vaccination_session
    FOR EACH ROW EXECUTE FUNCTION availability_changed();
CREATE TRIGGER session_availability_truncated AFTER TRUNCATE ON vaccination_session
    FOR EACH STATEMENT EXECUTE FUNCTION availability_changed();
CREATE TRIGGER centre_availability_changed AFTER INSERT OR UPDATE OR DELETE ON centre
    FOR EACH ROW EXECUTE FUNCTION availability_changed();
CREATE TRIGGER centre_availability_truncated AFTER TRUNCATE ON centre
    FOR EACH STATEMENT EXECUTE FUNCTION availability_changed();
