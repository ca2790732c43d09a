package org.openvin.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openvin.Api;
import org.openvin.Citizens;
import org.openvin.OpenVinProcess;
import org.openvin.vaccination.PointOfCare;

/**
 * PostgreSQL dies under load and comes back: meanwhile the node answers 503 with an error code
 * within 2 s (never 401, never 500, never a hang), shows a "try again" page, reports readiness
 * DOWN and liveness UP; afterwards it serves again without a restart, and certificates whose
 * issuance was cut off are issued.
 */
class DatabaseOutageTest {

    @TempDir
    Path dir;

    @Test
    void aNodeSurvivesItsDatabaseGoingAwayAndComingBack() throws Exception {
        try (OpenVinProcess node = OpenVinProcess.start(dir, "outage",
                "--openvin.events.retry-failed=2s", "--spring.modulith.events.staleness.published=3s",
                "--spring.modulith.events.staleness.processing=3s", "--spring.modulith.events.staleness.resubmission=3s",
                "--spring.modulith.events.staleness.check-intervall=2s")) {
            Api api = node.api();
            Api vaccinator = Citizens.staff(api, "vaccinator", "openvin-demo");
            Api stateAdmin = Citizens.staff(api, "state.admin", "openvin-demo");
            // Reports outside the state admin's state: refused and audited (through the refusals'
            // own pool, which then holds a connection) before any other SQL.
            List<String> outsideScope = new ArrayList<>();
            for (int state = 1; state <= 3; state++) {
                String path = "/api/v2/admin/reports/coverage?state_id=" + state;
                if (stateAdmin.get(path).status() == 403) {
                    outsideScope.add(path);
                }
            }
            assertThat(outsideScope).isNotEmpty();
            Api citizen = CrashRecoveryTest.login(api, Citizens.newMobile());
            long centre = OpenVinProcess.demoVaccinatorCentre(dir);
            List<String> people = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                people.add(PointOfCare.beneficiary(citizen, "Outage Person " + (char) ('a' + i), "1970"));
            }
            String late = PointOfCare.beneficiary(citizen, "Outage Later", "1971");

            // Doses in flight as the database goes down: some certificates are left to issue.
            ExecutorService load = Executors.newVirtualThreadPerTaskExecutor();
            List<Future<Api.Answer>> inFlight = new ArrayList<>();
            for (String ref : people) {
                inFlight.add(load.submit(() -> vaccinator.with("Idempotency-Key", UUID.randomUUID().toString())
                        .post("/api/v2/vaccinator/vaccinations", Map.of("beneficiary_reference_id", ref, "center_id", centre,
                                "vaccine", "COVISHIELD", "vaccine_batch", "DEMO-COVISHIELD", "dose", 1))));
            }
            ProcessHandle postgres = OpenVinProcess.postgres(dir).orElseThrow();
            int pgPort = Integer.parseInt(Files.readAllLines(dir.resolve("postgres").resolve("postmaster.pid")).get(3).strip());
            postgres.destroyForcibly();
            postgres.onExit().get(30, TimeUnit.SECONDS);
            for (Future<Api.Answer> call : inFlight) {
                assertThat(call.get(10, TimeUnit.SECONDS).status()).as("a dose in flight: recorded or 503").isIn(201, 503);
            }

            // While it is away, and until it is back: clients keep calling, signed in and not.
            AtomicBoolean loadOn = new AtomicBoolean(true);
            ConcurrentLinkedQueue<String> badAnswers = new ConcurrentLinkedQueue<>();
            AtomicLong slowest = new AtomicLong();
            AtomicInteger calls = new AtomicInteger();
            List<Supplier<Api.Answer>> kinds = List.of(
                    () -> citizen.get("/api/v2/appointment/beneficiaries"),
                    () -> vaccinator.get("/api/v2/admin/stock/balance?center_id=" + centre),
                    () -> api.post("/api/v2/auth/public/generateOTP", Map.of("mobile", Citizens.newMobile())),
                    () -> api.with("Accept", "text/html").get("/dashboard"));
            ConcurrentLinkedQueue<String> slowCalls = new ConcurrentLinkedQueue<>();
            for (int t = 0; t < 8; t++) {
                int kind = t % kinds.size();
                Supplier<Api.Answer> call = kinds.get(kind);
                load.submit(() -> {
                    while (loadOn.get()) {
                        long started = System.nanoTime();
                        Api.Answer answer = call.get();
                        long took = System.nanoTime() - started;
                        if (answer.status() == 503) {
                            // The outage answers must be quick; calls after the database is back may
                            // wait on it while it recovers, and then succeed.
                            slowest.accumulateAndGet(took, Math::max);
                        }
                        if (took > 2_000_000_000L) {
                            slowCalls.add("call " + kind + " took " + took / 1_000_000 + " ms at " + java.time.Instant.now()
                                    + ": " + answer.status());
                        }
                        calls.incrementAndGet();
                        if (answer.status() != 200 && answer.status() != 503) {
                            badAnswers.add(answer.status() + " " + answer.body());
                        }
                    }
                    return null;
                });
            }
            Api.Answer citizenCall = timed(() -> citizen.get("/api/v2/appointment/beneficiaries"));
            assertThat(citizenCall.json().get("errorCode").asString()).isEqualTo(DatabaseOutage.CODE);
            Api.Answer staffCall = timed(() -> vaccinator.with("Idempotency-Key", UUID.randomUUID().toString())
                    .post("/api/v2/vaccinator/vaccinations", Map.of("beneficiary_reference_id", late, "center_id", centre,
                            "vaccine", "COVISHIELD", "vaccine_batch", "DEMO-COVISHIELD", "dose", 1)));
            assertThat(staffCall.json().get("errorCode").asString()).isEqualTo(DatabaseOutage.CODE);
            // The same refusals while the database is away: 503 at once, like every other call.
            for (String path : outsideScope) {
                assertThat(timed(() -> stateAdmin.get(path)).json().get("errorCode").asString()).isEqualTo(DatabaseOutage.CODE);
            }
            Api.Answer anonymous = timed(() -> api.post("/api/v2/auth/public/generateOTP", Map.of("mobile", Citizens.newMobile())));
            assertThat(anonymous.json().get("errorCode").asString()).isEqualTo(DatabaseOutage.CODE);
            assertThat(anonymous.header("Retry-After")).isNotBlank();
            // A page that reads the database (the login page no longer does: nothing is stored before sign-in).
            // Searching for a place needs no database: every node answers it from memory.
            assertThat(api.with("Accept", "text/html").get("/search?pincode=400080").status()).isEqualTo(200);
            Api.Answer page = timed(() -> api.with("Accept", "text/html").get("/dashboard"));
            assertThat(page.header("Content-Type")).startsWith("text/html");
            assertThat(page.body()).contains("DATABASE_UNAVAILABLE").contains("Try again");
            assertThat(api.get("/actuator/health/readiness").status()).as("readiness DOWN").isEqualTo(503);
            var liveness = api.get("/actuator/health/liveness");
            assertThat(liveness.status()).as("liveness UP: the node can recover; " + liveness.body()).isEqualTo(200);

            // The database comes back on the same port and data; the node needs no restart.
            EmbeddedPostgres restarted = startAgain(dir.resolve("postgres"), pgPort);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (api.get("/actuator/health/readiness").status() != 200 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(api.get("/actuator/health/readiness").status()).as("ready again").isEqualTo(200);
            loadOn.set(false);
            load.shutdown();
            assertThat(load.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            assertThat(calls.get()).as("calls made through the outage").isGreaterThan(50);
            assertThat(badAnswers).as("every answer through the outage was 200 or 503").isEmpty();
            assertThat(Duration.ofNanos(slowest.get())).as("the slowest 503 through the outage: %s", slowCalls).isLessThanOrEqualTo(Duration.ofSeconds(2));
            var beneficiaries = citizen.get("/api/v2/appointment/beneficiaries");
            assertThat(beneficiaries.status()).as(beneficiaries.body()).isEqualTo(200);
            var dose = vaccinator.with("Idempotency-Key", UUID.randomUUID().toString())
                    .post("/api/v2/vaccinator/vaccinations", Map.of("beneficiary_reference_id", late, "center_id", centre,
                            "vaccine", "COVISHIELD", "vaccine_batch", "DEMO-COVISHIELD", "dose", 1));
            assertThat(dose.status()).as(dose.body()).isEqualTo(201);
            try (Connection db = OpenVinProcess.connect(dir); Statement s = db.createStatement()) {
                long missing = Long.MAX_VALUE;
                deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (missing > 0 && System.nanoTime() < deadline) {
                    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM vaccination v WHERE NOT EXISTS "
                            + "(SELECT 1 FROM certificate c WHERE c.vaccination_id = v.id)")) {
                        rs.next();
                        missing = rs.getLong(1);
                    }
                    Thread.sleep(250);
                }
                assertThat(missing).as("every dose recorded has its certificate, those cut off too").isZero();
            }
            node.close();
            restarted.close();
        }
    }

    /** The answer to a call made while the database is down: 503, quickly, never 401 or 500. */
    private static Api.Answer timed(Supplier<Api.Answer> call) {
        long started = System.nanoTime();
        Api.Answer answer = call.get();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(answer.status()).as(answer.body()).isEqualTo(503);
        assertThat(took).as("answered within 2 s").isLessThanOrEqualTo(Duration.ofSeconds(2));
        return answer;
    }

    /**
     * PostgreSQL on the same data and port, as an operator (or systemd) would bring it back. The
     * node still holds the library's lock file, which only guards against two starts by the
     * library: the old server is dead, so a fresh lock file lets this one start.
     */
    private static EmbeddedPostgres startAgain(Path data, int port) throws Exception {
        Files.deleteIfExists(data.resolve("epg-lock"));
        String password = Files.readString(EmbeddedDatabase.secretFileOf(data)).strip();
        for (int attempt = 0; ; attempt++) {
            try {
                return EmbeddedPostgres.builder().setDataDirectory(data.toFile()).setCleanDataDirectory(false)
                        .setPort(port).setConnectConfig("password", password).setServerConfig("listen_addresses", "localhost")
                        .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                        .setOutputRedirector(ProcessBuilder.Redirect.DISCARD).setErrorRedirector(ProcessBuilder.Redirect.DISCARD)
                        .setPGStartupWait(Duration.ofSeconds(30)).start();
            } catch (Exception e) {
                // A backend of the killed server can hold its shared memory for a moment.
                if (attempt == 5) {
                    throw e;
                }
                Files.deleteIfExists(data.resolve("epg-lock"));
                Thread.sleep(1000);
            }
        }
    }
}
