package org.openvin.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openvin.Api;
import org.openvin.Citizens;
import org.openvin.OpenVinTest;
import org.openvin.vaccination.PointOfCare;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;

/** After recording a set of doses, every dashboard number and every CSV equals a direct count. */
@OpenVinTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportingTest {

    static final String PASSWORD = "correct horse battery";
    static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Kolkata"));

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PasswordEncoder passwords;

    long mumbai;
    long pune;

    private Api api() {
        return new Api(port);
    }

    private void record(Api staff, String ref, long centre, String vaccine, int dose, LocalDate on) {
        Map<String, Object> body = PointOfCare.dose(ref, null, centre, vaccine, dose);
        if (!on.equals(TODAY)) {
            body = new HashMap<>(body);
            body.put("vaccinated_at", on.toString());
            body.put("override_reason", "Entered from the paper register");
        }
        var answer = PointOfCare.record(staff, body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    }

    @BeforeAll
    void doses() {
        mumbai = PointOfCare.centre(jdbc);
        pune = 880_000 + System.nanoTime() % 1000;
        jdbc.sql("INSERT INTO centre (id, name, address, state_id, district_id, pincode) VALUES (?, 'Pune PHC', 'Road', 21, 363, '411001')")
                .param(pune).update();
        PointOfCare.receive(jdbc, pune, "COVAXIN", PointOfCare.LOT, 10);
        PointOfCare.receive(jdbc, pune, "COVISHIELD", PointOfCare.LOT, 10);
        Api mumbaiAdmin = PointOfCare.staff(api(), jdbc, passwords, "FACILITY_ADMIN", mumbai);
        Api puneAdmin = PointOfCare.staff(api(), jdbc, passwords, "FACILITY_ADMIN", pune);
        Api citizen = Citizens.login(api(), Citizens.newMobile());
        String[] refs = new String[4];
        String[][] people = {{"Asha Rao", "1950"}, {"Vikram Singh", "1990"}, {"Meera Nair", "1975"}, {"Ravi Kumar", "2000"}};
        for (int i = 0; i < people.length; i++) {
            var body = PointOfCare.person(people[i][0], people[i][1]);
            body.put("gender_id", i % 2 == 0 ? 2 : 1);
            var created = citizen.post("/api/v2/registration/beneficiary/new", body);
            refs[i] = created.json().get("beneficiary_reference_id").asString();
        }
        record(mumbaiAdmin, refs[0], mumbai, "COVAXIN", 1, TODAY.minusDays(30));
        record(mumbaiAdmin, refs[0], mumbai, "COVAXIN", 2, TODAY);
        record(mumbaiAdmin, refs[1], mumbai, "COVISHIELD", 1, TODAY);
        record(puneAdmin, refs[2], pune, "COVAXIN", 1, TODAY.minusDays(60)); // no dose 2 past 42 days: a dropout
        record(puneAdmin, refs[3], pune, "COVISHIELD", 1, TODAY.minusDays(1));
        jdbc.sql("""
                        INSERT INTO staff_account (username, password_hash, name, role, state_id, district_id)
                        VALUES ('report.mumbai', ?, 'Mumbai', 'DISTRICT_ADMIN', 21, 395),
                               ('report.state', ?, 'Maharashtra', 'STATE_ADMIN', 21, NULL)
                        ON CONFLICT DO NOTHING""")
                .params(passwords.encode(PASSWORD), passwords.encode(PASSWORD)).update();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                count("SELECT count(*) FROM counted_dose") == count("SELECT count(*) FROM vaccination"));
    }

    private long count(String sql, Object... params) {
        return jdbc.sql(sql).params(Arrays.asList(params)).query(Long.class).single();
    }

    @Test
    void summaryEqualsDirectCounts() {
        JsonNode summary = api().get("/api/v2/public/reports/summary").json();
        assertThat(summary.get("total_doses").asLong()).isEqualTo(count("SELECT count(*) FROM vaccination")).isEqualTo(5);
        assertThat(summary.get("first_doses").asLong()).isEqualTo(count("SELECT count(*) FROM vaccination WHERE dose = 1"));
        assertThat(summary.get("fully_vaccinated").asLong())
                .isEqualTo(count("SELECT count(*) FROM vaccination WHERE dose = total_doses")).isEqualTo(1);
        assertThat(summary.get("today_doses").asLong())
                .isEqualTo(count("SELECT count(*) FROM vaccination WHERE vaccinated_on = ?", TODAY)).isEqualTo(2);
        assertThat(summary.get("registrations").asLong())
                .isEqualTo(count("SELECT count(*) FROM beneficiary WHERE deleted_at IS NULL"));
        assertThat(summary.get("open_appointments").asLong())
                .isEqualTo(count("SELECT count(*) FROM appointment WHERE status = 'BOOKED'"));
    }

    @Test
    void regionsDaysAndSharesEqualDirectCountsInJsonAndCsv() {
        JsonNode states = api().get("/api/v2/public/reports/by-region").json().get("regions");
        assertThat(states).hasSize(37);
        JsonNode maharashtra = states.valueStream().filter(s -> s.get("id").asInt() == 21).findFirst().orElseThrow();
        assertThat(maharashtra.get("doses").asLong()).isEqualTo(count(
                "SELECT count(*) FROM vaccination v JOIN centre c ON c.id = v.centre_id WHERE c.state_id = 21"));
        assertThat(maharashtra.get("first_dose_coverage").isNumber()).isTrue();
        JsonNode districts = api().get("/api/v2/public/reports/by-region?state_id=21").json().get("regions");
        for (int district : new int[]{395, 363}) {
            JsonNode row = districts.valueStream().filter(d -> d.get("id").asInt() == district).findFirst().orElseThrow();
            assertThat(row.get("doses").asLong()).isEqualTo(count(
                    "SELECT count(*) FROM vaccination v JOIN centre c ON c.id = v.centre_id WHERE c.district_id = ?", district));
            assertThat(row.get("first_doses").asLong()).isEqualTo(count(
                    "SELECT count(*) FROM vaccination v JOIN centre c ON c.id = v.centre_id WHERE c.district_id = ? AND dose = 1",
                    district));
        }
        JsonNode days = api().get("/api/v2/public/reports/by-day?days=90").json().get("days");
        for (JsonNode day : days) {
            assertThat(day.get("doses").asLong()).isEqualTo(
                    count("SELECT count(*) FROM vaccination WHERE vaccinated_on = ?::date", day.get("date").asString()));
        }
        assertThat(days.valueStream().mapToLong(d -> d.get("doses").asLong()).sum()).isEqualTo(5);
        for (JsonNode row : api().get("/api/v2/public/reports/by/vaccine").json().get("rows")) {
            assertThat(row.get("doses").asLong())
                    .isEqualTo(count("SELECT count(*) FROM vaccination WHERE vaccine = ?", row.get("key").asString()));
        }
        JsonNode genders = api().get("/api/v2/public/reports/by/gender").json().get("rows");
        long female = genders.valueStream().filter(g -> g.get("key").asString().equals("Female")).findFirst().orElseThrow()
                .get("doses").asLong();
        assertThat(female).isEqualTo(count("SELECT count(*) FROM vaccination v JOIN beneficiary b ON b.reference_id = v.beneficiary_id WHERE b.gender_id = 2"));
        JsonNode ages = api().get("/api/v2/public/reports/by/age-group").json().get("rows");
        assertThat(ages.valueStream().mapToLong(a -> a.get("doses").asLong()).sum()).isEqualTo(5);
        long sixtyPlus = ages.valueStream().filter(a -> a.get("key").asString().startsWith("60")).findFirst().orElseThrow()
                .get("doses").asLong();
        assertThat(sixtyPlus).isEqualTo(2); // Asha, born 1950, both doses

        String csv = api().get("/api/v2/public/reports/by-region?state_id=21&format=csv").body();
        List<String> lines = csv.lines().toList();
        assertThat(lines.getFirst()).startsWith("id,name,population,doses,first_doses,fully_vaccinated");
        String mumbaiLine = lines.stream().filter(l -> l.startsWith("395,")).findFirst().orElseThrow();
        assertThat(mumbaiLine.split(",")[3]).isEqualTo(String.valueOf(count(
                "SELECT count(*) FROM vaccination v JOIN centre c ON c.id = v.centre_id WHERE c.district_id = 395")));
        assertThat(api().get("/api/v2/public/reports/by-day?format=csv").body().lines().count())
                .isEqualTo(1 + count("SELECT count(DISTINCT vaccinated_on) FROM vaccination WHERE vaccinated_on > ?", TODAY.minusDays(30)));
    }

    @Test
    void officialsSeeCoverageDropoutsAndTheLineListOfTheirScopeOnly() {
        Api district = Citizens.staff(api(), "report.mumbai", PASSWORD);
        Api state = Citizens.staff(api(), "report.state", PASSWORD);
        JsonNode coverage = district.get("/api/v2/admin/reports/coverage").json().get("regions");
        assertThat(coverage).hasSize(1);
        assertThat(coverage.get(0).get("id").asInt()).isEqualTo(395);
        assertThat(district.get("/api/v2/admin/reports/coverage?district_id=363").status()).isEqualTo(403);

        JsonNode dropouts = state.get("/api/v2/admin/reports/dropouts").json().get("dropouts");
        assertThat(dropouts).hasSize(1);
        assertThat(dropouts.get(0).get("name").asString()).isEqualTo("Meera Nair");
        assertThat(district.get("/api/v2/admin/reports/dropouts").json().get("dropouts")).isEmpty();
        assertThat(state.get("/api/v2/admin/reports/dropouts?format=csv").body().lines().count()).isEqualTo(2);

        var lineList = state.get("/api/v2/admin/reports/line-list");
        assertThat(lineList.status()).isEqualTo(200);
        assertThat(lineList.header("Content-Type")).startsWith("text/csv");
        assertThat(lineList.body().lines().count() - 1).isEqualTo(count(
                "SELECT count(*) FROM vaccination v JOIN centre c ON c.id = v.centre_id WHERE c.state_id = 21"));
        assertThat(district.get("/api/v2/admin/reports/line-list").body().lines().count() - 1).isEqualTo(count(
                "SELECT count(*) FROM vaccination v JOIN centre c ON c.id = v.centre_id WHERE c.district_id = 395"));
        assertThat(count("SELECT count(*) FROM audit_event WHERE action = 'EXPORT_LINE_LIST'")).isEqualTo(2);
        Api citizen = Citizens.login(api(), Citizens.newMobile());
        assertThat(citizen.get("/api/v2/admin/reports/line-list").status()).isEqualTo(403);
    }

    @Test
    void wastageByReasonAndAefiByLotEqualDirectCounts() {
        Api state = Citizens.staff(api(), "report.state", PASSWORD);
        Api mumbaiAdmin = PointOfCare.staff(api(), jdbc, passwords, "FACILITY_ADMIN", mumbai);
        long lot = jdbc.sql("SELECT id FROM stock_lot WHERE vaccine = 'COVISHIELD' AND lot_number = ?").param(PointOfCare.LOT)
                .query(Long.class).single();
        var broken = mumbaiAdmin.post("/api/v2/admin/stock/wastage",
                Map.of("center_id", mumbai, "lot_id", lot, "reason", "BROKEN", "vials", 1));
        assertThat(broken.status()).as(broken.body()).isEqualTo(201);
        String vaccination = jdbc.sql("SELECT id::text FROM vaccination WHERE centre_id = ? AND vaccine = 'COVISHIELD'")
                .param(mumbai).query(String.class).single();
        var aefi = mumbaiAdmin.post("/api/v2/vaccinator/aefi", Map.of("vaccination_id", vaccination,
                "onset_date", TODAY.toString(), "symptoms", List.of("FEVER"), "severity", "MILD", "serious", false,
                "outcome", "RECOVERED"));
        assertThat(aefi.status()).as(aefi.body()).isEqualTo(201);

        JsonNode wastage = state.get("/api/v2/admin/reports/wastage").json().get("wastage");
        JsonNode brokenRow = wastage.valueStream().filter(w -> w.get("reason").asString().equals("WASTED_BROKEN")
                || w.get("reason").asString().equals("BROKEN")).findFirst().orElseThrow(() -> new AssertionError(wastage.toString()));
        assertThat(brokenRow.get("doses").asLong()).isEqualTo(-count(
                "SELECT sum(doses_delta) FROM stock_ledger WHERE reason = ? AND lot_id = ?", brokenRow.get("reason").asString(), lot));
        JsonNode counts = state.get("/api/v2/admin/reports/aefi").json().get("aefi");
        JsonNode row = counts.valueStream().filter(c -> c.get("vaccine").asString().equals("COVISHIELD")).findFirst().orElseThrow();
        assertThat(row.get("reports").asLong()).isEqualTo(count("SELECT count(*) FROM aefi_report WHERE vaccine = 'COVISHIELD'"));
        assertThat(row.get("doses_given").asLong()).isEqualTo(count("SELECT count(*) FROM vaccination WHERE vaccine = 'COVISHIELD' AND batch = ?", PointOfCare.LOT));
        assertThat(state.get("/api/v2/admin/reports/aefi?format=csv").body().lines().count()).isEqualTo(1 + counts.size());
        assertThat(state.get("/api/v2/admin/reports/wastage?format=csv").body().lines().count()).isEqualTo(1 + wastage.size());
    }

    @Test
    void badReportParametersAre4xx() {
        assertThat(api().get("/api/v2/public/reports/by-day?days=0").json().get("errorCode").asString()).isEqualTo("REPORT0001");
        assertThat(api().get("/api/v2/public/reports/by-region?state_id=999").json().get("errorCode").asString()).isEqualTo("REPORT0003");
        assertThat(api().get("/api/v2/public/reports/by/shoe-size").status()).isEqualTo(404);
        assertThat(api().get("/api/v2/public/reports/by-region?format=xml").json().get("errorCode").asString()).isEqualTo("REPORT0004");
        assertThat(api().get("/api/v2/public/reports/by-day?days=abc").status()).isEqualTo(400);
    }
}
