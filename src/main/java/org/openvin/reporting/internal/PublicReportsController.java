package org.openvin.reporting.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openvin.identity.Beneficiaries;
import org.openvin.platform.ApiException;
import org.openvin.profile.CountryProfile;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Open data: the public aggregates as JSON or CSV ({@code format=csv}), no personal data,
 * cacheable for a few seconds so the dashboard and third parties can poll cheaply.
 */
@RestController
@RequestMapping("/api/v2/public/reports")
class PublicReportsController {

    static final CacheControl CACHE = CacheControl.maxAge(Duration.ofSeconds(5)).cachePublic();

    private final ReportQueries reports;
    private final Beneficiaries beneficiaries;
    private final CountryProfile profile;
    private final Clock clock;
    private final org.openvin.scheduling.Appointments appointments;

    PublicReportsController(ReportQueries reports, Beneficiaries beneficiaries, CountryProfile profile, Clock clock,
                            org.openvin.scheduling.Appointments appointments) {
        this.appointments = appointments;
        this.reports = reports;
        this.beneficiaries = beneficiaries;
        this.profile = profile;
        this.clock = clock;
    }

    @GetMapping("/summary")
    ResponseEntity<Map<String, Object>> summary() {
        LocalDate today = LocalDate.now(clock.withZone(profile.zone()));
        var total = reports.totals(null, null, null);
        var todays = reports.totals(today, null, null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("date", today.toString());
        body.put("total_doses", total.doses());
        body.put("first_doses", total.firstDoses());
        body.put("fully_vaccinated", total.fullyVaccinated());
        body.put("today_doses", todays.doses());
        body.put("registrations", beneficiaries.countRegistered());
        body.put("open_appointments", appointments.countOpen(null));
        body.put("as_of", clock.instant().toString());
        return ResponseEntity.ok().cacheControl(CACHE).body(body);
    }

    @GetMapping("/by-day")
    ResponseEntity<?> byDay(@RequestParam(defaultValue = "30") int days, @RequestParam(required = false) Integer state_id,
                            @RequestParam(required = false) String format) {
        if (days < 1 || days > 366) {
            throw ApiException.badRequest("REPORT0001", "days must be between 1 and 366");
        }
        LocalDate today = LocalDate.now(clock.withZone(profile.zone()));
        return answer(reports.byDay(today.minusDays(days - 1L), today, checkedState(state_id)), ReportQueries.Day.class,
                "days", format);
    }

    @GetMapping("/by-region")
    ResponseEntity<?> byRegion(@RequestParam(required = false) Integer state_id, @RequestParam(required = false) String format) {
        return answer(reports.byRegion(checkedState(state_id)), ReportQueries.Region.class, "regions", format);
    }

    @GetMapping("/by/{dimension}")
    ResponseEntity<?> by(@PathVariable String dimension, @RequestParam(required = false) Integer state_id,
                         @RequestParam(required = false) String format) {
        if (!List.of("age-group", "gender", "vaccine", "dose").contains(dimension)) {
            throw ApiException.notFound("REPORT0002", "Reports exist by age-group, gender, vaccine and dose");
        }
        return answer(reports.by(dimension, checkedState(state_id)), ReportQueries.Share.class, "rows", format);
    }

    private Integer checkedState(Integer stateId) {
        if (stateId != null && profile.state(stateId).isEmpty()) {
            throw ApiException.badRequest("REPORT0003", "Unknown state_id " + stateId);
        }
        return stateId;
    }

    static ResponseEntity<?> answer(List<? extends Record> rows, Class<? extends Record> type, String name, String format) {
        if (format == null || format.equals("json")) {
            return ResponseEntity.ok().cacheControl(CACHE).body(Map.of(name, rows));
        }
        if (format.equals("csv")) {
            return ResponseEntity.ok().cacheControl(CACHE).contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                    .header("Content-Disposition", "attachment; filename=\"" + name + ".csv\"")
                    .body(Csv.of(rows, type));
        }
        throw ApiException.badRequest("REPORT0004", "format must be json or csv");
    }
}
