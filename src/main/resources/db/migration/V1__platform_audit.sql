-- The audit trail: append-only, written in the same transaction as the change it records.
CREATE TABLE audit_event (
    id          BIGSERIAL PRIMARY KEY,
    at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    actor       TEXT        NOT NULL,
    actor_role  TEXT        NOT NULL,
    action      TEXT        NOT NULL,
    subject     TEXT,
    detail      TEXT,
    client_ip   TEXT,
    outcome     TEXT        NOT NULL DEFAULT 'OK'
);
CREATE INDEX audit_event_subject ON audit_event (subject);
CREATE INDEX audit_event_at ON audit_event (at);

CREATE FUNCTION audit_event_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_is_append_only();
