package org.openvin.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openvin.Api;
import org.openvin.Citizens;
import org.openvin.OpenVinProcess;
import org.openvin.vaccination.PointOfCare;
import tools.jackson.databind.JsonNode;

/**
 * Nothing acknowledged is lost: OpenVIN in its own process on a durable embedded PostgreSQL takes
 * bookings and doses from many clients at once, then the application and its database are killed
 * with {@code kill -9} in the middle of it. After a restart on the same data every booking and
 * dose that had been answered 200/201 is there, no dose twice, every dose gets its certificate,
 * and a client's retry with the same Idempotency-Key records nothing new. Then the application
 * alone is killed (its PostgreSQL lives on) and the next start takes the data back in normal time.
 */
class CrashRecoveryTest {

    private static final Pattern OTP = Pattern.compile("(\\d{6})");
    private static final int WORKERS_EACH = 6;
    private static final int ACKNOWLEDGED_BEFORE_KILL = 12;

    @TempDir
    Path dir;

    record Dose(String idempotencyKey, Map<String, Object> body, String vaccinationId, String certificateId) {
    }

    @Test
    void killMinusNineDuringBookingsAndDosesLosesNothingAcknowledged() throws Exception {
        Duration normalStart;
        List<String> bookings = new ArrayList<>();
        List<Dose> doses = new ArrayList<>();
        try (OpenVinProcess node = OpenVinProcess.start(dir, "crash-first-start")) {
            normalStart = node.startTime();
            Api api = node.api();
            Api vaccinator = Citizens.staff(api, "vaccinator", "openvin-demo");
            long centre;
            centre = OpenVinProcess.demoVaccinatorCentre(dir);
            try (Connection db = OpenVinProcess.connect(dir); Statement s = db.createStatement()) {
                assertThat(setting(s, "fsync")).isEqualTo("on");
                assertThat(setting(s, "synchronous_commit")).isEqualTo("on");
                assertThat(setting(s, "full_page_writes")).isEqualTo("on");
            }
            List<String[]> sessions = bookableSessions(api);
            assertThat(sessions).as("demo sessions to book").isNotEmpty();

            ConcurrentLinkedQueue<String> bookedIds = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Dose> recorded = new ConcurrentLinkedQueue<>();
            AtomicBoolean killed = new AtomicBoolean();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            ExecutorService load = Executors.newVirtualThreadPerTaskExecutor();
            for (int w = 0; w < WORKERS_EACH; w++) {
                int worker = w;
                load.submit(() -> {
                    for (int i = 0; !killed.get(); i++) {
                        try {
                            Api citizen = login(api, Citizens.newMobile());
                            String ref = PointOfCare.beneficiary(citizen, "Crash Booker " + letters(worker * 1000 + i), "1980");
                            String[] session = sessions.get((worker + i) % sessions.size());
                            var booked = citizen.post("/api/v2/appointment/schedule", Map.of("dose", 1,
                                    "session_id", session[0], "slot", session[1], "beneficiaries", List.of(ref)));
                            if (booked.status() == 200) {
                                bookedIds.add(booked.json().get("appointment_id").asString());
                            } else {
                                failures.add("booking answered " + booked);
                            }
                        } catch (RuntimeException | AssertionError e) {
                            // The node went down mid-call: that call was never acknowledged.
                            failures.add("booking: " + e);
                        }
                    }
                    return null;
                });
                load.submit(() -> {
                    for (int i = 0; !killed.get(); i++) {
                        try {
                            Api citizen = login(api, Citizens.newMobile());
                            String ref = PointOfCare.beneficiary(citizen, "Crash Walk-in " + letters(worker * 1000 + i), "1975");
                            Map<String, Object> body = new HashMap<>(Map.of("beneficiary_reference_id", ref,
                                    "center_id", centre, "vaccine", "COVISHIELD", "vaccine_batch", "DEMO-COVISHIELD", "dose", 1));
                            String key = UUID.randomUUID().toString();
                            var answer = vaccinator.with("Idempotency-Key", key).post("/api/v2/vaccinator/vaccinations", body);
                            if (answer.status() == 201) {
                                recorded.add(new Dose(key, body, answer.json().get("vaccination_id").asString(),
                                        answer.json().get("certificate_id").asString()));
                            } else {
                                failures.add("dose answered " + answer);
                            }
                        } catch (RuntimeException | AssertionError e) {
                            failures.add("dose: " + e);
                        }
                    }
                    return null;
                });
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while ((bookedIds.size() < ACKNOWLEDGED_BEFORE_KILL || recorded.size() < ACKNOWLEDGED_BEFORE_KILL)
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(bookedIds.size()).as("bookings before the kill; first failures: %s",
                    failures.stream().limit(4).toList()).isGreaterThanOrEqualTo(ACKNOWLEDGED_BEFORE_KILL);
            assertThat(recorded.size()).as("doses before the kill; first failures: %s",
                    failures.stream().limit(4).toList()).isGreaterThanOrEqualTo(ACKNOWLEDGED_BEFORE_KILL);
            // Pull the plug while calls are in flight; only what was answered before counts.
            node.killEverything();
            bookings.addAll(bookedIds);
            doses.addAll(recorded);
            killed.set(true);
            load.shutdown();
            assertThat(load.awaitTermination(90, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(bookings).as("bookings acknowledged before the kill").hasSizeGreaterThanOrEqualTo(ACKNOWLEDGED_BEFORE_KILL);
        assertThat(doses).as("doses acknowledged before the kill").hasSizeGreaterThanOrEqualTo(ACKNOWLEDGED_BEFORE_KILL);
        assertThat(OpenVinProcess.postgres(dir)).as("nothing left running").isEmpty();

        try (OpenVinProcess node = OpenVinProcess.start(dir, "crash-after-power-cut")) {
            try (Connection db = OpenVinProcess.connect(dir)) {
                assertThat(count(db, "SELECT count(DISTINCT appointment_id) FROM appointment WHERE appointment_id = ANY (?)",
                        bookings.stream().map(UUID::fromString).toArray(UUID[]::new)))
                        .as("every acknowledged booking is there").isEqualTo(bookings.size());
                assertThat(count(db, "SELECT count(*) FROM vaccination WHERE id = ANY (?)",
                        doses.stream().map(d -> UUID.fromString(d.vaccinationId())).toArray(UUID[]::new)))
                        .as("every acknowledged dose is there").isEqualTo(doses.size());
                assertThat(count(db, "SELECT count(*) FROM (SELECT beneficiary_id, dose FROM vaccination "
                        + "GROUP BY beneficiary_id, dose HAVING count(*) > 1) twice", null)).as("no dose twice").isZero();
                // Certificates are issued from the dose's stored event; after the restart, those
                // cut off by the kill are delivered again.
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                long withoutCertificate;
                do {
                    Thread.sleep(250);
                    withoutCertificate = count(db, "SELECT count(*) FROM vaccination v WHERE NOT EXISTS "
                            + "(SELECT 1 FROM certificate c WHERE c.vaccination_id = v.id)", null);
                } while (withoutCertificate > 0 && System.nanoTime() < deadline);
                assertThat(withoutCertificate).as("every dose has its certificate").isZero();
                assertThat(count(db, "SELECT count(*) FROM (SELECT vaccination_id, revision FROM certificate "
                        + "GROUP BY vaccination_id, revision HAVING count(*) > 1) twice", null)).isZero();

                long dosesBefore = count(db, "SELECT count(*) FROM vaccination", null);
                Api vaccinator = Citizens.staff(node.api(), "vaccinator", "openvin-demo");
                for (Dose dose : doses.subList(0, 3)) {
                    var retry = vaccinator.with("Idempotency-Key", dose.idempotencyKey())
                            .post("/api/v2/vaccinator/vaccinations", dose.body());
                    assertThat(retry.status()).as(retry.body()).isEqualTo(201);
                    assertThat(retry.json().get("vaccination_id").asString()).isEqualTo(dose.vaccinationId());
                    assertThat(retry.json().get("certificate_id").asString()).isEqualTo(dose.certificateId());
                }
                assertThat(count(db, "SELECT count(*) FROM vaccination", null)).as("a retry records nothing new")
                        .isEqualTo(dosesBefore);
            }
            // Now only the application dies: its PostgreSQL is orphaned and still holds the data.
            node.killApplication();
        }
        Optional<ProcessHandle> orphan = OpenVinProcess.postgres(dir);
        assertThat(orphan).as("PostgreSQL outlives a kill -9 of the application").isPresent();
        try (OpenVinProcess node = OpenVinProcess.start(dir, "crash-after-app-kill")) {
            assertThat(orphan.get().isAlive()).as("the orphaned server was stopped").isFalse();
            assertThat(node.startTime()).as("restart after kill -9 of the app, against a first start of " + normalStart)
                    .isLessThan(normalStart.plusSeconds(20));
            try (Connection db = OpenVinProcess.connect(dir)) {
                assertThat(count(db, "SELECT count(DISTINCT appointment_id) FROM appointment WHERE appointment_id = ANY (?)",
                        bookings.stream().map(UUID::fromString).toArray(UUID[]::new))).isEqualTo(bookings.size());
            }
        }
    }

    /** Names take letters only: 0 is "a", 27 is "bb"… */
    private static String letters(int n) {
        StringBuilder name = new StringBuilder();
        do {
            name.append((char) ('a' + n % 26));
            n /= 26;
        } while (n > 0);
        return name.toString();
    }

    private static String setting(Statement s, String name) throws SQLException {
        try (ResultSet rs = s.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long count(Connection db, String sql, Object[] array) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(sql)) {
            if (array != null) {
                s.setArray(1, db.createArrayOf("uuid", array));
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Logs a citizen in through the demo outbox, as the README tells a newcomer to. */
    static Api login(Api api, String mobile) throws InterruptedException {
        var sent = api.post("/api/v2/auth/generateOTP", Map.of("mobile", mobile));
        if (sent.status() != 200) {
            throw new IllegalStateException(sent.toString());
        }
        String otp = null;
        for (int i = 0; i < 50 && otp == null; i++) {
            JsonNode outbox = api.get("/api/dev/sms?mobile=" + mobile).json();
            if (!outbox.isEmpty()) {
                Matcher m = OTP.matcher(outbox.get(0).get("text").asString());
                otp = m.find() ? m.group(1) : null;
            }
            if (otp == null) {
                Thread.sleep(100);
            }
        }
        var confirmed = api.post("/api/v2/auth/confirmOTP",
                Map.of("otp", Citizens.sha256(otp), "txnId", sent.json().get("txnId").asString()));
        if (confirmed.status() != 200) {
            throw new IllegalStateException(confirmed.toString());
        }
        return api.bearer(confirmed.json().get("token").asString());
    }

    /** Session id and slot of demo sessions in the coming days. */
    private static List<String[]> bookableSessions(Api api) {
        List<String[]> sessions = new ArrayList<>();
        String day = LocalDate.now(ZoneId.of("Asia/Kolkata")).plusDays(1).format(DateTimeFormatter.ofPattern("dd-MM-yyyy"));
        JsonNode centres = api.get("/api/v2/appointment/sessions/public/calendarByPin?pincode=400080&date=" + day)
                .json().get("centers");
        for (JsonNode centre : centres) {
            for (JsonNode session : centre.get("sessions")) {
                if (session.get("min_age_limit").asInt() <= 45 && session.get("available_capacity_dose1").asInt() > 0) {
                    for (JsonNode slot : session.get("slots")) {
                        sessions.add(new String[]{session.get("session_id").asString(), slot.isString() ? slot.asString()
                                : slot.get("time").asString()});
                    }
                }
            }
        }
        return sessions;
    }
}
