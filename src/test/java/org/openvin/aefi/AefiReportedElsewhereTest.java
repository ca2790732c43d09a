package org.openvin.aefi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.Citizens;
import org.openvin.OpenVinTest;
import org.openvin.pages.PageVisitor;
import org.openvin.vaccination.PointOfCare;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;

/**
 * A report filed by the staff of another facility than the one that gave the dose is accepted,
 * marked with the reporting facility and shown as such to both districts.
 */
@OpenVinTest
class AefiReportedElsewhereTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PasswordEncoder passwords;

    private Api admin(Api api, String username, int district) {
        jdbc.sql("""
                        INSERT INTO staff_account (username, password_hash, name, role, state_id, district_id)
                        VALUES (?, ?, ?, 'DISTRICT_ADMIN', 21, ?)""")
                .params(username, passwords.encode("secret-pass-123"), "Admin " + username, district).update();
        return Citizens.staff(api, username, "secret-pass-123");
    }

    private static List<String> ids(Api.Answer answer) {
        List<String> ids = new ArrayList<>();
        answer.json().get("reports").forEach(r -> ids.add(r.get("aefi_id").asString()));
        return ids;
    }

    @Test
    void aReportFromAnotherFacilityIsMarkedAndSeenByBothDistricts() {
        Api api = new Api(port);
        long givingCentre = PointOfCare.centre(jdbc); // Mumbai, district 395
        long reportingCentre = 870_001;
        jdbc.sql("INSERT INTO centre (id, name, address, state_id, district_id, pincode) VALUES (?, 'Palghar Clinic', 'Station Road', 21, 394, '401404')")
                .param(reportingCentre).update();
        Api giver = PointOfCare.staff(api, jdbc, passwords, "VACCINATOR", givingCentre);
        String ref = PointOfCare.beneficiary(Citizens.login(api, Citizens.newMobile()), "Travelling Patient", "1980");
        var recorded = PointOfCare.record(giver, PointOfCare.dose(ref, null, givingCentre, "COVAXIN", 1));
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);

        jdbc.sql("""
                        INSERT INTO staff_account (username, password_hash, name, role, state_id, district_id, centre_id)
                        VALUES ('palghar.vaccinator', ?, 'Palghar Vaccinator', 'VACCINATOR', 21, 394, ?)""")
                .params(passwords.encode("secret-pass-123"), reportingCentre).update();
        Api elsewhere = Citizens.staff(api, "palghar.vaccinator", "secret-pass-123");
        Map<String, Object> report = new HashMap<>();
        report.put("vaccination_id", recorded.json().get("vaccination_id").asString());
        report.put("onset_date", LocalDate.now(ZoneId.of("Asia/Kolkata")).toString());
        report.put("symptoms", List.of("SEIZURE"));
        report.put("severity", "SEVERE");
        report.put("serious", true);
        report.put("outcome", "RECOVERING");
        var filed = elsewhere.post("/api/v2/vaccinator/aefi", report);
        assertThat(filed.status()).as(filed.body()).isEqualTo(201);
        JsonNode r = filed.json();
        assertThat(r.get("center_id").asLong()).isEqualTo(givingCentre);
        assertThat(r.get("district_id").asInt()).isEqualTo(395);
        assertThat(r.get("reporting_center_id").asLong()).isEqualTo(reportingCentre);
        assertThat(r.get("reporting_district_id").asInt()).isEqualTo(394);
        assertThat(r.get("reported_elsewhere").asBoolean()).isTrue();
        String id = r.get("aefi_id").asString();

        Api dosesDistrict = admin(api, "mumbai.aefi.admin", 395);
        Api reportersDistrict = admin(api, "palghar.aefi.admin", 394);
        Api neither = admin(api, "latur.aefi.admin", 393);
        assertThat(ids(dosesDistrict.get("/api/v2/admin/aefi/flagged"))).contains(id);
        assertThat(ids(reportersDistrict.get("/api/v2/admin/aefi"))).contains(id);
        assertThat(ids(reportersDistrict.get("/api/v2/admin/aefi/flagged"))).contains(id);
        assertThat(ids(neither.get("/api/v2/admin/aefi"))).doesNotContain(id);
        assertThat(ids(elsewhere.get("/api/v2/admin/aefi"))).contains(id);
        // The dose's district investigates; the reporter's district sees the case but does not move it.
        assertThat(reportersDistrict.post("/api/v2/admin/aefi/" + id + "/status", Map.of("status", "INVESTIGATED")).status())
                .isEqualTo(403);
        assertThat(dosesDistrict.post("/api/v2/admin/aefi/" + id + "/status", Map.of("status", "INVESTIGATED")).status())
                .isEqualTo(200);

        // A report from the dose's own facility is not marked.
        var sameReport = new HashMap<>(report);
        sameReport.put("serious", false);
        sameReport.put("severity", "MILD");
        var same = giver.post("/api/v2/vaccinator/aefi", sameReport);
        assertThat(same.status()).as(same.body()).isEqualTo(201);
        assertThat(same.json().get("reported_elsewhere").asBoolean()).isFalse();

        for (String username : List.of("palghar.aefi.admin", "mumbai.aefi.admin")) {
            PageVisitor page = new PageVisitor(port);
            page.get("/staff/login");
            page.post("/staff/login", Map.of("username", username, "password", "secret-pass-123"));
            var cases = page.get("/staff/aefi");
            assertThat(cases.status()).isEqualTo(200);
            assertThat(cases.body()).as(username)
                    .contains("Reported by the staff of centre " + reportingCentre + " (district 394), not by the centre that gave the dose (district 395).");
        }
    }
}
