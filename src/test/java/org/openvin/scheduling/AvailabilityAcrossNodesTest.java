package org.openvin.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.OpenVinTest;
import org.openvin.platform.ChangeFeed;
import org.openvin.scheduling.internal.PublishingSession;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Two OpenVIN processes on one database, each answering availability from its own memory: a
 * change made through node A (or by SQL) shows in node B's public answer within a second; a node
 * whose LISTEN connection is killed reconnects and catches up with every change it missed.
 */
@OpenVinTest
class AvailabilityAcrossNodesTest {

    static final long CENTRE = 772001;
    static final long OTHER_CENTRE = 772002;
    static final String PATH = "/api/v2/appointment/sessions/public/";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    javax.sql.DataSource dataSource;

    @Autowired
    PublishingSession publishing;

    @Autowired
    ChangeFeed feed;

    static String day(int plus) {
        return Fixtures.today().plusDays(plus).format(DateTimeFormatter.ofPattern("dd-MM-yyyy"));
    }

    @Test
    void changesShowOnTheOtherNodeWithinASecondAndSurviveAKilledListenConnection() throws Exception {
        Fixtures.centre(jdbc, CENTRE, 395, "400090");
        Fixtures.centre(jdbc, OTHER_CENTRE, 395, "400090");
        UUID session = Fixtures.session(publishing, CENTRE, Fixtures.today().plusDays(1), "COVISHIELD", 2, 0, 18, null);
        Process second = startSecondNode();
        try {
            Api b = new Api(secondPort);
            awaitReady(b, second);
            Api a = new Api(port);
            assertThat(freeDose1(b, CENTRE, session)).isEqualTo(2);

            // A booking on node A shows in node B's public answer within 1 s.
            var family = Fixtures.family(a, 1, 1980);
            var booked = family.api().post("/api/v2/appointment/schedule",
                    Fixtures.booking(1, session, "09:30AM-10:30AM", family.members().getFirst()));
            assertThat(booked.status()).as(booked.body()).isEqualTo(200);
            withinASecond("the booking on node B", () -> freeDose1(b, CENTRE, session) == 1);
            assertThat(freeDose1(a, CENTRE, session)).as("node A at once").isEqualTo(1);

            // Published, resized, cancelled, centre closed: everywhere within 1 s.
            UUID published = Fixtures.session(publishing, OTHER_CENTRE, Fixtures.today().plusDays(2), "COVAXIN", 7, 0, 18, null);
            withinASecond("a published session", () -> freeDose1(b, OTHER_CENTRE, published) == 7);
            jdbc.sql("UPDATE vaccination_session SET capacity_dose1 = 11 WHERE id = ?").param(published).update();
            withinASecond("a resized session", () -> freeDose1(b, OTHER_CENTRE, published) == 11
                    && freeDose1(a, OTHER_CENTRE, published) == 11);
            jdbc.sql("UPDATE vaccination_session SET cancelled = true WHERE id = ?").param(published).update();
            withinASecond("a cancelled session", () -> freeDose1(b, OTHER_CENTRE, published) == -1
                    && freeDose1(a, OTHER_CENTRE, published) == -1);
            Fixtures.session(publishing, OTHER_CENTRE, Fixtures.today().plusDays(1), "COVAXIN", 3, 0, 18, null);
            withinASecond("an open centre", () -> centreListed(b, OTHER_CENTRE));
            jdbc.sql("UPDATE centre SET active = false WHERE id = ?").param(OTHER_CENTRE).update();
            withinASecond("a closed centre", () -> !centreListed(b, OTHER_CENTRE) && !centreListed(a, OTHER_CENTRE));
            jdbc.sql("UPDATE centre SET active = true WHERE id = ?").param(OTHER_CENTRE).update();
            withinASecond("a reopened centre", () -> centreListed(b, OTHER_CENTRE) && centreListed(a, OTHER_CENTRE));

            // Revalidation and compression on node B.
            String calendar = PATH + "calendarByPin?pincode=400090&date=" + day(0);
            var plain = b.get(calendar);
            assertThat(plain.header("ETag")).isNotBlank();
            assertThat(plain.header("X-OpenVIN-Change-Seq")).isNotBlank();
            assertThat(plain.header("Last-Modified")).isNotBlank();
            assertThat(b.with("If-None-Match", plain.header("ETag")).get(calendar).status()).isEqualTo(304);
            var gzipped = b.with("Accept-Encoding", "gzip").get(calendar);
            assertThat(gzipped.header("Content-Encoding")).isEqualTo("gzip");
            assertThat(gunzip(gzipped.bytes())).isEqualTo(plain.body());

            // Kill every LISTEN connection; change things while the nodes are deaf; both catch up.
            int killed = jdbc.sql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE query LIKE 'LISTEN%'")
                    .query(Integer.class).single();
            assertThat(killed).as("both nodes' LISTEN connections").isGreaterThanOrEqualTo(2);
            UUID whileDeaf = UUID.randomUUID();
            publishing.publish(new NewSession(whileDeaf, CENTRE, Fixtures.today().plusDays(3), "COVAXIN", 18, null, 4, 0, 0,
                    0, List.of()));
            jdbc.sql("UPDATE vaccination_session SET capacity_dose1 = 9 WHERE id = ?").param(session).update();
            jdbc.sql("UPDATE centre SET name = 'Renamed While Deaf' WHERE id = ?").param(CENTRE).update();
            Awaitility.atMost(Duration.ofSeconds(5), () -> freeDose1(b, CENTRE, whileDeaf) == 4
                    && freeDose1(b, CENTRE, session) == 8 && b.get(calendar).body().contains("Renamed While Deaf"));
            Awaitility.atMost(Duration.ofSeconds(5), () -> feed.connected() && jdbc.sql(
                    "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'LISTEN%'").query(Integer.class).single() >= 2);
            // Reconnected: changes show within a second again.
            jdbc.sql("UPDATE vaccination_session SET capacity_dose1 = 12 WHERE id = ?").param(session).update();
            withinASecond("a change after the reconnect", () -> freeDose1(b, CENTRE, session) == 11);
            assertThat(b.get(calendar).body()).isEqualTo(a.get(calendar).body());
        } finally {
            second.destroy();
            if (!second.waitFor(30, TimeUnit.SECONDS)) {
                second.destroyForcibly();
            }
        }
    }

    /** Free dose-1 places of a session in the calendar of its centre, -1 when it is not listed. */
    private static int freeDose1(Api node, long centre, UUID session) {
        JsonNode centers = node.get(PATH + "calendarByCenter?center_id=" + centre + "&date=" + day(0)).json().get("centers");
        if (centers.get("sessions") == null) {
            return -1;
        }
        for (JsonNode s : centers.get("sessions")) {
            if (s.get("session_id").asString().equals(session.toString())) {
                return s.get("available_capacity_dose1").asInt();
            }
        }
        return -1;
    }

    private static boolean centreListed(Api node, long centre) {
        JsonNode centers = node.get(PATH + "calendarByDistrict?district_id=395&date=" + day(0)).json().get("centers");
        return centers.valueStream().anyMatch(c -> c.get("center_id").asLong() == centre);
    }

    private static void withinASecond(String what, Callable<Boolean> shown) throws Exception {
        long started = System.nanoTime();
        while (!shown.call()) {
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as(what + " shows within 1 s")
                    .isLessThan(Duration.ofSeconds(1));
            Thread.sleep(20);
        }
    }

    private static final class Awaitility {
        static void atMost(Duration limit, Callable<Boolean> shown) {
            org.awaitility.Awaitility.await().atMost(limit).pollInterval(Duration.ofMillis(50)).until(shown);
        }
    }

    private static String gunzip(byte[] bytes) throws IOException {
        try (var in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private int secondPort;

    private Process startSecondNode() throws IOException {
        String url = jdbc.sql("SELECT 'jdbc:postgresql://localhost:' || current_setting('port') || '/' || current_database()")
                .query(String.class).single();
        try (ServerSocket socket = new ServerSocket(0)) {
            secondPort = socket.getLocalPort();
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "org.openvin.OpenVinApplication", "--server.port=" + secondPort, "--management.server.port=0",
                "--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
                "--spring.datasource.password=" + org.openvin.TestDatabase.password(dataSource),
                "--spring.flyway.enabled=false", "--spring.datasource.hikari.maximum-pool-size=10",
                "--openvin.keys.dir=target/test-keys",
                "--openvin.public-api.rate-limit.exempt=127.0.0.1,0:0:0:0:0:0:0:1"))
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target", "availability-second-node.log").toFile())
                .start();
    }

    private static void awaitReady(Api node, Process process) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (node.get("/actuator/health/readiness").status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // still starting
            }
            assertThat(process.isAlive()).as("the second node started (see target/availability-second-node.log)").isTrue();
            Thread.sleep(300);
        }
        throw new AssertionError("the second node did not become ready within 120 s");
    }
}
