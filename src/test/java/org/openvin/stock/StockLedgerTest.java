package org.openvin.stock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openvin.scheduling.Fixtures;
import org.openvin.Api;
import org.openvin.Citizens;
import org.openvin.OpenVinTest;
import org.openvin.TestClock;
import org.openvin.vaccination.PointOfCare;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;

@OpenVinTest
class StockLedgerTest {

    private static final AtomicInteger nextLot = new AtomicInteger();

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PasswordEncoder passwords;

    Api api;
    Api national;
    Api facilityAdmin;
    Api vaccinator;
    long centre;
    long otherCentre;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        centre = PointOfCare.unstockedCentre(jdbc);
        otherCentre = PointOfCare.unstockedCentre(jdbc);
        logIn();
    }

    /** Tokens live 15 minutes: tests that move the clock log in again. */
    private void logIn() {
        national = PointOfCare.staff(api, jdbc, passwords, "NATIONAL_ADMIN", centre);
        facilityAdmin = PointOfCare.staff(api, jdbc, passwords, "FACILITY_ADMIN", centre);
        vaccinator = PointOfCare.staff(api, jdbc, passwords, "VACCINATOR", centre);
    }

    @AfterEach
    void resetClock() {
        TestClock.reset();
    }

    private record TestLot(long id, String number) {
    }

    private TestLot lot(String vaccine, int dosesPerVial, LocalDate expiry) {
        String number = "T" + System.nanoTime() % 1_000_000 + "-" + nextLot.incrementAndGet();
        var answer = national.post("/api/v2/admin/stock/lots", Map.of("vaccine", vaccine, "lot_number", number,
                "manufacturer", "Bharat Biotech", "expiry_date", expiry.toString(), "doses_per_vial", dosesPerVial));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return new TestLot(answer.json().get("lot_id").asLong(), number);
    }

    private TestLot lot() {
        return lot("COVAXIN", 10, LocalDate.now(Fixtures.INDIA).plusMonths(6));
    }

    private JsonNode receive(Api admin, long at, TestLot lot, int vials) {
        var answer = admin.post("/api/v2/admin/stock/receipts", Map.of("center_id", at, "lot_id", lot.id(), "vials", vials));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json();
    }

    /** A walk-in beneficiary under a fresh mobile (no account limit in the way). */
    private String person(String name) {
        Map<String, Object> body = new HashMap<>(PointOfCare.person(name, "1980"));
        body.put("mobile_number", Citizens.newMobile());
        var created = vaccinator.post("/api/v2/vaccinator/beneficiaries/new", body);
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        return created.json().get("beneficiary_reference_id").asString();
    }

    private Api.Answer give(Api staff, String ref, long at, String lotNumber) {
        var body = PointOfCare.dose(ref, null, at, "COVAXIN", 1);
        body.put("vaccine_batch", lotNumber);
        return PointOfCare.record(staff, body);
    }

    private JsonNode held(long at, TestLot lot) {
        var answer = national.get("/api/v2/admin/stock/balance?center_id=" + at);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        for (JsonNode l : answer.json().get("lots")) {
            if (l.get("lot_id").asLong() == lot.id()) {
                return l;
            }
        }
        throw new AssertionError("centre " + at + " holds no lot " + lot.number());
    }

    /** Every balance equals the sum of its ledger rows, in doses and in sealed vials. */
    private void assertLedgerSumsToBalances() {
        List<String> mismatches = jdbc.sql("""
                        SELECT b.centre_id || '/' || b.lot_id || ': ' || b.doses || ' vs ' || COALESCE(sum(l.doses_delta), 0)
                        FROM stock_balance b LEFT JOIN stock_ledger l ON l.centre_id = b.centre_id AND l.lot_id = b.lot_id
                        GROUP BY b.centre_id, b.lot_id, b.doses, b.sealed_vials
                        HAVING b.doses <> COALESCE(sum(l.doses_delta), 0) OR b.sealed_vials <> COALESCE(sum(l.vials_delta), 0)""")
                .query(String.class).list();
        assertThat(mismatches).isEmpty();
    }

    private List<String> reasons(long at, TestLot lot) {
        return jdbc.sql("SELECT reason FROM stock_ledger WHERE centre_id = ? AND lot_id = ? ORDER BY id")
                .params(at, lot.id()).query(String.class).list();
    }

    private static String code(Api.Answer answer) {
        return answer.json().get("errorCode").asString();
    }

    @Test
    void receivingAdministeringWastingTransferringAndAdjustingLeaveALedgerThatSumsToStockOnHand() {
        TestLot lot = lot();
        assertThat(receive(facilityAdmin, centre, lot, 5).get("doses_on_hand").asInt()).isEqualTo(50);
        List<String> given = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            var dose = give(vaccinator, person("Stock Person " + (char) ('A' + i)), centre, lot.number());
            assertThat(dose.status()).as(dose.body()).isEqualTo(201);
            given.add(dose.json().get("vaccination_id").asString());
        }
        JsonNode afterDoses = held(centre, lot);
        assertThat(afterDoses.get("sealed_vials").asInt()).isEqualTo(4);
        assertThat(afterDoses.get("open_doses").asInt()).isEqualTo(7);
        assertThat(afterDoses.get("doses_on_hand").asInt()).isEqualTo(47);

        var broken = facilityAdmin.post("/api/v2/admin/stock/wastage",
                Map.of("center_id", centre, "lot_id", lot.id(), "reason", "BROKEN", "vials", 1));
        assertThat(broken.status()).as(broken.body()).isEqualTo(201);
        var coldChain = facilityAdmin.post("/api/v2/admin/stock/wastage", Map.of("center_id", centre,
                "vaccine", "COVAXIN", "lot_number", lot.number(), "reason", "COLD_CHAIN", "doses", 2, "note", "fridge failed"));
        assertThat(coldChain.status()).as(coldChain.body()).isEqualTo(201);
        var transfer = facilityAdmin.post("/api/v2/admin/stock/transfers",
                Map.of("from_center_id", centre, "to_center_id", otherCentre, "lot_id", lot.id(), "vials", 2));
        assertThat(transfer.status()).as(transfer.body()).isEqualTo(201);
        var adjust = facilityAdmin.post("/api/v2/admin/stock/adjustments",
                Map.of("center_id", centre, "lot_id", lot.id(), "vials", -1, "note", "physical count found one vial fewer"));
        assertThat(adjust.status()).as(adjust.body()).isEqualTo(201);

        JsonNode here = held(centre, lot);
        assertThat(here.get("sealed_vials").asInt()).isZero();
        assertThat(here.get("open_doses").asInt()).isEqualTo(5);
        assertThat(here.get("doses_on_hand").asInt()).isEqualTo(5);
        assertThat(here.get("usable_doses").asInt()).isEqualTo(5);
        assertThat(held(otherCentre, lot).get("doses_on_hand").asInt()).isEqualTo(20);
        assertThat(reasons(centre, lot)).containsExactly("RECEIVED", "ADMINISTERED", "ADMINISTERED", "ADMINISTERED",
                "WASTED_BROKEN", "WASTED_COLD_CHAIN", "TRANSFERRED_OUT", "ADJUSTED");
        assertThat(reasons(otherCentre, lot)).containsExactly("TRANSFERRED_IN");
        assertThat(jdbc.sql("SELECT vaccination_id::text FROM stock_ledger WHERE lot_id = ? AND reason = 'ADMINISTERED'")
                .param(lot.id()).query(String.class).list()).containsExactlyInAnyOrderElementsOf(given);
        var ledger = facilityAdmin.get("/api/v2/admin/stock/ledger?center_id=" + centre + "&lot_id=" + lot.id());
        assertThat(ledger.status()).as(ledger.body()).isEqualTo(200);
        int sum = 0;
        for (JsonNode m : ledger.json().get("movements")) {
            sum += m.get("doses_delta").asInt();
        }
        assertThat(sum).isEqualTo(5);
        assertLedgerSumsToBalances();
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action IN ('STOCK_RECEIVE','STOCK_WASTE','STOCK_TRANSFER','STOCK_ADJUST')"
                + " AND subject = ?").param("lot:" + lot.id()).query(Integer.class).single()).isEqualTo(5);
    }

    @Test
    void concurrentRecordingsNeverTakeMoreDosesThanTheFacilityHolds() throws Exception {
        TestLot lot = lot();
        receive(facilityAdmin, centre, lot, 1);
        List<String> people = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            people.add(person("Racer " + (char) ('A' + i)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Callable<Api.Answer>> calls = new ArrayList<>();
        for (String ref : people) {
            calls.add(() -> give(vaccinator, ref, centre, lot.number()));
        }
        List<Api.Answer> answers = new ArrayList<>();
        for (Future<Api.Answer> f : pool.invokeAll(calls)) {
            answers.add(f.get());
        }
        pool.shutdown();
        assertThat(answers.stream().filter(a -> a.status() == 201)).hasSize(10);
        assertThat(answers.stream().filter(a -> a.status() != 201))
                .hasSize(10)
                .allSatisfy(a -> {
                    assertThat(a.status()).as(a.body()).isEqualTo(409);
                    assertThat(code(a)).isEqualTo("STOCK0005");
                });
        JsonNode balance = held(centre, lot);
        assertThat(balance.get("doses_on_hand").asInt()).isZero();
        assertThat(balance.get("sealed_vials").asInt()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM vaccination WHERE batch = ?").param(lot.number()).query(Integer.class).single())
                .isEqualTo(10);
        assertThat(jdbc.sql("SELECT count(*) FROM stock_ledger WHERE lot_id = ? AND reason = 'ADMINISTERED'")
                .param(lot.id()).query(Integer.class).single()).isEqualTo(10);
        assertLedgerSumsToBalances();
    }

    @Test
    void anOpenVialIsWastedOnceItsOpenVialPeriodIsOver() {
        TestLot lot = lot();
        receive(facilityAdmin, centre, lot, 2);
        String first = person("Morning Person");
        String second = person("Evening Person");
        assertThat(give(vaccinator, first, centre, lot.number()).status()).isEqualTo(201);
        assertThat(held(centre, lot).get("open_doses").asInt()).isEqualTo(9);

        TestClock.advance(Duration.ofHours(5)); // COVAXIN has no open_vial_hours in the profile: 4 hours
        logIn();
        assertThat(held(centre, lot).get("usable_doses").asInt()).isEqualTo(10);
        var later = give(vaccinator, second, centre, lot.number());
        assertThat(later.status()).as(later.body()).isEqualTo(201);
        assertThat(reasons(centre, lot)).containsExactly("RECEIVED", "ADMINISTERED", "WASTED_OPEN_VIAL_EXPIRY", "ADMINISTERED");
        assertThat(held(centre, lot).get("open_doses").asInt()).isEqualTo(9);

        TestClock.advance(Duration.ofHours(5));
        logIn();
        var swept = national.post("/api/v2/admin/stock/open-vials/expire", "{}");
        assertThat(swept.status()).as(swept.body()).isEqualTo(200);
        assertThat(swept.json().get("expired_vials").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(held(centre, lot).get("doses_on_hand").asInt()).isZero();
        assertThat(jdbc.sql("SELECT sum(doses_delta) FROM stock_ledger WHERE lot_id = ? AND reason = 'WASTED_OPEN_VIAL_EXPIRY'")
                .param(lot.id()).query(Integer.class).single()).isEqualTo(-18);
        assertLedgerSumsToBalances();
    }

    @Test
    void aDoseFromAnExpiredRecalledForeignOrUnknownLotIsRefused() {
        TestLot expiring = lot("COVAXIN", 10, LocalDate.now(Fixtures.INDIA).plusDays(1));
        receive(facilityAdmin, centre, expiring, 1);
        TestLot recalled = lot();
        receive(facilityAdmin, centre, recalled, 1);
        TestLot foreign = lot();
        receive(national, otherCentre, foreign, 1);
        TestLot covishield = lot("COVISHIELD", 10, LocalDate.now(Fixtures.INDIA).plusMonths(6));
        receive(facilityAdmin, centre, covishield, 1);
        var recall = national.post("/api/v2/admin/stock/lots/" + recalled.id() + "/recall", Map.of("reason", "particulates"));
        assertThat(recall.status()).as(recall.body()).isEqualTo(200);
        assertThat(recall.json().get("recalled").asBoolean()).isTrue();

        String ref = person("Careful Person");
        Map<String, String> refusals = new java.util.LinkedHashMap<>();
        refusals.put("recalled", code(give(vaccinator, ref, centre, recalled.number())));
        refusals.put("foreign", code(give(vaccinator, ref, centre, foreign.number())));
        refusals.put("unknown", code(give(vaccinator, ref, centre, "NO-SUCH-LOT")));
        refusals.put("other vaccine's lot", code(give(vaccinator, ref, centre, covishield.number())));
        TestClock.advance(Duration.ofDays(3));
        logIn();
        refusals.put("expired", code(give(vaccinator, ref, centre, expiring.number())));
        assertThat(refusals).containsExactly(Map.entry("recalled", "STOCK0004"), Map.entry("foreign", "STOCK0003"),
                Map.entry("unknown", "STOCK0001"), Map.entry("other vaccine's lot", "STOCK0001"), Map.entry("expired", "STOCK0002"));
        assertThat(jdbc.sql("SELECT count(*) FROM vaccination WHERE beneficiary_id = ?").param(ref).query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'STOCK_ADMINISTER' AND outcome = 'REFUSED'")
                .query(Integer.class).single()).isGreaterThanOrEqualTo(5);
        // A recalled or expired lot cannot be received or sent on either.
        assertThat(code(facilityAdmin.post("/api/v2/admin/stock/receipts",
                Map.of("center_id", centre, "lot_id", recalled.id(), "vials", 1)))).isEqualTo("STOCK0004");
        assertThat(code(facilityAdmin.post("/api/v2/admin/stock/receipts",
                Map.of("center_id", centre, "lot_id", expiring.id(), "vials", 1)))).isEqualTo("STOCK0002");
        assertThat(held(centre, recalled).get("usable_doses").asInt()).isZero();
        assertLedgerSumsToBalances();
    }

    @Test
    void aRecallListsExactlyThePeopleWhoGotTheLotInsideTheCallersScope() {
        TestLot recalled = lot();
        TestLot clean = lot();
        receive(facilityAdmin, centre, recalled, 1);
        receive(facilityAdmin, centre, clean, 1);
        receive(national, otherCentre, recalled, 1);
        Api otherVaccinator = PointOfCare.staff(api, jdbc, passwords, "VACCINATOR", otherCentre);
        String p1 = person("Lot Person One");
        String p2 = person("Lot Person Two");
        String p3 = person("Lot Person Three");
        String p4 = person("Clean Lot Person");
        assertThat(give(vaccinator, p1, centre, recalled.number()).status()).isEqualTo(201);
        assertThat(give(vaccinator, p2, centre, recalled.number()).status()).isEqualTo(201);
        assertThat(give(otherVaccinator, p3, otherCentre, recalled.number()).status()).isEqualTo(201);
        assertThat(give(vaccinator, p4, centre, clean.number()).status()).isEqualTo(201);

        assertThat(national.post("/api/v2/admin/stock/lots/" + recalled.id() + "/recall", Map.of("reason", "potency")).status())
                .isEqualTo(200);
        var all = national.get("/api/v2/admin/stock/lots/" + recalled.id() + "/recipients");
        assertThat(all.status()).as(all.body()).isEqualTo(200);
        assertThat(refs(all)).containsExactlyInAnyOrder(p1, p2, p3);
        assertThat(all.json().get("recipients").get(0).get("name").asString()).startsWith("Lot Person");
        assertThat(refs(facilityAdmin.get("/api/v2/admin/stock/lots/" + recalled.id() + "/recipients"))).containsExactlyInAnyOrder(p1, p2);
        Api elsewhere = staffAt("STATE_ADMIN", 22, null);
        assertThat(refs(elsewhere.get("/api/v2/admin/stock/lots/" + recalled.id() + "/recipients"))).isEmpty();
        assertThat(vaccinator.get("/api/v2/admin/stock/lots/" + recalled.id() + "/recipients").status()).isEqualTo(403);
        assertThat(code(give(vaccinator, person("Too Late"), centre, recalled.number()))).isEqualTo("STOCK0004");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action IN ('LOT_RECALL', 'LOT_RECIPIENTS') AND subject = ?")
                .param("lot:" + recalled.id()).query(Integer.class).single()).isEqualTo(5);
    }

    private static List<String> refs(Api.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<String> refs = new ArrayList<>();
        answer.json().get("recipients").forEach(r -> refs.add(r.get("beneficiary_reference_id").asString()));
        return refs;
    }

    private Api staffAt(String role, Integer state, Integer district) {
        String username = role.toLowerCase() + ".elsewhere." + System.nanoTime();
        jdbc.sql("INSERT INTO staff_account (username, password_hash, name, role, state_id, district_id) VALUES (?, ?, ?, ?, ?, ?)")
                .params(username, passwords.encode("secret-pass-123"), "Elsewhere", role, state, district).update();
        return Citizens.staff(api, username, "secret-pass-123");
    }

    @Test
    void theFacilityAdminIsWarnedWhenPublishedCapacityExceedsUsableStock() {
        TestLot lot = lot();
        receive(facilityAdmin, centre, lot, 1);
        PointOfCare.session(jdbc, centre, "COVAXIN", 18, null); // 50 + 50 places
        var check = facilityAdmin.get("/api/v2/admin/stock/capacity-check?center_id=" + centre + "&date=" + LocalDate.now(Fixtures.INDIA));
        assertThat(check.status()).as(check.body()).isEqualTo(200);
        assertThat(check.json().get("warning").asString()).contains("COVAXIN");
        JsonNode line = check.json().get("vaccines").get(0);
        assertThat(line.get("published_capacity").asInt()).isEqualTo(100);
        assertThat(line.get("usable_doses").asInt()).isEqualTo(10);
        assertThat(line.get("shortfall").asInt()).isEqualTo(90);

        String tomorrow = java.time.format.DateTimeFormatter.ofPattern("dd-MM-yyyy")
                .format(LocalDate.now(java.time.ZoneId.of("Asia/Kolkata")).plusDays(1));
        var published = facilityAdmin.post("/api/v2/admin/sessions", Map.of("center_id", centre, "date", tomorrow,
                "vaccine", "COVAXIN", "capacity_dose1", 30, "capacity_dose2", 0));
        assertThat(published.status()).as(published.body()).isEqualTo(201);
        assertThat(published.json().get("warning").asString()).contains("30 places published, 10 usable doses");

        receive(facilityAdmin, centre, lot, 9);
        var enough = facilityAdmin.get("/api/v2/admin/stock/capacity-check?center_id=" + centre + "&date=" + LocalDate.now(Fixtures.INDIA));
        JsonNode warning = enough.json().get("warning");
        assertThat(warning == null || warning.isNull()).as(enough.body()).isTrue();
    }

    @Test
    void rolesAndScopesAreEnforcedAndBadInputsRefusedWithAnErrorCode() {
        TestLot lot = lot();
        receive(facilityAdmin, centre, lot, 1);
        Api otherAdmin = PointOfCare.staff(api, jdbc, passwords, "FACILITY_ADMIN", otherCentre);
        Api citizen = Citizens.login(api, Citizens.newMobile());
        Map<String, Integer> forbidden = new java.util.LinkedHashMap<>();
        forbidden.put("vaccinator receives", vaccinator.post("/api/v2/admin/stock/receipts",
                Map.of("center_id", centre, "lot_id", lot.id(), "vials", 1)).status());
        forbidden.put("other facility receives", otherAdmin.post("/api/v2/admin/stock/receipts",
                Map.of("center_id", centre, "lot_id", lot.id(), "vials", 1)).status());
        forbidden.put("other facility reads", otherAdmin.get("/api/v2/admin/stock/balance?center_id=" + centre).status());
        forbidden.put("facility admin registers a lot", facilityAdmin.post("/api/v2/admin/stock/lots", Map.of("vaccine", "COVAXIN",
                "lot_number", "X1", "expiry_date", "2030-01-01", "doses_per_vial", 10)).status());
        forbidden.put("facility admin recalls", facilityAdmin.post("/api/v2/admin/stock/lots/" + lot.id() + "/recall",
                Map.of("reason", "x")).status());
        forbidden.put("citizen reads", citizen.get("/api/v2/admin/stock/balance?center_id=" + centre).status());
        assertThat(forbidden.values()).allSatisfy(s -> assertThat(s).isEqualTo(403));
        assertThat(vaccinator.get("/api/v2/admin/stock/balance?center_id=" + centre).status()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE outcome = 'REFUSED' AND action IN"
                + " ('STOCK_RECEIVE','STOCK_READ','LOT_REGISTER','LOT_RECALL')").query(Integer.class).single()).isGreaterThanOrEqualTo(5);

        List<Api.Answer> answers = new ArrayList<>();
        answers.add(national.post("/api/v2/admin/stock/lots", Map.of("vaccine", "COVAXIN", "lot_number", lot.number(),
                "expiry_date", "2030-01-01", "doses_per_vial", 10)));
        answers.add(national.post("/api/v2/admin/stock/lots", Map.of("vaccine", "SPUTNIK", "lot_number", "S1",
                "expiry_date", "2030-01-01", "doses_per_vial", 10)));
        answers.add(national.post("/api/v2/admin/stock/lots", Map.of("vaccine", "COVAXIN", "lot_number", "S2",
                "expiry_date", "01/01/2030", "doses_per_vial", 10)));
        answers.add(national.post("/api/v2/admin/stock/lots", Map.of("vaccine", "COVAXIN", "lot_number", "S3",
                "expiry_date", "2030-01-01", "doses_per_vial", 0)));
        answers.add(national.post("/api/v2/admin/stock/lots", Map.of("vaccine", "COVAXIN", "lot_number", "bad lot!",
                "expiry_date", "2030-01-01", "doses_per_vial", 10)));
        answers.add(national.post("/api/v2/admin/stock/lots", "{not json"));
        answers.add(facilityAdmin.post("/api/v2/admin/stock/receipts", Map.of("center_id", centre, "lot_id", lot.id(), "vials", 0)));
        answers.add(facilityAdmin.post("/api/v2/admin/stock/receipts", Map.of("lot_id", lot.id(), "vials", 1)));
        answers.add(national.post("/api/v2/admin/stock/receipts", Map.of("center_id", 1, "lot_id", lot.id(), "vials", 1)));
        answers.add(facilityAdmin.post("/api/v2/admin/stock/receipts", Map.of("center_id", centre, "lot_id", 999999, "vials", 1)));
        answers.add(facilityAdmin.post("/api/v2/admin/stock/receipts", Map.of("center_id", centre, "vials", 1)));
        answers.add(facilityAdmin.post("/api/v2/admin/stock/wastage",
                Map.of("center_id", centre, "lot_id", lot.id(), "reason", "LOST", "vials", 1)));
        answers.add(facilityAdmin.post("/api/v2/admin/stock/wastage",
                Map.of("center_id", centre, "lot_id", lot.id(), "reason", "BROKEN", "vials", 5)));
        answers.add(facilityAdmin.post("/api/v2/admin/stock/wastage",
                Map.of("center_id", centre, "lot_id", lot.id(), "reason", "BROKEN")));
        answers.add(facilityAdmin.post("/api/v2/admin/stock/transfers",
                Map.of("from_center_id", centre, "to_center_id", centre, "lot_id", lot.id(), "vials", 1)));
        answers.add(facilityAdmin.post("/api/v2/admin/stock/transfers",
                Map.of("from_center_id", centre, "to_center_id", otherCentre, "lot_id", lot.id(), "vials", 3)));
        answers.add(facilityAdmin.post("/api/v2/admin/stock/adjustments", Map.of("center_id", centre, "lot_id", lot.id(), "vials", -1)));
        answers.add(facilityAdmin.post("/api/v2/admin/stock/adjustments",
                Map.of("center_id", centre, "lot_id", lot.id(), "vials", -2, "note", "count")));
        answers.add(facilityAdmin.post("/api/v2/admin/stock/adjustments", Map.of("center_id", otherCentre, "lot_id", lot.id(),
                "vials", 1, "note", "x")));
        answers.add(facilityAdmin.get("/api/v2/admin/stock/balance"));
        answers.add(facilityAdmin.get("/api/v2/admin/stock/capacity-check?center_id=" + centre + "&date=tomorrow"));
        answers.add(national.post("/api/v2/admin/stock/lots/" + lot.id() + "/recall", "{}"));
        answers.add(national.post("/api/v2/admin/stock/lots/999999/recall", Map.of("reason", "x")));
        answers.add(national.get("/api/v2/admin/stock/lots/999999/recipients"));
        assertThat(answers).allSatisfy(a -> {
            assertThat(a.status()).as(a.body()).isBetween(400, 499);
            assertThat(a.json().get("errorCode").asString()).isNotBlank();
        });
        assertThat(held(centre, lot).get("doses_on_hand").asInt()).isEqualTo(10);
        assertLedgerSumsToBalances();
    }
}
