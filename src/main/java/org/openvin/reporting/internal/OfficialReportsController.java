package org.openvin.reporting.internal;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.openvin.identity.CurrentUser;
import org.openvin.identity.Role;
import org.openvin.identity.StaffPrincipal;
import org.openvin.platform.ApiException;
import org.openvin.platform.AuditTrail;
import org.openvin.profile.CountryProfile;
import org.openvin.profile.ProfileDocument.Vaccine;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Officials' reports, each limited to the official's scope and downloadable as CSV: coverage,
 * dropouts (dose 1 without the next dose past the maximum interval: the people to call back) and
 * the line list of every dose, streamed row by row so a district of millions never sits in memory.
 * Every export of personal data is audited.
 */
@RestController
@RequestMapping("/api/v2/admin/reports")
class OfficialReportsController {

    private final ReportQueries reports;
    private final JdbcClient jdbc;
    private final JdbcTemplate streaming;
    private final CountryProfile profile;
    private final AuditTrail audit;
    private final Clock clock;

    OfficialReportsController(ReportQueries reports, JdbcClient jdbc, ExportReads exports, CountryProfile profile,
                              AuditTrail audit, Clock clock) {
        this.reports = reports;
        this.jdbc = jdbc;
        this.streaming = exports.streaming();
        this.profile = profile;
        this.audit = audit;
        this.clock = clock;
    }

    /** The region the official asks about, which must lie in their scope: a state or a district. */
    private record Area(Integer stateId, Integer districtId) {
    }

    private Area area(Integer stateId, Integer districtId) {
        StaffPrincipal staff = CurrentUser.staff();
        if (!staff.role().isAdmin() || staff.role() == Role.FACILITY_ADMIN) {
            throw ApiException.forbidden("REPORT0010", "Reports are for district, state and national officials");
        }
        if (districtId != null) {
            int asked = districtId;
            var district = profile.district(asked)
                    .orElseThrow(() -> ApiException.badRequest("REPORT0003", "Unknown district_id " + asked));
            stateId = district.stateId();
        } else if (stateId != null && profile.state(stateId).isEmpty()) {
            throw ApiException.badRequest("REPORT0003", "Unknown state_id");
        }
        if (stateId == null && staff.role() != Role.NATIONAL_ADMIN) {
            stateId = staff.scope().stateId();
            districtId = staff.scope().districtId();
        }
        if (!staff.scope().covers(stateId, districtId, null)) {
            audit.refused("REPORT", "state:" + stateId + " district:" + districtId, "outside the official's scope");
            throw ApiException.forbidden("REPORT0011", "That region is outside your scope");
        }
        return new Area(stateId, districtId);
    }

    @GetMapping("/coverage")
    Object coverage(@RequestParam(required = false) Integer state_id, @RequestParam(required = false) Integer district_id,
                    @RequestParam(required = false) String format) {
        Area area = area(state_id, district_id);
        var rows = reports.byRegion(area.stateId()).stream()
                .filter(r -> area.districtId() == null || r.id() == area.districtId())
                .toList();
        return PublicReportsController.answer(rows, ReportQueries.Region.class, "regions", format);
    }

    record Dropout(String beneficiary_reference_id, String name, String mobile_number, String vaccine, String dose1_date,
                   String due_by, long center_id, String center_name) {
    }

    @GetMapping("/dropouts")
    @Transactional
    Object dropouts(@RequestParam(required = false) Integer state_id, @RequestParam(required = false) Integer district_id,
                    @RequestParam(required = false) String format) {
        Area area = area(state_id, district_id);
        LocalDate today = LocalDate.now(clock.withZone(profile.zone()));
        List<Dropout> rows = new java.util.ArrayList<>();
        for (Vaccine vaccine : profile.vaccines()) {
            if (vaccine.doses() < 2) {
                continue;
            }
            rows.addAll(jdbc.sql("""
                            SELECT v.beneficiary_id, b.name, a.mobile, v.vaccine, v.vaccinated_on, c.id AS centre_id, c.name AS centre
                            FROM vaccination v
                            JOIN centre c ON c.id = v.centre_id
                            JOIN beneficiary b ON b.reference_id = v.beneficiary_id
                            JOIN citizen_account a ON a.id = b.account_id
                            WHERE v.dose = 1 AND v.vaccine = :vaccine AND v.vaccinated_on < :cutoff
                              AND (:state::int IS NULL OR c.state_id = :state::int)
                              AND (:district::int IS NULL OR c.district_id = :district::int)
                              AND NOT EXISTS (SELECT 1 FROM vaccination w WHERE w.beneficiary_id = v.beneficiary_id AND w.dose = 2)
                            ORDER BY v.vaccinated_on""")
                    .param("vaccine", vaccine.name()).param("cutoff", today.minusDays(vaccine.maxIntervalDays()))
                    .param("state", area.stateId()).param("district", area.districtId())
                    .query((rs, n) -> new Dropout(rs.getString("beneficiary_id"), rs.getString("name"), rs.getString("mobile"),
                            rs.getString("vaccine"), rs.getObject("vaccinated_on", LocalDate.class).toString(),
                            rs.getObject("vaccinated_on", LocalDate.class).plusDays(vaccine.maxIntervalDays()).toString(),
                            rs.getLong("centre_id"), rs.getString("centre")))
                    .list());
        }
        audit.record("REPORT_DROPOUTS", "state:" + area.stateId() + " district:" + area.districtId(), rows.size() + " rows");
        return PublicReportsController.answer(rows, Dropout.class, "dropouts", format);
    }

    record Wastage(String vaccine, String lot_number, String reason, long doses) {
    }

    /** Doses wasted in the region, by vaccine, lot and reason (from the stock ledger). */
    @GetMapping("/wastage")
    Object wastage(@RequestParam(required = false) Integer state_id, @RequestParam(required = false) Integer district_id,
                   @RequestParam(required = false) String format) {
        Area area = area(state_id, district_id);
        var rows = jdbc.sql("""
                        SELECT l.vaccine, l.lot_number, s.reason, -sum(s.doses_delta) AS doses
                        FROM stock_ledger s
                        JOIN stock_lot l ON l.id = s.lot_id
                        JOIN centre c ON c.id = s.centre_id
                        WHERE s.reason LIKE 'WASTED%'
                          AND (:state::int IS NULL OR c.state_id = :state::int)
                          AND (:district::int IS NULL OR c.district_id = :district::int)
                        GROUP BY l.vaccine, l.lot_number, s.reason ORDER BY l.vaccine, l.lot_number, s.reason""")
                .param("state", area.stateId()).param("district", area.districtId())
                .query((rs, n) -> new Wastage(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4))).list();
        return PublicReportsController.answer(rows, Wastage.class, "wastage", format);
    }

    record AefiCount(String vaccine, String lot_number, long reports, long serious, long doses_given) {
    }

    /** Adverse events in the region by vaccine and lot, next to the doses given from each lot (signal detection). */
    @GetMapping("/aefi")
    Object aefi(@RequestParam(required = false) Integer state_id, @RequestParam(required = false) Integer district_id,
                @RequestParam(required = false) String format) {
        Area area = area(state_id, district_id);
        var rows = jdbc.sql("""
                        SELECT a.vaccine, a.lot_number, count(*) AS reports, count(*) FILTER (WHERE a.serious) AS serious,
                               (SELECT count(*) FROM vaccination v WHERE v.vaccine = a.vaccine AND v.batch = a.lot_number) AS given
                        FROM aefi_report a
                        WHERE (:state::int IS NULL OR a.state_id = :state::int)
                          AND (:district::int IS NULL OR a.district_id = :district::int)
                        GROUP BY a.vaccine, a.lot_number ORDER BY a.vaccine, a.lot_number""")
                .param("state", area.stateId()).param("district", area.districtId())
                .query((rs, n) -> new AefiCount(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)))
                .list();
        return PublicReportsController.answer(rows, AefiCount.class, "aefi", format);
    }

    /**
     * Every dose in the region as CSV, streamed from a database cursor to the client, through the
     * exports' own connections ({@link ExportReads}); the audit row is committed before the first line.
     */
    @GetMapping("/line-list")
    void lineList(@RequestParam(required = false) Integer state_id, @RequestParam(required = false) Integer district_id,
                  HttpServletResponse response) throws IOException {
        Area area = area(state_id, district_id);
        audit.record("EXPORT_LINE_LIST", "state:" + area.stateId() + " district:" + area.districtId(), null);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"line-list.csv\"");
        response.setHeader("Cache-Control", "no-store");
        Writer out = new java.io.BufferedWriter(new java.io.OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8),
                64 * 1024);
        out.write("vaccination_id,beneficiary_reference_id,name,birth_year,vaccine,batch,dose,total_doses,vaccinated_on,"
                + "center_id,center_name,district_id,vaccinator\r\n");
        streaming.query("""
                        SELECT v.id, v.beneficiary_id, b.name, b.birth_year, v.vaccine, v.batch, v.dose, v.total_doses,
                               v.vaccinated_on, c.id AS centre_id, c.name AS centre, c.district_id, v.staff_name
                        FROM vaccination v
                        JOIN centre c ON c.id = v.centre_id
                        LEFT JOIN beneficiary b ON b.reference_id = v.beneficiary_id
                        WHERE (?::int IS NULL OR c.state_id = ?::int) AND (?::int IS NULL OR c.district_id = ?::int)""",
                rs -> {
                    try {
                        out.write(rs.getString(1) + ',' + rs.getString(2) + ',' + Csv.field(rs.getString(3)) + ','
                                + rs.getInt(4) + ',' + Csv.field(rs.getString(5)) + ',' + Csv.field(rs.getString(6)) + ','
                                + rs.getInt(7) + ',' + rs.getInt(8) + ',' + rs.getString(9) + ',' + rs.getLong(10) + ','
                                + Csv.field(rs.getString(11)) + ',' + rs.getInt(12) + ',' + Csv.field(rs.getString(13)) + "\r\n");
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                },
                area.stateId(), area.stateId(), area.districtId(), area.districtId());
        out.flush();
    }
}
