package org.openvin.aefi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.Citizens;
import org.openvin.OpenVinTest;
import org.openvin.vaccination.PointOfCare;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;

@OpenVinTest
class AefiTest {

    private static final AtomicInteger nextLot = new AtomicInteger();

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PasswordEncoder passwords;

    Api api;
    Api citizen;
    Api vaccinator;
    Api districtAdmin;
    long centre;
    String lot;
    long lotId;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        citizen = Citizens.login(api, Citizens.newMobile());
        centre = PointOfCare.unstockedCentre(jdbc);
        lot = "AEFI-" + System.nanoTime() % 1_000_000 + "-" + nextLot.incrementAndGet();
        lotId = PointOfCare.receive(jdbc, centre, "COVAXIN", lot, 10);
        vaccinator = PointOfCare.staff(api, jdbc, passwords, "VACCINATOR", centre);
        districtAdmin = PointOfCare.staff(api, jdbc, passwords, "DISTRICT_ADMIN", centre); // district 395
    }

    /** Registers a beneficiary of the test citizen and gives dose 1 from the test lot; returns {ref, vaccination id}. */
    private String[] vaccinated(String name) {
        String ref = PointOfCare.beneficiary(citizen, name, "1980");
        var body = PointOfCare.dose(ref, null, centre, "COVAXIN", 1);
        body.put("vaccine_batch", lot);
        var recorded = PointOfCare.record(vaccinator, body);
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
        return new String[] {ref, recorded.json().get("vaccination_id").asString()};
    }

    private static String today() {
        return LocalDate.now(ZoneId.of("Asia/Kolkata")).toString();
    }

    private static Map<String, Object> event(List<String> symptoms, String severity, boolean serious, String outcome) {
        Map<String, Object> body = new HashMap<>();
        body.put("onset_date", today());
        body.put("symptoms", symptoms);
        body.put("severity", severity);
        body.put("serious", serious);
        body.put("outcome", outcome);
        return body;
    }

    private JsonNode countFor(JsonNode counts, String field, String value) {
        for (JsonNode c : counts.get("counts")) {
            if (value.equals(c.get(field).asString())) {
                return c;
            }
        }
        throw new AssertionError("no count for " + value + " in " + counts);
    }

    @Test
    void reportsByAVaccinatorAndByACitizenAreLinkedToTheDoseAndLotAndCounted() {
        String[] first = vaccinated("Fever Case");
        String[] second = vaccinated("Allergy Case");

        var staffReport = new HashMap<>(event(List.of("FEVER", "injection_site_reaction"), "MILD", false, "RECOVERED"));
        staffReport.put("vaccination_id", first[1]);
        var byStaff = vaccinator.post("/api/v2/vaccinator/aefi", staffReport);
        assertThat(byStaff.status()).as(byStaff.body()).isEqualTo(201);
        assertThat(byStaff.json().get("vaccination_id").asString()).isEqualTo(first[1]);
        assertThat(byStaff.json().get("lot_number").asString()).isEqualTo(lot);
        assertThat(byStaff.json().get("lot_id").asLong()).isEqualTo(lotId);
        assertThat(byStaff.json().get("source").asString()).isEqualTo("STAFF");

        var selfReport = new HashMap<>(event(List.of("ANAPHYLAXIS"), "SEVERE", true, "RECOVERING"));
        selfReport.put("beneficiary_reference_id", second[0]);
        selfReport.put("dose", 1);
        var byCitizen = citizen.post("/api/v2/registration/aefi", selfReport);
        assertThat(byCitizen.status()).as(byCitizen.body()).isEqualTo(201);
        assertThat(byCitizen.json().get("vaccination_id").asString()).isEqualTo(second[1]);
        assertThat(byCitizen.json().get("lot_id").asLong()).isEqualTo(lotId);
        assertThat(byCitizen.json().get("source").asString()).isEqualTo("CITIZEN");

        var perLot = districtAdmin.get("/api/v2/admin/aefi/counts?by=lot");
        assertThat(perLot.status()).as(perLot.body()).isEqualTo(200);
        JsonNode lotCount = countFor(perLot.json(), "lot_number", lot);
        assertThat(lotCount.get("lot_id").asLong()).isEqualTo(lotId);
        assertThat(lotCount.get("reports").asInt()).isEqualTo(2);
        assertThat(lotCount.get("serious").asInt()).isEqualTo(1);
        assertThat(lotCount.get("from_staff").asInt()).isEqualTo(1);
        assertThat(lotCount.get("from_citizens").asInt()).isEqualTo(1);
        JsonNode vaccineCount = countFor(districtAdmin.get("/api/v2/admin/aefi/counts?by=vaccine").json(), "vaccine", "COVAXIN");
        assertThat(vaccineCount.get("reports").asInt()).isGreaterThanOrEqualTo(2);

        var own = citizen.get("/api/v2/registration/aefi");
        assertThat(own.status()).as(own.body()).isEqualTo(200);
        assertThat(own.json().get("reports")).hasSize(2);
        var flagged = districtAdmin.get("/api/v2/admin/aefi/flagged");
        assertThat(flagged.status()).as(flagged.body()).isEqualTo(200);
        List<String> flaggedDoses = new ArrayList<>();
        flagged.json().get("reports").forEach(r -> flaggedDoses.add(r.get("vaccination_id").asString()));
        assertThat(flaggedDoses).contains(second[1]).doesNotContain(first[1]);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'AEFI_SERIOUS_FLAGGED' AND subject = 'district:395'")
                .query(Integer.class).single()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aSeriousCaseIsInvestigatedThenClassifiedByTheDistrict() {
        String[] dose = vaccinated("Serious Case");
        var report = new HashMap<>(event(List.of("SEIZURE"), "SEVERE", true, "RECOVERING"));
        report.put("vaccination_id", dose[1]);
        String id = vaccinator.post("/api/v2/vaccinator/aefi", report).json().get("aefi_id").asString();
        String path = "/api/v2/admin/aefi/" + id + "/status";

        Api facilityAdmin = PointOfCare.staff(api, jdbc, passwords, "FACILITY_ADMIN", centre);
        var notTheirs = facilityAdmin.post(path, Map.of("status", "INVESTIGATED"));
        assertThat(notTheirs.status()).isEqualTo(403);
        assertThat(notTheirs.json().get("errorCode").asString()).isEqualTo("AEFI0009");
        var skip = districtAdmin.post(path, Map.of("status", "CLASSIFIED", "classification", "C_COINCIDENTAL"));
        assertThat(skip.status()).isEqualTo(409);
        assertThat(skip.json().get("errorCode").asString()).isEqualTo("AEFI0008");

        var investigated = districtAdmin.post(path, Map.of("status", "INVESTIGATED", "notes", "Hospital records obtained"));
        assertThat(investigated.status()).as(investigated.body()).isEqualTo(200);
        assertThat(investigated.json().get("status").asString()).isEqualTo("INVESTIGATED");
        var unclassified = districtAdmin.post(path, Map.of("status", "CLASSIFIED"));
        assertThat(unclassified.status()).isEqualTo(400);
        assertThat(unclassified.json().get("errorCode").asString()).isEqualTo("AEFI0011");
        var classified = districtAdmin.post(path, Map.of("status", "CLASSIFIED", "classification", "b1_indeterminate_consistent"));
        assertThat(classified.status()).as(classified.body()).isEqualTo(200);
        assertThat(classified.json().get("classification").asString()).isEqualTo("B1_INDETERMINATE_CONSISTENT");
        assertThat(classified.json().get("investigation_notes").asString()).contains("Hospital records obtained");
        assertThat(districtAdmin.post(path, Map.of("status", "INVESTIGATED")).status()).isEqualTo(409);

        List<String> open = new ArrayList<>();
        districtAdmin.get("/api/v2/admin/aefi/flagged").json().get("reports").forEach(r -> open.add(r.get("aefi_id").asString()));
        assertThat(open).doesNotContain(id);
        var listed = districtAdmin.get("/api/v2/admin/aefi?status=CLASSIFIED&lot_id=" + lotId);
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        assertThat(listed.json().get("reports")).hasSize(1);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'AEFI_STATUS' AND subject = ?")
                .param("aefi:" + id).query(Integer.class).single()).isEqualTo(3); // two changes, one refusal
    }

    @Test
    void aCitizenReportsOnlyForTheirOwnBeneficiariesDoses() {
        String[] dose = vaccinated("Someone Else's");
        Api stranger = Citizens.login(api, Citizens.newMobile());
        var report = new HashMap<>(event(List.of("FEVER"), "MILD", false, "RECOVERED"));
        report.put("vaccination_id", dose[1]);
        var answer = stranger.post("/api/v2/registration/aefi", report);
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().get("errorCode").asString()).isEqualTo("AEFI0001");
        assertThat(stranger.get("/api/v2/registration/aefi").json().get("reports")).isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM aefi_report WHERE vaccination_id = ?::uuid").param(dose[1])
                .query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'AEFI_REPORT' AND outcome = 'REFUSED'")
                .query(Integer.class).single()).isGreaterThanOrEqualTo(1);
        // Staff of another district see neither the case nor its counts; citizens cannot reach the admin API.
        assertThat(citizen.get("/api/v2/admin/aefi").status()).isEqualTo(403);
        assertThat(citizen.post("/api/v2/vaccinator/aefi", report).status()).isEqualTo(403);
    }

    @Test
    void badReportsAreRefusedWithAnErrorCode() {
        String[] dose = vaccinated("Bad Report");
        List<Map<String, Object>> bad = new ArrayList<>();
        Map<String, Object> good = new HashMap<>(event(List.of("FEVER"), "MILD", false, "RECOVERED"));
        good.put("vaccination_id", dose[1]);
        bad.add(with(good, "vaccination_id", "not-a-uuid"));
        bad.add(with(good, "vaccination_id", "00000000-0000-0000-0000-000000000000"));
        bad.add(with(good, "vaccination_id", null));
        bad.add(with(good, "onset_date", "yesterday"));
        bad.add(with(good, "onset_date", LocalDate.now().minusYears(1).toString()));
        bad.add(with(good, "onset_date", LocalDate.now().plusDays(5).toString()));
        bad.add(with(good, "symptoms", List.of()));
        bad.add(with(good, "symptoms", List.of("HICCUPS")));
        bad.add(with(good, "severity", "TERRIBLE"));
        bad.add(with(good, "outcome", "FINE"));
        bad.add(with(good, "serious", null));
        bad.add(with(good, "description", "x".repeat(2001)));
        List<Api.Answer> answers = new ArrayList<>();
        for (Map<String, Object> body : bad) {
            answers.add(vaccinator.post("/api/v2/vaccinator/aefi", body));
        }
        answers.add(vaccinator.post("/api/v2/vaccinator/aefi", "{not json"));
        answers.add(citizen.post("/api/v2/registration/aefi", with(with(good, "vaccination_id", null), "beneficiary_reference_id", "123")));
        answers.add(districtAdmin.get("/api/v2/admin/aefi?status=LOST"));
        answers.add(districtAdmin.get("/api/v2/admin/aefi/counts?by=district"));
        answers.add(districtAdmin.post("/api/v2/admin/aefi/00000000-0000-0000-0000-000000000000/status", Map.of("status", "INVESTIGATED")));
        answers.add(districtAdmin.post("/api/v2/admin/aefi/not-a-uuid/status", Map.of("status", "INVESTIGATED")));
        assertThat(answers).allSatisfy(a -> {
            assertThat(a.status()).as(a.body()).isBetween(400, 499);
            assertThat(a.json().get("errorCode").asString()).isNotBlank();
        });
        assertThat(jdbc.sql("SELECT count(*) FROM aefi_report WHERE vaccination_id = ?::uuid").param(dose[1])
                .query(Integer.class).single()).isZero();
        var terms = api.get("/api/v2/public/aefi/terms");
        assertThat(terms.status()).isEqualTo(200);
        assertThat(terms.json().get("symptoms").toString()).contains("ANAPHYLAXIS");
    }

    private static Map<String, Object> with(Map<String, Object> body, String key, Object value) {
        Map<String, Object> copy = new HashMap<>(body);
        if (value == null) {
            copy.remove(key);
        } else {
            copy.put(key, value);
        }
        return copy;
    }
}
