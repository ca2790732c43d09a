package org.openvin.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.OpenVinTest;
import org.openvin.scheduling.internal.PublishingSession;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * 500 citizens race for 50 dose-1 places: exactly 50 win, on one node and on two OpenVIN processes
 * sharing the database, and the public availability says 0 within five seconds.
 */
@OpenVinTest
class OverbookingTest {

    static final long CENTRE = 820001;
    static final String[] SLOTS = {"09:30AM-10:30AM", "10:30AM-11:30AM", "11:30AM-12:30PM", "12:30PM-04:00PM"};

    @LocalServerPort
    int port;

    @Autowired
    javax.sql.DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PublishingSession publishing;

    record Booker(Api api, String member) {
    }

    private List<Booker> bookers(Api api, int n) {
        List<Booker> bookers = new ArrayList<>();
        while (bookers.size() < n) {
            var family = Fixtures.family(api, Math.min(4, n - bookers.size()), 1985);
            family.members().forEach(m -> bookers.add(new Booker(family.api(), m)));
        }
        return bookers;
    }

    private Map<String, Integer> race(UUID session, List<Booker> bookers, List<Integer> ports) throws InterruptedException {
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger unexpected = new AtomicInteger();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < bookers.size(); i++) {
                Booker b = bookers.get(i);
                int nodePort = ports.get(i % ports.size());
                String slot = SLOTS[i % SLOTS.length];
                pool.submit(() -> {
                    start.await();
                    String key;
                    try {
                        var answer = bookConnecting(nodePort, b, session, slot);
                        key = answer.status() == 200 ? "200" : answer.status() + ":" + answer.body();
                        if (answer.status() == 409) {
                            key = "409:" + answer.json().get("errorCode").asString();
                        }
                    } catch (RuntimeException e) {
                        // A call that never got an answer is an outcome too: it must show in the failure message.
                        key = "no answer: " + e + (e.getCause() == null ? "" : " caused by " + e.getCause());
                    }
                    outcomes.merge(key, 1, Integer::sum);
                    if (!key.equals("200") && !key.startsWith("409:")) {
                        unexpected.incrementAndGet();
                    }
                    return null;
                });
            }
            start.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(unexpected.get()).as(outcomes.toString()).isZero();
        return outcomes;
    }

    /**
     * Books once. A call whose connection was never made (500 sockets opened at once on a busy
     * machine can outrun the listen backlog) never reached a node, so it is made again, as any
     * client would; a call that reached a node is never repeated.
     */
    private static Api.Answer bookConnecting(int nodePort, Booker b, UUID session, String slot) {
        Api node = new Api(nodePort).with("Authorization", b.api().headerValue("Authorization"));
        for (int attempt = 1; ; attempt++) {
            try {
                return node.post("/api/v2/appointment/schedule", Fixtures.booking(1, session, slot, b.member()));
            } catch (java.io.UncheckedIOException e) {
                boolean notConnected = e.getCause() instanceof java.net.http.HttpConnectTimeoutException
                        || e.getCause() instanceof java.net.ConnectException;
                if (!notConnected || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private void assertExactlyFiftyBooked(UUID session, Map<String, Integer> outcomes, java.time.LocalDate date,
                                          int publicPort) throws InterruptedException {
        assertThat(outcomes).as(outcomes.toString()).containsEntry("200", 50).containsEntry("409:APPOIN0040", 450);
        assertThat(jdbc.sql("SELECT count(*) FROM appointment WHERE session_id = ? AND status = 'BOOKED'").param(session)
                .query(Integer.class).single()).isEqualTo(50);
        assertThat(jdbc.sql("SELECT booked_dose1 FROM vaccination_session WHERE id = ?").param(session)
                .query(Integer.class).single()).isEqualTo(50);
        assertThat(jdbc.sql("SELECT sum(booked) FROM session_slot WHERE session_id = ?").param(session)
                .query(Integer.class).single()).isEqualTo(50);
        // The public, cached answer catches up within five seconds.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        int publicDose1 = -1;
        while (System.nanoTime() < deadline) {
            JsonNode centre = new Api(publicPort).get("/api/v2/appointment/sessions/public/calendarByCenter?center_id=" + CENTRE
                    + "&date=" + date.format(java.time.format.DateTimeFormatter.ofPattern("dd-MM-yyyy")))
                    .json().get("centers");
            publicDose1 = centre.get("sessions").valueStream()
                    .filter(s -> s.get("session_id").asString().equals(session.toString()))
                    .findFirst().orElseThrow().get("available_capacity_dose1").asInt();
            if (publicDose1 == 0) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(publicDose1).isZero();
    }

    @Test
    void fiveHundredRaceForFiftyOnOneNode() throws InterruptedException {
        Fixtures.centre(jdbc, CENTRE, 395, "400080");
        Api api = new Api(port);
        UUID session = Fixtures.session(publishing, CENTRE, Fixtures.today().plusDays(1), "COVISHIELD", 50, 0, 18, null);
        // Prime the public cache so the test also proves it refreshes.
        api.get("/api/v2/appointment/sessions/public/calendarByCenter?center_id=" + CENTRE + "&date="
                + Fixtures.today().plusDays(1).format(java.time.format.DateTimeFormatter.ofPattern("dd-MM-yyyy")));
        assertExactlyFiftyBooked(session, race(session, bookers(api, 500), List.of(port)), Fixtures.today().plusDays(1), port);
    }

    @Test
    void fiveHundredRaceForFiftyAcrossTwoProcessesSharingTheDatabase() throws Exception {
        Fixtures.centre(jdbc, CENTRE, 395, "400080");
        Api api = new Api(port);
        UUID session = Fixtures.session(publishing, CENTRE, Fixtures.today().plusDays(2), "COVISHIELD", 50, 0, 18, null);
        List<Booker> bookers = bookers(api, 500);
        String url = jdbc.sql("SELECT 'jdbc:postgresql://localhost:' || current_setting('port') || '/' || current_database()")
                .query(String.class).single();
        int secondPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            secondPort = socket.getLocalPort();
        }
        // A second OpenVIN process, as a second app node behind a load balancer would be: its own
        // JVM, its own connection pool and cache, the same database and the same keys.
        String java = ProcessHandle.current().info().command().orElse("java");
        Process second = new ProcessBuilder(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "org.openvin.OpenVinApplication", "--server.port=" + secondPort, "--management.server.port=0", "--spring.datasource.url=" + url,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=" + org.openvin.TestDatabase.password(dataSource), "--spring.flyway.enabled=false",
                "--spring.datasource.hikari.maximum-pool-size=10",
                // 250 calls at once on a pool of 10: this test is about the invariant, not about shedding load.
                "--spring.datasource.hikari.connection-timeout=30000", "--openvin.keys.dir=target/test-keys",
                "--openvin.public-api.rate-limit.exempt=127.0.0.1,0:0:0:0:0:0:0:1"))
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target", "overbooking-second-node.log").toFile())
                .start();
        try {
            Api secondNode = new Api(secondPort);
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            boolean ready = false;
            while (!ready && System.nanoTime() < deadline) {
                try {
                    ready = secondNode.get("/actuator/health/readiness").status() == 200;
                } catch (RuntimeException notYet) {
                    // still starting
                }
                assertThat(second.isAlive()).as("the second node started (see target/overbooking-second-node.log)").isTrue();
                if (!ready) {
                    Thread.sleep(300);
                }
            }
            assertThat(ready).as("the second node became ready within 90 s").isTrue();
            assertThat(second.pid()).isNotEqualTo(ProcessHandle.current().pid());
            // Each node takes half the calls; the second node's public answer must show 0 left within 5 s.
            var outcomes = race(session, bookers, List.of(port, secondPort));
            assertExactlyFiftyBooked(session, outcomes, Fixtures.today().plusDays(2), secondPort);
        } finally {
            second.destroy();
            if (!second.waitFor(30, TimeUnit.SECONDS)) {
                second.destroyForcibly();
            }
        }
    }
}
