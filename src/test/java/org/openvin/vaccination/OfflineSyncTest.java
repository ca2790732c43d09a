package org.openvin.vaccination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.Citizens;
import org.openvin.OpenVinTest;
import org.openvin.identity.internal.TestAadhaar;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;

/** POST /api/v2/vaccinator/vaccinations/sync: what an offline device sends back, one result per record. */
@OpenVinTest
class OfflineSyncTest {

    private static final String SYNC = "/api/v2/vaccinator/vaccinations/sync";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PasswordEncoder passwords;

    Api api;
    Api citizen;
    long centre;
    Api vaccinator;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        citizen = Citizens.login(api, Citizens.newMobile());
        centre = PointOfCare.centre(jdbc);
        vaccinator = PointOfCare.staff(api, jdbc, passwords, "VACCINATOR", centre);
    }

    /**
     * The certificates of this test's doses are issued after commit, in the background; wait for
     * them so the next test class's database clean-up does not race with them (no assertion: a
     * listener's own failure is another test's business).
     */
    @AfterEach
    void letCertificatesFinish() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (count("SELECT (SELECT count(*) FROM event_publication WHERE completion_date IS NULL)"
                + " + (SELECT count(*) FROM certificate_queue)") > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    // --- what a device sends

    static Map<String, Object> dose(String key, String ref, String lot, int dose, Instant at) {
        Map<String, Object> r = new HashMap<>();
        r.put("type", "DOSE");
        r.put("client_key", key);
        r.put("beneficiary_reference_id", ref);
        r.put("vaccine", "COVAXIN");
        r.put("vaccine_batch", lot);
        r.put("dose", dose);
        r.put("administered_at", at.toString());
        return r;
    }

    static Map<String, Object> walkInDose(String key, String walkInKey, String lot, Instant at) {
        Map<String, Object> r = dose(key, null, lot, 1, at);
        r.remove("beneficiary_reference_id");
        r.put("walk_in_key", walkInKey);
        return r;
    }

    static Map<String, Object> walkIn(String key, String name, String photoIdNumber) {
        Map<String, Object> r = new HashMap<>();
        r.put("type", "WALK_IN");
        r.put("client_key", key);
        r.put("mobile_number", Citizens.newMobile());
        r.put("name", name);
        r.put("birth_year", "1975");
        r.put("gender_id", 1);
        r.put("photo_id_type", 1);
        r.put("photo_id_number", photoIdNumber);
        r.put("comorbidity_ind", "N");
        return r;
    }

    static Map<String, Object> batch(Instant sentAt, List<Map<String, Object>> records) {
        return Map.of("device_id", "tablet-1", "sent_at", sentAt.toString(), "records", records);
    }

    static String key() {
        return UUID.randomUUID().toString();
    }

    private JsonNode sync(Api staff, Map<String, Object> batch) {
        var answer = staff.post(SYNC, batch);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private static List<String> statuses(JsonNode answer) {
        List<String> list = new ArrayList<>();
        answer.get("results").forEach(r -> list.add(r.get("status").asString()));
        return list;
    }

    private int count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Integer.class).single();
    }

    private int administered() {
        return count("SELECT count(*) FROM stock_ledger WHERE centre_id = ? AND reason = 'ADMINISTERED'", centre);
    }

    private int dosesAt() {
        return count("SELECT count(*) FROM vaccination WHERE centre_id = ?", centre);
    }

    // --- the cases of issue #22

    @Test
    void aDuplicateKeyInTheBatchRecordsTheDoseOnce() {
        String ref = PointOfCare.beneficiary(citizen, "Duplicate Key", "1980");
        String k = key();
        Instant now = Instant.now();
        JsonNode answer = sync(vaccinator, batch(now, List.of(dose(k, ref, PointOfCare.LOT, 1, now.minusSeconds(600)),
                dose(k, ref, PointOfCare.LOT, 1, now.minusSeconds(600)))));

        assertThat(statuses(answer)).containsExactly("RECORDED", "ALREADY_RECORDED");
        JsonNode first = answer.get("results").get(0);
        JsonNode second = answer.get("results").get(1);
        assertThat(second.get("vaccination_id").asString()).isEqualTo(first.get("vaccination_id").asString());
        assertThat(second.get("certificate_id").asString()).isEqualTo(first.get("certificate_id").asString());
        assertThat(answer.get("recorded").asInt()).isEqualTo(1);
        assertThat(answer.get("already_recorded").asInt()).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM vaccination WHERE beneficiary_id = ?", ref)).isEqualTo(1);
        assertThat(administered()).isEqualTo(1);
    }

    @Test
    void aDoseRefusedByItsRuleLeavesTheOthersRecorded() {
        String a = PointOfCare.beneficiary(citizen, "First Person", "1980");
        String b = PointOfCare.beneficiary(citizen, "Second Person", "1981");
        String c = PointOfCare.beneficiary(citizen, "Third Person", "1982");
        Instant now = Instant.now();
        JsonNode answer = sync(vaccinator, batch(now, List.of(dose(key(), a, PointOfCare.LOT, 1, now),
                dose(key(), b, PointOfCare.LOT, 2, now), // dose 2 of someone never vaccinated
                dose(key(), c, PointOfCare.LOT, 1, now))));

        assertThat(statuses(answer)).containsExactly("RECORDED", "REFUSED", "RECORDED");
        JsonNode refused = answer.get("results").get(1);
        assertThat(refused.get("errorCode").asString()).isEqualTo("VACCIN0001");
        assertThat(refused.get("error").asString()).contains("Dose 1 comes first");
        assertThat(count("SELECT count(*) FROM vaccination WHERE beneficiary_id = ?", b)).isZero();
        assertThat(count("SELECT doses_received FROM beneficiary WHERE reference_id = ?", b)).isZero();
        assertThat(dosesAt()).isEqualTo(2);
        assertThat(administered()).isEqualTo(2);
    }

    @Test
    void aLotUsedUpMidBatchRefusesTheDosesAfterIt() {
        long small = PointOfCare.unstockedCentre(jdbc);
        centre = small;
        PointOfCare.receive(jdbc, small, "COVAXIN", "SMALL-" + small, 1); // one vial: 10 doses
        Api staff = PointOfCare.staff(api, jdbc, passwords, "VACCINATOR", small);
        Instant now = Instant.now();
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            String w = key();
            records.add(walkIn(w, "Walk In " + (char) ('A' + i), TestAadhaar.next()));
            records.add(walkInDose(key(), w, "SMALL-" + small, now.minusSeconds(60)));
        }
        JsonNode answer = sync(staff, batch(now, records));

        List<String> statuses = statuses(answer);
        assertThat(statuses.subList(0, 21)).containsOnly("RECORDED");
        assertThat(statuses.get(21)).isEqualTo("REFUSED");
        assertThat(answer.get("results").get(21).get("errorCode").asString()).isEqualTo("STOCK0005");
        assertThat(answer.get("refused").asInt()).isEqualTo(1);
        assertThat(dosesAt()).isEqualTo(10);
        assertThat(administered()).isEqualTo(10);
        // the eleventh person is registered; only their dose waits for stock
        String eleventh = answer.get("results").get(20).get("beneficiary_reference_id").asString();
        assertThat(count("SELECT count(*) FROM beneficiary WHERE reference_id = ?", eleventh)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM vaccination WHERE beneficiary_id = ?", eleventh)).isZero();
    }

    @Test
    void aWalkInWhosePhotoIdIsRegisteredElsewhereIsMatchedNotDuplicated() {
        var person = PointOfCare.person("Already Registered", "1970");
        var created = citizen.post("/api/v2/registration/beneficiary/new", person);
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String existing = created.json().get("beneficiary_reference_id").asString();
        int people = count("SELECT count(*) FROM beneficiary");
        String w = key();
        Instant now = Instant.now();

        JsonNode answer = sync(vaccinator, batch(now, List.of(
                walkIn(w, "Already Registered", (String) person.get("photo_id_number")),
                walkInDose(key(), w, PointOfCare.LOT, now))));

        assertThat(statuses(answer)).containsExactly("RECORDED", "RECORDED");
        JsonNode matched = answer.get("results").get(0);
        assertThat(matched.get("matched_existing").asBoolean()).isTrue();
        assertThat(matched.get("beneficiary_reference_id").asString()).isEqualTo(existing);
        assertThat(answer.get("results").get(1).get("beneficiary_reference_id").asString()).isEqualTo(existing);
        assertThat(count("SELECT count(*) FROM beneficiary")).isEqualTo(people);
        assertThat(count("SELECT doses_received FROM beneficiary WHERE reference_id = ?", existing)).isEqualTo(1);
    }

    @Test
    void aDeviceClockTwoHoursOffIsFlaggedAndTheDoseKeepsItsTime() {
        String ref = PointOfCare.beneficiary(citizen, "Slow Clock", "1980");
        String later = PointOfCare.beneficiary(citizen, "Future Dose", "1980");
        Instant server = Instant.now();
        Instant device = server.minus(Duration.ofHours(2));
        Instant given = device.minus(Duration.ofMinutes(30));

        JsonNode answer = sync(vaccinator, batch(device, List.of(dose(key(), ref, PointOfCare.LOT, 1, given),
                dose(key(), later, PointOfCare.LOT, 1, server.plus(Duration.ofHours(1))))));

        assertThat(statuses(answer)).containsExactly("RECORDED", "REFUSED");
        assertThat(answer.get("clock_flagged").asBoolean()).isTrue();
        assertThat(answer.get("clock_offset_seconds").asLong()).isBetween(7190L, 7260L);
        assertThat(answer.get("results").get(0).get("clock_flagged").asBoolean()).isTrue();
        assertThat(answer.get("results").get(1).get("errorCode").asString()).isEqualTo("VACCIN0035");
        var stored = jdbc.sql("""
                        SELECT administered_at, device_sent_at, clock_offset_seconds, clock_flagged FROM vaccination
                        WHERE beneficiary_id = ?""").param(ref)
                .query((rs, n) -> Map.of("administered", rs.getTimestamp(1).toInstant(), "sent", rs.getTimestamp(2).toInstant(),
                        "offset", rs.getLong(3), "flagged", rs.getBoolean(4))).single();
        // PostgreSQL keeps microseconds, rounded
        assertThat((Instant) stored.get("administered")).isCloseTo(given, within(1, ChronoUnit.MILLIS));
        assertThat((Instant) stored.get("sent")).isCloseTo(device, within(1, ChronoUnit.MILLIS));
        assertThat((Long) stored.get("offset")).isBetween(7190L, 7260L);
        assertThat(stored.get("flagged")).isEqualTo(true);
        assertThat(count("SELECT count(*) FROM vaccination WHERE beneficiary_id = ?", later)).isZero();

        // a clock within the tolerance is not flagged
        String onTime = PointOfCare.beneficiary(citizen, "Good Clock", "1980");
        JsonNode fine = sync(vaccinator, batch(Instant.now().minusSeconds(120), List.of(
                dose(key(), onTime, PointOfCare.LOT, 1, Instant.now().minusSeconds(300)))));
        assertThat(fine.get("clock_flagged").asBoolean()).isFalse();
        assertThat(fine.get("results").get(0).get("clock_flagged").asBoolean()).isFalse();
    }

    @Test
    void twoDevicesSyncingTheSamePersonsFirstDoseConcurrentlyRecordItOnce() throws Exception {
        Api other = PointOfCare.staff(api, jdbc, passwords, "VACCINATOR", centre);
        for (int round = 0; round < 3; round++) {
            String ref = PointOfCare.beneficiary(Citizens.login(api, Citizens.newMobile()), "Two Devices", "1980");
            Instant now = Instant.now();
            List<Callable<JsonNode>> calls = List.of(
                    () -> sync(vaccinator, batch(now, List.of(dose(key(), ref, PointOfCare.LOT, 1, now)))),
                    () -> sync(other, batch(now, List.of(dose(key(), ref, PointOfCare.LOT, 1, now)))));
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<String> statuses = new ArrayList<>();
            try {
                for (Future<JsonNode> f : pool.invokeAll(calls)) {
                    JsonNode result = f.get().get("results").get(0);
                    statuses.add(result.get("status").asString());
                    if (result.get("status").asString().equals("REFUSED")) {
                        assertThat(result.get("errorCode").asString()).isIn("VACCIN0001", "VACCIN0011");
                    }
                }
            } finally {
                pool.shutdown();
            }
            assertThat(statuses).containsExactlyInAnyOrder("RECORDED", "REFUSED");
            assertThat(count("SELECT count(*) FROM vaccination WHERE beneficiary_id = ?", ref)).isEqualTo(1);
        }
        assertThat(administered()).isEqualTo(3);
    }

    @Test
    void syncingTheSameBatchAgainRecordsNothingNew() {
        String ref = PointOfCare.beneficiary(citizen, "Synced Twice", "1980");
        String w = key();
        Instant now = Instant.now();
        List<Map<String, Object>> records = List.of(walkIn(w, "Walk In Twice", TestAadhaar.next()),
                walkInDose(key(), w, PointOfCare.LOT, now), dose(key(), ref, PointOfCare.LOT, 1, now));
        JsonNode first = sync(vaccinator, batch(now, records));
        assertThat(statuses(first)).containsExactly("RECORDED", "RECORDED", "RECORDED");
        int people = count("SELECT count(*) FROM beneficiary");
        int audit = count("SELECT count(*) FROM audit_event WHERE action IN ('DOSE_RECORD', 'WALK_IN_SYNC')");

        // the device resends (say the answer was lost), even signed in as someone else
        Api nextShift = PointOfCare.staff(api, jdbc, passwords, "VACCINATOR", centre);
        JsonNode again = sync(nextShift, batch(Instant.now(), records));
        assertThat(statuses(again)).containsExactly("ALREADY_RECORDED", "ALREADY_RECORDED", "ALREADY_RECORDED");
        for (int i = 0; i < 3; i++) {
            JsonNode a = first.get("results").get(i);
            JsonNode b = again.get("results").get(i);
            assertThat(b.get("beneficiary_reference_id").asString()).isEqualTo(a.get("beneficiary_reference_id").asString());
            if (i > 0) {
                assertThat(b.get("vaccination_id").asString()).isEqualTo(a.get("vaccination_id").asString());
            }
        }
        assertThat(count("SELECT count(*) FROM beneficiary")).isEqualTo(people);
        assertThat(dosesAt()).isEqualTo(2);
        assertThat(administered()).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM audit_event WHERE action IN ('DOSE_RECORD', 'WALK_IN_SYNC')")).isEqualTo(audit);
    }

    @Test
    void syncedDosesGetTheirCertificatesAsOnline() {
        String ref = PointOfCare.beneficiary(citizen, "Certified Offline", "1980");
        Instant now = Instant.now();
        JsonNode answer = sync(vaccinator, batch(now, List.of(dose(key(), ref, PointOfCare.LOT, 1, now.minusSeconds(900)))));
        String certificate = answer.get("results").get(0).get("certificate_id").asString();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                count("SELECT count(*) FROM certificate WHERE id = ? AND status = 'ISSUED'", certificate) == 1);
    }

    @Test
    void aDoseGivenYesterdayOfflineNeedsNoOverrideWithinTheShift() {
        String ref = PointOfCare.beneficiary(citizen, "Late Sync", "1980");
        Instant now = Instant.now();
        Instant givenLastNight = now.minus(Duration.ofHours(11));
        JsonNode answer = sync(vaccinator, batch(now, List.of(dose(key(), ref, PointOfCare.LOT, 1, givenLastNight))));
        assertThat(statuses(answer)).containsExactly("RECORDED");

        String old = PointOfCare.beneficiary(citizen, "Too Late Sync", "1980");
        JsonNode tooOld = sync(vaccinator, batch(now, List.of(dose(key(), old, PointOfCare.LOT, 1, now.minus(Duration.ofDays(3))))));
        assertThat(tooOld.get("results").get(0).get("errorCode").asString()).isEqualTo("VACCIN0008");
    }

    // --- bad input, roles, discard, offline pack

    @Test
    void badBatchesAreRefusedWithTheirCodes() {
        var noSentAt = vaccinator.post(SYNC, Map.of("records", List.of(dose(key(), "12345678901234", PointOfCare.LOT, 1, Instant.now()))));
        assertThat(noSentAt.status()).isEqualTo(400);
        assertThat(noSentAt.json().get("errorCode").asString()).isEqualTo("VACCIN0031");
        var empty = vaccinator.post(SYNC, Map.of("sent_at", Instant.now().toString(), "records", List.of()));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("errorCode").asString()).isEqualTo("VACCIN0030");
        assertThat(vaccinator.method("POST", SYNC, "{\"records\": 5}").status()).isEqualTo(400);

        Map<String, Object> noKey = dose(null, "12345678901234", PointOfCare.LOT, 1, Instant.now());
        Map<String, Object> oddType = dose(key(), "12345678901234", PointOfCare.LOT, 1, Instant.now());
        oddType.put("type", "SOMETHING");
        Map<String, Object> badTime = dose(key(), PointOfCare.beneficiary(citizen, "Bad Time", "1980"), PointOfCare.LOT, 1, Instant.now());
        badTime.put("administered_at", "yesterday");
        Map<String, Object> unknownWalkIn = walkInDose(key(), key(), PointOfCare.LOT, Instant.now());
        JsonNode answer = sync(vaccinator, batch(Instant.now(), List.of(noKey, oddType, badTime, unknownWalkIn)));
        assertThat(answer.get("results").findValuesAsString("errorCode"))
                .containsExactly("VACCIN0032", "VACCIN0033", "VACCIN0018", "VACCIN0034");
        assertThat(dosesAt()).isZero();

        assertThat(api.post(SYNC, batch(Instant.now(), List.of(noKey))).status()).isEqualTo(401);
        assertThat(citizen.post(SYNC, batch(Instant.now(), List.of(noKey))).status()).isEqualTo(403);
    }

    @Test
    void onlyAFacilityAdminDiscardsARefusedRecordAndItIsAudited() {
        String k = key();
        Map<String, Object> discard = Map.of("client_key", k, "error_code", "STOCK0005", "reason", "dose not given after all");
        var byVaccinator = vaccinator.post(SYNC + "/discarded", discard);
        assertThat(byVaccinator.status()).isEqualTo(403);
        assertThat(byVaccinator.json().get("errorCode").asString()).isEqualTo("VACCIN0036");

        Api admin = PointOfCare.staff(api, jdbc, passwords, "FACILITY_ADMIN", centre);
        assertThat(admin.post(SYNC + "/discarded", discard).status()).isEqualTo(204);
        assertThat(count("SELECT count(*) FROM audit_event WHERE action = 'OFFLINE_RECORD_DISCARD' AND subject = ? AND outcome = 'OK'",
                "device-record:" + k)).isEqualTo(1);
        assertThat(admin.post(SYNC + "/discarded", Map.of("client_key", k)).json().get("errorCode").asString())
                .isEqualTo("VACCIN0037");

        String ref = PointOfCare.beneficiary(citizen, "Recorded Already", "1980");
        String recorded = key();
        sync(vaccinator, batch(Instant.now(), List.of(dose(recorded, ref, PointOfCare.LOT, 1, Instant.now()))));
        var notDiscardable = admin.post(SYNC + "/discarded", Map.of("client_key", recorded, "reason", "mistake"));
        assertThat(notDiscardable.status()).isEqualTo(409);
        assertThat(notDiscardable.json().get("errorCode").asString()).isEqualTo("VACCIN0038");
    }

    @Test
    void theOfflinePackHoldsTheQueueLotsRulesAndTexts() {
        String ref = PointOfCare.beneficiary(citizen, "Queued Person", "1980");
        UUID session = PointOfCare.session(jdbc, centre, "COVAXIN", 18, null);
        jdbc.sql("""
                        INSERT INTO appointment (appointment_id, beneficiary_id, account_id, confirmation_no, session_id, slot_position, dose)
                        SELECT ?, reference_id, account_id, 'OFFLINE123', ?, 0, 1 FROM beneficiary WHERE reference_id = ?""")
                .params(UUID.randomUUID(), session, ref).update();

        var pack = vaccinator.with("Accept-Language", "hi").get("/api/v2/vaccinator/offline-pack");
        assertThat(pack.status()).as(pack.body()).isEqualTo(200);
        JsonNode json = pack.json();
        assertThat(json.get("centre_id").asLong()).isEqualTo(centre);
        assertThat(json.get("queue").get(0).get("beneficiary_reference_id").asString()).isEqualTo(ref);
        assertThat(json.get("queue").get(0).get("confirmation_number").asString()).isEqualTo("OFFLINE123");
        assertThat(json.get("lots").findValuesAsString("lot_number")).contains(PointOfCare.LOT);
        assertThat(json.get("lots").get(0).get("remaining_doses").asInt()).isEqualTo(1000);
        assertThat(json.get("vaccines").findValuesAsString("name")).contains("COVAXIN", "COVISHIELD");
        assertThat(Duration.between(Instant.parse(json.get("prepared_at").asString()), Instant.parse(json.get("expires_at").asString())))
                .isEqualTo(Duration.ofHours(12));
        assertThat(json.get("messages").get("offline.prepare").asString()).isEqualTo("सत्र तैयार करें");

        assertThat(vaccinator.get("/api/v2/vaccinator/offline-pack?date=tomorrow").json().get("errorCode").asString())
                .isEqualTo("VACCIN0039");
        assertThat(vaccinator.get("/api/v2/vaccinator/offline-pack?date=2030-01-01").json().get("queue").size()).isZero();
    }
}
