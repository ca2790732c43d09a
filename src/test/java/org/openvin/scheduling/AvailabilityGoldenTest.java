package org.openvin.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.Citizens;
import org.openvin.OpenVinTest;
import org.openvin.scheduling.internal.PublishingSession;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The availability answers, byte for byte, as they were before the in-memory index: a fixed data
 * set (centres in two districts, paid and free, sessions over nine days, booked-out, booster,
 * age-capped, one centre closed, one session cancelled) and every public and logged-in search
 * endpoint, in two languages. The files under {@code availability-golden/} were recorded from the
 * SQL-backed search (run with {@code -Dgolden.record=true}); dates are written relative to today
 * as {@code {D+n}} so the recording holds on any day.
 */
@OpenVinTest
class AvailabilityGoldenTest {

    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd-MM-yyyy");
    static final Path GOLDEN = Path.of("src/test/resources/availability-golden");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PublishingSession publishing;

    @Autowired
    org.openvin.platform.ChangeFeed feed;

    static String day(int plus) {
        return Fixtures.today().plusDays(plus).format(DAY);
    }

    private void dataSet() {
        centre(771001, "Apollo Clinic", 395, "400071", "19.061000", "72.899000", "Paid", "{\"COVISHIELD\": 780, \"COVAXIN\": 1200}");
        centre(771002, "Borivali Health Post", 395, "400071", "19.230000", "72.856000", "Free", "{}");
        centre(771003, "Chembur PHC", 395, "400072", "19.062000", "72.900500", "Free", "{}");
        centre(771004, "Zeta Closed Centre", 395, "400071", "19.061500", "72.899500", "Free", "{}");
        centre(771005, "Pune Ruby Hall", 363, "411001", "18.530000", "73.877000", "Paid", "{\"COVISHIELD\": 700}");
        centre(771006, "apollo lower case", 395, "400072", "19.070000", "72.910000", "Free", "{}");
        for (int d = 0; d < 9; d++) {
            session(771001, d, 1, "COVISHIELD", 18, null, 5 + d, 10, 0, List.of());
            session(771001, d, 2, "COVAXIN", 45, null, 0, 0, 0, List.of());
            session(771002, d, 1, "COVISHIELD", 18, 44, 3, 0, 2, List.of("09:00AM-11:00AM", "11:00AM-01:00PM"));
            session(771003, d, 1, "SPUTNIK V", 18, null, 1, 1, 1, List.of());
            session(771004, d, 1, "COVISHIELD", 18, null, 9, 9, 0, List.of());
            session(771005, d, 1, "COVISHIELD", 18, null, 20, 20, 0, List.of());
            if (d % 2 == 0) {
                session(771006, d, 1, "COVAXIN", 18, null, 4, 0, 0, List.of());
            }
        }
        jdbc.sql("UPDATE vaccination_session SET booked_dose1 = capacity_dose1 WHERE id = ?").param(id(771001, 3, 1)).update();
        jdbc.sql("UPDATE vaccination_session SET cancelled = true WHERE id = ?").param(id(771003, 2, 1)).update();
        jdbc.sql("UPDATE centre SET active = false WHERE id = 771004").update();
        // Raw SQL bypasses the use cases that catch the index up at once; the feed would within a second.
        feed.catchUpAfterCommit("availability_change");
    }

    private void centre(long id, String name, int district, String pin, String lat, String lng, String feeType, String fees) {
        jdbc.sql("""
                        INSERT INTO centre (id, name, address, state_id, district_id, block_name, pincode, lat, lng,
                                            opens_at, closes_at, fee_type, vaccine_fees)
                        VALUES (?, ?, 'Road ' || ?, ?, ?, 'Ward', ?, ?::numeric, ?::numeric, '09:30', '16:00', ?, ?::jsonb)
                        ON CONFLICT DO NOTHING""")
                .params(id, name, id, district == 395 ? 21 : 21, district, pin, lat, lng, feeType, fees).update();
    }

    static UUID id(long centre, int day, int n) {
        return UUID.fromString(String.format("00000000-0000-4000-8000-%06d%04d%02d", centre, day, n));
    }

    private void session(long centre, int day, int n, String vaccine, int minAge, Integer maxAge, int dose1, int dose2,
                         int booster, List<String> slots) {
        publishing.publish(new NewSession(id(centre, day, n), centre, Fixtures.today().plusDays(day), vaccine, minAge,
                maxAge, dose1, dose2, booster, 0, slots));
    }

    /** Every endpoint and place asked, by the file its answer is recorded in. */
    private Map<String, String> publicQueries() {
        Map<String, String> q = new LinkedHashMap<>();
        String p = "/api/v2/appointment/sessions/public/";
        for (int d : new int[] {0, 1, 3, 8}) {
            q.put("fbp-400071-" + d, p + "findByPin?pincode=400071&date=" + day(d));
            q.put("fbp-400072-" + d, p + "findByPin?pincode=400072&date=" + day(d));
            q.put("fbd-395-" + d, p + "findByDistrict?district_id=395&date=" + day(d));
        }
        for (int d : new int[] {0, 2, 5}) {
            q.put("cbp-400071-" + d, p + "calendarByPin?pincode=400071&date=" + day(d));
            q.put("cbd-395-" + d, p + "calendarByDistrict?district_id=395&date=" + day(d));
            q.put("cbd-363-" + d, p + "calendarByDistrict?district_id=363&date=" + day(d));
            q.put("cbc-771001-" + d, p + "calendarByCenter?center_id=771001&date=" + day(d));
        }
        q.put("cbc-771004-0", p + "calendarByCenter?center_id=771004&date=" + day(0));
        q.put("cbc-999999-0", p + "calendarByCenter?center_id=999999&date=" + day(0));
        q.put("fbd-9999-0", p + "findByDistrict?district_id=9999&date=" + day(0));
        q.put("fbp-110001-0", p + "findByPin?pincode=110001&date=" + day(0));
        q.put("fbd-395-past", p + "findByDistrict?district_id=395&date=" + day(-3));
        q.put("fbd-395-far", p + "findByDistrict?district_id=395&date=" + day(60));
        q.put("cbd-395-past", p + "calendarByDistrict?district_id=395&date=" + day(-3));
        q.put("ll-mumbai", "/api/v2/appointment/centers/public/findByLatLong?lat=19.06&long=72.9");
        q.put("ll-pune", "/api/v2/appointment/centers/public/findByLatLong?lat=18.53&long=73.87");
        q.put("ll-sea", "/api/v2/appointment/centers/public/findByLatLong?lat=10&long=60");
        return q;
    }

    private Map<String, String> protectedQueries() {
        Map<String, String> q = new LinkedHashMap<>();
        String p = "/api/v2/appointment/sessions/";
        q.put("p-fbp-400071-1", p + "findByPin?pincode=400071&date=" + day(1));
        q.put("p-fbp-400071-1-covaxin", p + "findByPin?pincode=400071&date=" + day(1) + "&vaccine=COVAXIN");
        q.put("p-fbd-395-0-covishield", p + "findByDistrict?district_id=395&date=" + day(0) + "&vaccine=covishield");
        q.put("p-cbp-400072-0", p + "calendarByPin?pincode=400072&date=" + day(0));
        q.put("p-cbd-395-1-covaxin", p + "calendarByDistrict?district_id=395&date=" + day(1) + "&vaccine=COVAXIN");
        q.put("p-cbd-395-1", p + "calendarByDistrict?district_id=395&date=" + day(1));
        return q;
    }

    @Test
    void everyAvailabilityAnswerIsByteForByteWhatTheSqlSearchAnswered() throws IOException {
        dataSet();
        Api anonymous = new Api(port);
        Api citizen = Citizens.login(new Api(port), Citizens.newMobile());
        boolean record = Boolean.getBoolean("golden.record");
        Map<String, String> differences = new LinkedHashMap<>();
        for (String language : new String[] {null, "hi"}) {
            Api asker = language == null ? anonymous : anonymous.with("Accept-Language", language);
            Api logged = language == null ? citizen : citizen.with("Accept-Language", language);
            Map<String, Api> askers = new LinkedHashMap<>();
            publicQueries().forEach((name, path) -> askers.put(name, asker));
            protectedQueries().forEach((name, path) -> askers.put(name, logged));
            Map<String, String> paths = new LinkedHashMap<>(publicQueries());
            paths.putAll(protectedQueries());
            for (var e : paths.entrySet()) {
                var answer = askers.get(e.getKey()).get(e.getValue());
                boolean inHorizon = !e.getKey().contains("past") && !e.getKey().contains("far");
                if (!record && inHorizon && !e.getKey().startsWith("p-")) {
                    assertThat(answer.header("X-OpenVIN-Change-Seq")).as(e.getKey() + " answered from memory").isNotBlank();
                }
                String body = answer.status() + "\n" + relativeDates(answer.body());
                Path file = GOLDEN.resolve(e.getKey() + (language == null ? "" : "." + language) + ".txt");
                if (record) {
                    Files.writeString(file, body, StandardCharsets.UTF_8);
                } else if (!body.equals(Files.readString(file, StandardCharsets.UTF_8))) {
                    differences.put(file.getFileName().toString(), body);
                }
            }
        }
        assertThat(differences).as("answers that differ from the recording").isEmpty();
    }

    /** Dates written as {D+n}: the recording holds on any day. */
    static String relativeDates(String body) {
        String out = body;
        for (int d = -10; d <= 70; d++) {
            out = out.replace(day(d), "{D" + (d < 0 ? "" : "+") + d + "}");
        }
        return out;
    }
}
