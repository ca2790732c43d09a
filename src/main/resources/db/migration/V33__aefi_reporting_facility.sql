-- The facility whose staff filed a report, when that is not the facility that gave the dose: the
-- report is allowed (the person may fall ill elsewhere) but shown as such, to both districts.
ALTER TABLE aefi_report
    ADD COLUMN reporting_centre_id   BIGINT,
    ADD COLUMN reporting_state_id    INT,
    ADD COLUMN reporting_district_id INT;
CREATE INDEX aefi_by_reporting_place ON aefi_report (reporting_district_id) WHERE reporting_district_id IS NOT NULL;
