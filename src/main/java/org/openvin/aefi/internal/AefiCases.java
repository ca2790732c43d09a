package org.openvin.aefi.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.openvin.identity.CurrentUser;
import org.openvin.identity.Role;
import org.openvin.identity.StaffPrincipal;
import org.openvin.identity.StaffScope;
import org.openvin.platform.ApiException;
import org.openvin.platform.AuditTrail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * AEFI cases for staff, inside their scope: the list (filter by status, seriousness, lot), the
 * serious cases still open (the district admin's queue), case status changes — reported, then
 * investigated, then classified with a WHO causality category, by district, state or national
 * admins — and counts per lot or per vaccine for signal detection.
 */
@RestController
@RequestMapping("/api/v2/admin/aefi")
class AefiCases {

    record StatusChange(String status, String classification, String notes) {
    }

    private static final String COLUMNS = """
            id, vaccination_id, beneficiary_id, dose, vaccine, lot_id, lot_number, centre_id, state_id, district_id,
            onset_date, symptoms, severity, serious, outcome, description, source, status, classification,
            investigation_notes, reported_at, updated_at, reporting_centre_id, reporting_district_id""";

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;

    AefiCases(JdbcClient jdbc, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    @GetMapping
    Map<String, Object> list(@RequestParam(name = "status", required = false) String status,
                             @RequestParam(name = "serious", required = false) Boolean serious,
                             @RequestParam(name = "lot_id", required = false) Long lotId) {
        String wantedStatus = status == null ? null : status.toUpperCase(Locale.ROOT);
        if (wantedStatus != null && !AefiTerms.STATUSES.contains(wantedStatus)) {
            throw ApiException.badRequest("AEFI0008", "status must be one of " + String.join(", ", AefiTerms.STATUSES));
        }
        Where scope = scope(CurrentUser.staff().scope());
        List<Map<String, Object>> reports = jdbc.sql("SELECT " + COLUMNS + " FROM aefi_report WHERE " + scope.sql
                        + " AND (CAST(? AS TEXT) IS NULL OR status = ?) AND (CAST(? AS BOOLEAN) IS NULL OR serious = ?)"
                        + " AND (CAST(? AS BIGINT) IS NULL OR lot_id = ?) ORDER BY reported_at DESC LIMIT 1000")
                .params(concat(scope.params, wantedStatus, wantedStatus, serious, serious, lotId, lotId))
                .query((rs, n) -> map(rs)).list();
        return Map.of("reports", reports);
    }

    /** Serious cases not yet classified: what the district admin must act on. */
    @GetMapping("/flagged")
    Map<String, Object> flagged() {
        Where scope = scope(CurrentUser.staff().scope());
        return Map.of("reports", jdbc.sql("SELECT " + COLUMNS + " FROM aefi_report WHERE " + scope.sql
                        + " AND serious AND status <> 'CLASSIFIED' ORDER BY reported_at")
                .params(scope.params).query((rs, n) -> map(rs)).list());
    }

    @PostMapping("/{id}/status")
    @Transactional
    Map<String, Object> changeStatus(@PathVariable UUID id, @RequestBody StatusChange change) {
        StaffPrincipal staff = CurrentUser.staff();
        var current = jdbc.sql("SELECT state_id, district_id, centre_id, status FROM aefi_report WHERE id = ? FOR UPDATE")
                .param(id).query((rs, n) -> new Object[] {rs.getInt(1), rs.getInt(2), rs.getLong(3), rs.getString(4)})
                .optional().orElseThrow(() -> ApiException.notFound("AEFI0010", "No AEFI report with that id"));
        boolean investigator = staff.role() == Role.DISTRICT_ADMIN || staff.role() == Role.STATE_ADMIN
                || staff.role() == Role.NATIONAL_ADMIN;
        if (!investigator || !staff.scope().covers((Integer) current[0], (Integer) current[1], (Long) current[2])) {
            audit.refused("AEFI_STATUS", "aefi:" + id, "only district, state or national admins in scope investigate");
            throw ApiException.forbidden("AEFI0009", "Only a district, state or national admin in scope may change a case's status");
        }
        String to = change.status() == null ? "" : change.status().toUpperCase(Locale.ROOT);
        String from = (String) current[3];
        int step = AefiTerms.STATUSES.indexOf(to) - AefiTerms.STATUSES.indexOf(from);
        if (!AefiTerms.STATUSES.contains(to) || step != 1) {
            throw ApiException.conflict("AEFI0008", "A case in status " + from + " can only move to "
                    + (from.equals("CLASSIFIED") ? "nothing (it is closed)" : AefiTerms.STATUSES.get(AefiTerms.STATUSES.indexOf(from) + 1)));
        }
        String classification = change.classification() == null ? null : change.classification().toUpperCase(Locale.ROOT);
        if (to.equals("CLASSIFIED") && (classification == null || !AefiTerms.CLASSIFICATIONS.contains(classification))) {
            throw ApiException.badRequest("AEFI0011", "classification must be one of " + String.join(", ", AefiTerms.CLASSIFICATIONS));
        }
        if (change.notes() != null && change.notes().length() > 4000) {
            throw ApiException.badRequest("AEFI0013", "notes must be at most 4000 characters");
        }
        jdbc.sql("""
                        UPDATE aefi_report SET status = ?, classification = COALESCE(CAST(? AS TEXT), classification),
                            investigation_notes = CASE WHEN CAST(? AS TEXT) IS NULL THEN investigation_notes
                                ELSE concat_ws(E'\\n', investigation_notes, CAST(? AS TEXT)) END,
                            updated_at = ?
                        WHERE id = ?""")
                .params(to, to.equals("CLASSIFIED") ? classification : null, change.notes(), change.notes(),
                        Timestamp.from(clock.instant()), id)
                .update();
        audit.record("AEFI_STATUS", "aefi:" + id, from + " -> " + to + (classification == null ? "" : " " + classification));
        return one(id);
    }

    /** Reports and serious reports per lot (by=lot, the default) or per vaccine (by=vaccine), inside the caller's scope. */
    @GetMapping("/counts")
    Map<String, Object> counts(@RequestParam(name = "by", required = false, defaultValue = "lot") String by) {
        Where scope = scope(CurrentUser.staff().scope());
        String group = switch (by) {
            case "lot" -> "vaccine, lot_id, lot_number";
            case "vaccine" -> "vaccine";
            default -> throw ApiException.badRequest("AEFI0012", "by must be lot or vaccine");
        };
        List<Map<String, Object>> rows = jdbc.sql("SELECT " + group + ", count(*) AS reports,"
                        + " count(*) FILTER (WHERE serious) AS serious,"
                        + " count(*) FILTER (WHERE source = 'STAFF') AS from_staff,"
                        + " count(*) FILTER (WHERE source = 'CITIZEN') AS from_citizens,"
                        + " count(DISTINCT vaccination_id) AS doses_with_reports"
                        + " FROM aefi_report WHERE " + scope.sql + " GROUP BY " + group + " ORDER BY reports DESC, " + group)
                .params(scope.params)
                .query((rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("vaccine", rs.getString("vaccine"));
                    if (by.equals("lot")) {
                        m.put("lot_id", rs.getObject("lot_id"));
                        m.put("lot_number", rs.getString("lot_number"));
                    }
                    m.put("reports", rs.getLong("reports"));
                    m.put("serious", rs.getLong("serious"));
                    m.put("from_staff", rs.getLong("from_staff"));
                    m.put("from_citizens", rs.getLong("from_citizens"));
                    m.put("doses_with_reports", rs.getLong("doses_with_reports"));
                    return m;
                }).list();
        return Map.of("by", by, "counts", rows);
    }

    Map<String, Object> one(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM aefi_report WHERE id = ?").param(id).query((rs, n) -> map(rs)).single();
    }

    List<Map<String, Object>> ofBeneficiaries(List<String> beneficiaryIds) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM aefi_report WHERE beneficiary_id = ANY(?) ORDER BY reported_at DESC")
                .param(beneficiaryIds.toArray(String[]::new)).query((rs, n) -> map(rs)).list();
    }

    private record Where(String sql, List<Object> params) {
    }

    private static Where scope(StaffScope scope) {
        return switch (scope.role()) {
            case NATIONAL_ADMIN -> new Where("true", List.of());
            // A report filed at another facility than the dose's is seen by both places.
            case STATE_ADMIN -> new Where("(state_id = ? OR reporting_state_id = ?)", List.of(scope.stateId(), scope.stateId()));
            case DISTRICT_ADMIN -> new Where("(district_id = ? OR reporting_district_id = ?)",
                    List.of(scope.districtId(), scope.districtId()));
            case FACILITY_ADMIN, VACCINATOR -> new Where("(centre_id = ? OR reporting_centre_id = ?)",
                    List.of(scope.centreId(), scope.centreId()));
        };
    }

    private static Object[] concat(List<Object> first, Object... more) {
        List<Object> all = new ArrayList<>(first);
        all.addAll(Arrays.asList(more));
        return all.toArray();
    }

    private static Map<String, Object> map(ResultSet rs) throws SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("aefi_id", rs.getString("id"));
        m.put("vaccination_id", rs.getString("vaccination_id"));
        m.put("beneficiary_reference_id", rs.getString("beneficiary_id"));
        m.put("dose", rs.getInt("dose"));
        m.put("vaccine", rs.getString("vaccine"));
        m.put("lot_id", rs.getObject("lot_id"));
        m.put("lot_number", rs.getString("lot_number"));
        m.put("center_id", rs.getLong("centre_id"));
        m.put("district_id", rs.getInt("district_id"));
        m.put("onset_date", rs.getObject("onset_date", java.time.LocalDate.class).toString());
        m.put("symptoms", List.of((String[]) rs.getArray("symptoms").getArray()));
        m.put("severity", rs.getString("severity"));
        m.put("serious", rs.getBoolean("serious"));
        m.put("outcome", rs.getString("outcome"));
        m.put("description", rs.getString("description"));
        m.put("source", rs.getString("source"));
        m.put("status", rs.getString("status"));
        m.put("classification", rs.getString("classification"));
        m.put("investigation_notes", rs.getString("investigation_notes"));
        m.put("reported_at", rs.getTimestamp("reported_at").toInstant().toString());
        Long reportingCentre = (Long) rs.getObject("reporting_centre_id");
        m.put("reporting_center_id", reportingCentre);
        m.put("reporting_district_id", rs.getObject("reporting_district_id"));
        m.put("reported_elsewhere", reportingCentre != null && reportingCentre != rs.getLong("centre_id"));
        return m;
    }
}
