-- Doses waiting to be added to the dashboard aggregates (the reporting module). A row is written in
-- the dose's own transaction; a node's counter takes many at once (FOR UPDATE SKIP LOCKED), adds
-- them to dose_aggregate with one upsert per group and deletes them in the same transaction, so a
-- dose is counted exactly once after any crash. This replaces a module event per dose: each event
-- was a transaction of its own (a disk flush) that also fought over the same hot aggregate row.
CREATE TABLE dose_count_queue (
    vaccination_id UUID PRIMARY KEY,
    beneficiary_id TEXT    NOT NULL,
    centre_id      BIGINT  NOT NULL,
    day            DATE    NOT NULL,
    vaccine        TEXT    NOT NULL,
    dose           INT     NOT NULL,
    completes      BOOLEAN NOT NULL
);

-- Doses whose event had not been handled yet are queued instead, and the old listener's
-- publications dropped.
INSERT INTO dose_count_queue (vaccination_id, beneficiary_id, centre_id, day, vaccine, dose, completes)
SELECT v.id, v.beneficiary_id, v.centre_id, v.vaccinated_on, v.vaccine, v.dose, v.dose = v.total_doses
FROM vaccination v
WHERE NOT EXISTS (SELECT 1 FROM counted_dose c WHERE c.vaccination_id = v.id)
ON CONFLICT DO NOTHING;
DELETE FROM event_publication
WHERE completion_date IS NULL AND listener_id LIKE 'org.openvin.reporting.internal.CountingDoses.%';
