-- Doses waiting for their certificate (the certificate module). A row is written in the dose's
-- own transaction and deleted in the transaction that inserts the certificate, so after a crash
-- anywhere a dose is either still queued or certified. Each node's issuers claim rows with
-- FOR UPDATE SKIP LOCKED, many at a time. A dose whose signing failed waits until due_at.
CREATE TABLE certificate_queue (
    vaccination_id UUID        PRIMARY KEY,
    due_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    attempts       INT         NOT NULL DEFAULT 0
);
CREATE INDEX certificate_queue_due ON certificate_queue (due_at);

-- Certificates used to be issued from the module event DoseRecorded: the doses whose event had
-- not been handled yet are queued instead, and the old listener's publications dropped.
INSERT INTO certificate_queue (vaccination_id)
SELECT DISTINCT (serialized_event::jsonb ->> 'vaccinationId')::uuid
FROM event_publication
WHERE completion_date IS NULL AND listener_id LIKE 'org.openvin.certificate.internal.IssuingCertificate.%'
ON CONFLICT DO NOTHING;
DELETE FROM event_publication
WHERE completion_date IS NULL AND listener_id LIKE 'org.openvin.certificate.internal.IssuingCertificate.%';
