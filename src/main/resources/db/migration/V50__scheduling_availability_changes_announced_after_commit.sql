-- The availability triggers keep writing one availability_change row per changed session or
-- centre in the changing transaction, but no longer NOTIFY from inside it: PostgreSQL serialises
-- the commits of all transactions that sent a notification (a database-wide lock held through the
-- commit's flush), so a NOTIFY per booking made every durable booking wait for its own disk flush.
-- The application announces after commit instead (platform ChangeFeed.announceAfterCommit, many
-- commits to one notification), and every node also catches up on a tick, so changes made by hand
-- in SQL still reach every node within a second.
CREATE OR REPLACE FUNCTION availability_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        INSERT INTO availability_change (session_id, centre_id) VALUES (NULL, NULL);
    ELSIF TG_TABLE_NAME = 'centre' THEN
        IF TG_OP = 'DELETE' THEN
            INSERT INTO availability_change (centre_id) VALUES (OLD.id);
        ELSE
            INSERT INTO availability_change (centre_id) VALUES (NEW.id);
        END IF;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO availability_change (session_id, centre_id) VALUES (OLD.id, OLD.centre_id);
    ELSE
        INSERT INTO availability_change (session_id, centre_id) VALUES (NEW.id, NEW.centre_id);
    END IF;
    RETURN NULL;
END
$$;
