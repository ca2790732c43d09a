package org.openvin.vaccination;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.Citizens;
import org.openvin.OpenVinTest;
import org.openvin.TestClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

@OpenVinTest
class RecordingDoseTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PasswordEncoder passwords;

    Api api;
    Api citizen;
    long centre;
    UUID covaxinSession;
    Api vaccinator;
    Api facilityAdmin;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        citizen = Citizens.login(api, Citizens.newMobile());
        centre = PointOfCare.centre(jdbc);
        covaxinSession = PointOfCare.session(jdbc, centre, "COVAXIN", 18, null);
        vaccinator = PointOfCare.staff(api, jdbc, passwords, "VACCINATOR", centre);
        facilityAdmin = PointOfCare.staff(api, jdbc, passwords, "FACILITY_ADMIN", centre);
    }

    @AfterEach
    void resetClock() {
        TestClock.reset();
    }

    private int count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Integer.class).single();
    }

    private String status(String ref) {
        return jdbc.sql("SELECT vaccination_status FROM beneficiary WHERE reference_id = ?").param(ref).query(String.class).single();
    }

    private static String code(Api.Answer answer) {
        return answer.json().get("errorCode").asString();
    }

    @Test
    void recordsBothDosesAndTheStatusFollows() {
        String ref = PointOfCare.beneficiary(citizen, "Meena Kumari", "1985");
        var first = PointOfCare.record(vaccinator, PointOfCare.dose(ref, covaxinSession, null, "COVAXIN", 1));
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(first.json().get("vaccination_id").asString()).isNotBlank();
        assertThat(first.json().get("certificate_id").asString()).matches("URN:UVCI:01:IN:[0-9A-F]{32}#.");
        assertThat(status(ref)).isEqualTo("Partially Vaccinated");

        TestClock.advance(java.time.Duration.ofDays(30));
        vaccinator = PointOfCare.staff(api, jdbc, passwords, "VACCINATOR", centre); // tokens expired with the clock
        var second = PointOfCare.record(vaccinator, PointOfCare.dose(ref, null, centre, "COVAXIN", 2));
        assertThat(second.status()).as(second.body()).isEqualTo(201);
        assertThat(status(ref)).isEqualTo("Vaccinated");
        assertThat(count("SELECT count(*) FROM vaccination WHERE beneficiary_id = ?", ref)).isEqualTo(2);
    }

    @Test
    void closesTheBookedAppointment() {
        String ref = PointOfCare.beneficiary(citizen, "Appointment Holder", "1980");
        jdbc.sql("""
                        INSERT INTO appointment (appointment_id, beneficiary_id, account_id, confirmation_no, session_id, slot_position, dose)
                        SELECT ?, reference_id, account_id, 'CONF12345', ?, 0, 1 FROM beneficiary WHERE reference_id = ?""")
                .params(UUID.randomUUID(), covaxinSession, ref).update();
        var found = vaccinator.get("/api/v2/vaccinator/beneficiaries/findByConfirmationNumber?confirmation_number=CONF12345");
        assertThat(found.status()).as(found.body()).isEqualTo(200);
        assertThat(found.json().get("beneficiaries").get(0).get("beneficiary_reference_id").asString()).isEqualTo(ref);
        assertThat(PointOfCare.record(vaccinator, PointOfCare.dose(ref, covaxinSession, null, "COVAXIN", 1)).status()).isEqualTo(201);
        assertThat(jdbc.sql("SELECT status FROM appointment WHERE beneficiary_id = ?").param(ref).query(String.class).single())
                .isEqualTo("VACCINATED");
    }

    @Test
    void theSameKeyRecordsOnceSequentiallyAndConcurrently() throws Exception {
        String ref = PointOfCare.beneficiary(citizen, "Idem Potent", "1980");
        var body = PointOfCare.dose(ref, covaxinSession, null, "COVAXIN", 1);
        Api keyed = vaccinator.with("Idempotency-Key", "key-" + UUID.randomUUID());
        var first = keyed.post("/api/v2/vaccinator/vaccinations", body);
        var again = keyed.post("/api/v2/vaccinator/vaccinations", body);
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).as(again.body()).isEqualTo(201);
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(count("SELECT count(*) FROM vaccination WHERE beneficiary_id = ?", ref)).isEqualTo(1);

        var different = keyed.post("/api/v2/vaccinator/vaccinations", PointOfCare.dose(ref, covaxinSession, null, "COVAXIN", 2));
        assertThat(different.status()).isEqualTo(409);
        assertThat(code(different)).isEqualTo("IDEMPOTENCY_KEY_REUSED");

        String ref2 = PointOfCare.beneficiary(citizen, "Race Condition", "1980");
        var body2 = PointOfCare.dose(ref2, covaxinSession, null, "COVAXIN", 1);
        Api raced = vaccinator.with("Idempotency-Key", "race-" + UUID.randomUUID());
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Callable<Api.Answer>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(() -> raced.post("/api/v2/vaccinator/vaccinations", body2));
        }
        List<Api.Answer> answers = new ArrayList<>();
        for (Future<Api.Answer> f : pool.invokeAll(calls)) {
            answers.add(f.get());
        }
        pool.shutdown();
        assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(a.body()).isEqualTo(201));
        assertThat(answers.stream().map(a -> a.json().get("vaccination_id").asString()).distinct()).hasSize(1);
        assertThat(count("SELECT count(*) FROM vaccination WHERE beneficiary_id = ?", ref2)).isEqualTo(1);
        long deadline = System.currentTimeMillis() + 10_000;
        while (count("SELECT count(*) FROM certificate WHERE beneficiary_id = ?", ref2) == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(count("SELECT count(*) FROM certificate WHERE beneficiary_id = ?", ref2)).isEqualTo(1);

        var noKey = vaccinator.post("/api/v2/vaccinator/vaccinations", body2);
        assertThat(noKey.status()).isEqualTo(400);
        assertThat(code(noKey)).isEqualTo("VACCIN0012");
    }

    @Test
    void manyRefusalsAtOnceAreEachAnsweredAndAudited() throws Exception {
        // More refused doses at once than the pool has connections: each refusal is audited
        // while the dose's own transaction holds a connection.
        String ref = PointOfCare.beneficiary(citizen, "Storm Refused", "1980");
        int calls = 60;
        List<Callable<Api.Answer>> refused = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            refused.add(() -> PointOfCare.record(vaccinator, PointOfCare.dose(ref, null, centre, "COVAXIN", 2)));
        }
        List<Api.Answer> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<Api.Answer> f : pool.invokeAll(refused)) {
                answers.add(f.get());
            }
        }
        assertThat(answers).allSatisfy(a -> {
            assertThat(a.status()).as(a.body()).isEqualTo(400);
            assertThat(code(a)).isEqualTo("VACCIN0001");
        });
        assertThat(count("SELECT count(*) FROM audit_event WHERE action = 'DOSE_RECORD' AND outcome = 'REFUSED' AND subject = ?",
                "beneficiary:" + ref)).isEqualTo(calls);
    }

    @Test
    void everyDoseRuleIsRefusedWithItsCode() {
        String ref = PointOfCare.beneficiary(citizen, "Rule Breaker", "1980");
        Map<String, String> refusals = new java.util.LinkedHashMap<>();
        refusals.put("dose 2 first", code(PointOfCare.record(vaccinator, PointOfCare.dose(ref, null, centre, "COVAXIN", 2))));
        refusals.put("unknown", code(PointOfCare.record(vaccinator, PointOfCare.dose(ref, null, centre, "SPUTNIK", 1))));
        refusals.put("session vaccine", code(PointOfCare.record(vaccinator, PointOfCare.dose(ref, covaxinSession, null, "COVISHIELD", 1))));
        var back = PointOfCare.dose(ref, null, centre, "COVAXIN", 1);
        back.put("vaccinated_at", LocalDate.now(ZoneId.of("Asia/Kolkata")).minusDays(3).toString());
        refusals.put("back-dated", code(PointOfCare.record(vaccinator, back)));
        var future = PointOfCare.dose(ref, null, centre, "COVAXIN", 1);
        future.put("vaccinated_at", LocalDate.now(ZoneId.of("Asia/Kolkata")).plusDays(3) + "T10:00:00+05:30");
        refusals.put("future", code(PointOfCare.record(vaccinator, future)));
        String child = PointOfCare.beneficiary(citizen, "Young Child", String.valueOf(LocalDate.now().getYear() - 10));
        refusals.put("age", code(PointOfCare.record(vaccinator, PointOfCare.dose(child, null, centre, "COVAXIN", 1))));

        assertThat(PointOfCare.record(vaccinator, PointOfCare.dose(ref, null, centre, "COVAXIN", 1)).status()).isEqualTo(201);
        refusals.put("wrong vaccine", code(PointOfCare.record(vaccinator, PointOfCare.dose(ref, null, centre, "COVISHIELD", 2))));
        refusals.put("too early", code(PointOfCare.record(vaccinator, PointOfCare.dose(ref, null, centre, "COVAXIN", 2))));
        TestClock.advance(java.time.Duration.ofDays(60));
        vaccinator = PointOfCare.staff(api, jdbc, passwords, "VACCINATOR", centre); // tokens expired with the clock
        refusals.put("too late", code(PointOfCare.record(vaccinator, PointOfCare.dose(ref, null, centre, "COVAXIN", 2))));

        assertThat(refusals).containsExactly(
                Map.entry("dose 2 first", "VACCIN0001"), Map.entry("unknown", "VACCIN0006"),
                Map.entry("session vaccine", "VACCIN0007"), Map.entry("back-dated", "VACCIN0008"),
                Map.entry("future", "VACCIN0009"), Map.entry("age", "VACCIN0005"),
                Map.entry("wrong vaccine", "VACCIN0002"), Map.entry("too early", "VACCIN0003"),
                Map.entry("too late", "VACCIN0004"));
        assertThat(count("SELECT count(*) FROM vaccination WHERE beneficiary_id = ?", ref)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM audit_event WHERE action = 'DOSE_RECORD' AND outcome = 'REFUSED' AND subject = ?",
                "beneficiary:" + ref)).isGreaterThanOrEqualTo(8);
    }

    @Test
    void aFacilityAdminMayOverrideWithAReasonAVaccinatorMayNot() {
        String ref = PointOfCare.beneficiary(citizen, "Back Dated", "1980");
        var back = PointOfCare.dose(ref, null, centre, "COVAXIN", 1);
        back.put("vaccinated_at", LocalDate.now(ZoneId.of("Asia/Kolkata")).minusDays(2).toString());
        back.put("override_reason", "Paper record from outreach camp");
        var byVaccinator = PointOfCare.record(vaccinator, back);
        assertThat(byVaccinator.status()).isEqualTo(403);
        assertThat(code(byVaccinator)).isEqualTo("VACCIN0010");

        var byAdmin = PointOfCare.record(facilityAdmin, back);
        assertThat(byAdmin.status()).as(byAdmin.body()).isEqualTo(201);
        assertThat(count("SELECT count(*) FROM audit_event WHERE action = 'DOSE_OVERRIDE' AND outcome = 'OK' AND subject = ?"
                + " AND detail LIKE '%Paper record from outreach camp%'", "beneficiary:" + ref)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM vaccination WHERE beneficiary_id = ? AND override_reason IS NOT NULL", ref)).isEqualTo(1);

        var future = PointOfCare.dose(ref, null, centre, "COVAXIN", 2);
        future.put("vaccinated_at", LocalDate.now(ZoneId.of("Asia/Kolkata")).plusDays(40).toString());
        future.put("override_reason", "try");
        assertThat(code(PointOfCare.record(facilityAdmin, future))).isEqualTo("VACCIN0009");
    }

    @Test
    void aVaccinatorOfAnotherFacilityIsRefusedAndAudited() {
        String ref = PointOfCare.beneficiary(citizen, "Other Place", "1980");
        long otherCentre = PointOfCare.centre(jdbc);
        Api other = PointOfCare.staff(api, jdbc, passwords, "VACCINATOR", otherCentre);
        var answer = PointOfCare.record(other, PointOfCare.dose(ref, covaxinSession, null, "COVAXIN", 1));
        assertThat(answer.status()).isEqualTo(403);
        assertThat(code(answer)).isEqualTo("VACCIN0017");
        var walkIn = PointOfCare.record(other, PointOfCare.dose(ref, null, centre, "COVAXIN", 1));
        assertThat(walkIn.status()).isEqualTo(403);
        assertThat(count("SELECT count(*) FROM audit_event WHERE action = 'DOSE_RECORD' AND outcome = 'REFUSED' AND subject = ?",
                "beneficiary:" + ref)).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM vaccination WHERE beneficiary_id = ?", ref)).isZero();
        assertThat(citizen.post("/api/v2/vaccinator/vaccinations", PointOfCare.dose(ref, null, centre, "COVAXIN", 1)).status())
                .isEqualTo(403);
    }

    @Test
    void searchesAndWalkInsAreAudited() {
        String mobile = Citizens.newMobile();
        var walkIn = new java.util.HashMap<>(PointOfCare.person("Walk In", "1970"));
        walkIn.put("mobile_number", mobile);
        var created = vaccinator.post("/api/v2/vaccinator/beneficiaries/new", walkIn);
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String ref = created.json().get("beneficiary_reference_id").asString();

        assertThat(vaccinator.get("/api/v2/vaccinator/beneficiaries/findByReferenceId?beneficiary_reference_id=" + ref)
                .json().get("beneficiaries").get(0).get("name").asString()).isEqualTo("Walk In");
        assertThat(vaccinator.post("/api/v2/vaccinator/beneficiaries/findByMobile",
                        Map.of("mobile_number", mobile, "purpose", "PERSON_PRESENT")).json().get("beneficiaries").get(0).get("beneficiary_reference_id").asString()).isEqualTo(ref);
        var byPhoto = vaccinator.post("/api/v2/vaccinator/beneficiaries/findByPhotoId", Map.of("photo_id_type", 1,
                "photo_id_number", walkIn.get("photo_id_number"), "purpose", "PERSON_PRESENT"));
        assertThat(byPhoto.json().get("beneficiaries").get(0).get("beneficiary_reference_id").asString()).isEqualTo(ref);
        assertThat(byPhoto.body()).doesNotContain((String) walkIn.get("photo_id_number"));
        assertThat(count("SELECT count(*) FROM audit_event WHERE action IN ('BENEFICIARY_SEARCH', 'PERSON_LOOKUP')")).isGreaterThanOrEqualTo(3);
    }

    @Test
    void badInputsAreRefusedWithAnErrorCode() {
        String ref = PointOfCare.beneficiary(citizen, "Bad Input", "1980");
        List<Api.Answer> answers = new ArrayList<>();
        answers.add(PointOfCare.record(vaccinator, PointOfCare.dose("123", null, centre, "COVAXIN", 1)));
        answers.add(PointOfCare.record(vaccinator, PointOfCare.dose("99999999999999", null, centre, "COVAXIN", 1)));
        answers.add(PointOfCare.record(vaccinator, PointOfCare.dose(ref, "not-a-uuid", null, "COVAXIN", 1)));
        answers.add(PointOfCare.record(vaccinator, PointOfCare.dose(ref, UUID.randomUUID(), null, "COVAXIN", 1)));
        answers.add(PointOfCare.record(vaccinator, PointOfCare.dose(ref, null, null, "COVAXIN", 1)));
        answers.add(PointOfCare.record(vaccinator, PointOfCare.dose(ref, null, 1L, "COVAXIN", 1)));
        answers.add(PointOfCare.record(vaccinator, PointOfCare.dose(ref, null, centre, "COVAXIN", 7)));
        var noBatch = PointOfCare.dose(ref, null, centre, "COVAXIN", 1);
        noBatch.remove("vaccine_batch");
        answers.add(PointOfCare.record(vaccinator, noBatch));
        var badDate = PointOfCare.dose(ref, null, centre, "COVAXIN", 1);
        badDate.put("vaccinated_at", "yesterday");
        answers.add(PointOfCare.record(vaccinator, badDate));
        answers.add(vaccinator.with("Idempotency-Key", "x").post("/api/v2/vaccinator/vaccinations", "{not json"));
        answers.add(vaccinator.with("Idempotency-Key", "y").post("/api/v2/vaccinator/vaccinations", "{\"dose\":\"one\"}"));
        answers.add(vaccinator.get("/api/v2/vaccinator/beneficiaries/findByReferenceId?beneficiary_reference_id=abc"));
        answers.add(vaccinator.post("/api/v2/vaccinator/beneficiaries/findByMobile", Map.of("mobile_number", "123", "purpose", "PERSON_PRESENT")));
        answers.add(vaccinator.post("/api/v2/vaccinator/beneficiaries/findByMobile", "{not json"));
        answers.add(vaccinator.get("/api/v2/vaccinator/beneficiaries/findByMobile?mobile_number=123"));
        answers.add(vaccinator.get("/api/v2/vaccinator/beneficiaries/findByConfirmationNumber"));
        answers.add(vaccinator.post("/api/v2/vaccinator/beneficiaries/findByPhotoId", Map.of("photo_id_type", 1, "photo_id_number", "12", "purpose", "PERSON_PRESENT")));
        answers.add(vaccinator.post("/api/v2/vaccinator/beneficiaries/findByPhotoId", Map.of("photo_id_type", 99, "photo_id_number", "12", "purpose", "PERSON_PRESENT")));
        answers.add(vaccinator.post("/api/v2/vaccinator/beneficiaries/findByPhotoId", Map.of("purpose", "PERSON_PRESENT")));
        answers.add(vaccinator.get("/api/v2/vaccinator/beneficiaries/findByPhotoId"));
        answers.add(vaccinator.post("/api/v2/vaccinator/beneficiaries/new", Map.of("name", "No Mobile")));
        answers.add(vaccinator.post("/api/v2/vaccinator/beneficiaries/new", Map.of("mobile_number", Citizens.newMobile())));
        answers.add(vaccinator.get("/api/v2/vaccinator/certificate/download"));
        answers.add(vaccinator.get("/api/v2/vaccinator/certificate/download?beneficiary_reference_id=" + ref));
        assertThat(answers).allSatisfy(a -> {
            assertThat(a.status()).as(a.body()).isBetween(400, 499);
            assertThat(a.json().get("errorCode").asString()).isNotBlank();
        });
        assertThat(count("SELECT count(*) FROM vaccination WHERE beneficiary_id = ?", ref)).isZero();
    }
}
