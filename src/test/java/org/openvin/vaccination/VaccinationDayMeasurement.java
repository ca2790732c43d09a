package org.openvin.vaccination;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.OpenVinTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.TestPropertySource;

/**
 * Not part of the suite (the name does not end in Test): run it with
 * {@code ./mvnw test -Dtest=VaccinationDayMeasurement}. A small vaccination day on the embedded
 * database, through the HTTP API: first a few doses one at a time with pgjdbc's protocol log on,
 * to count the SQL round trips (Sync messages) a dose and its certificate cost, by statement; then
 * {@code openvin.measure.doses} doses from {@code openvin.measure.clients} concurrent clients at
 * {@code openvin.measure.centres} centres, printing doses/s and how long after the last answer the
 * last certificate existed. Prints figures only: nothing here asserts a time. The totals are right
 * either way; for the breakdown by statement add {@code -Dopenvin.measure.prepare-threshold=0}
 * (pgjdbc then names the query on every execution, and the throughput figure is not comparable).
 */
@OpenVinTest
@TestPropertySource(properties = "spring.datasource.hikari.data-source-properties.prepareThreshold=${openvin.measure.prepare-threshold:5}")
class VaccinationDayMeasurement {

    private static final int DOSES = Integer.getInteger("openvin.measure.doses", 2_000);
    private static final int CLIENTS = Integer.getInteger("openvin.measure.clients", 16);
    private static final int CENTRES = Integer.getInteger("openvin.measure.centres", 4);
    private static final int COUNTED = 20;

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PasswordEncoder passwords;

    @Test
    void vaccinationDay() throws Exception {
        Api api = new Api(port);
        long firstRef = 77_000_000_000_000L + (System.nanoTime() % 1_000_000) * 10_000;
        jdbc.sql("INSERT INTO citizen_account (mobile) VALUES ('9000000001') ON CONFLICT DO NOTHING").update();
        long account = jdbc.sql("SELECT id FROM citizen_account WHERE mobile = '9000000001'").query(Long.class).single();
        jdbc.sql("""
                        INSERT INTO beneficiary (reference_id, account_id, name, birth_year, gender_id, photo_id_type,
                            photo_id_hash, photo_id_cipher, photo_id_masked)
                        SELECT (? + n)::text, ?, 'Measured Person ' || n, 1980, 1 + n % 2, 1, 'h' || (? + n), 'c', 'XXXXXXXX0000'
                        FROM generate_series(0, ?) n""")
                .params(firstRef, account, firstRef, DOSES + COUNTED).update();
        List<Long> centres = new ArrayList<>();
        List<Api> vaccinators = new ArrayList<>();
        for (int c = 0; c < CENTRES; c++) {
            long centre = PointOfCare.unstockedCentre(jdbc);
            PointOfCare.receive(jdbc, centre, "COVISHIELD", PointOfCare.LOT, DOSES / CENTRES / 10 + 10);
            centres.add(centre);
            vaccinators.add(PointOfCare.staff(api, jdbc, passwords, "VACCINATOR", centre));
        }

        // Round trips: one dose at a time, with the certificate awaited, protocol log on.
        RoundTrips trips = RoundTrips.start();
        for (int i = 0; i < COUNTED; i++) {
            var answer = PointOfCare.record(vaccinators.get(0), body(firstRef + DOSES + i, centres.get(0)));
            assertThat(answer.status()).as(answer.body()).isEqualTo(201);
            awaitNoBacklog();
        }
        Thread.sleep(300);
        trips.stop();
        System.out.printf("%nMEASURE round trips (pgjdbc Sync) over %d doses, while the awaiting test's own polling is excluded:%n",
                COUNTED);
        trips.print(COUNTED);

        // Throughput.
        AtomicInteger next = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        long started = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            running.add(clients.submit(() -> {
                for (int i = next.getAndIncrement(); i < DOSES; i = next.getAndIncrement()) {
                    int centre = i % CENTRES;
                    var answer = PointOfCare.record(vaccinators.get(centre), body(firstRef + i, centres.get(centre)));
                    if (answer.status() != 201 && refused.incrementAndGet() < 4) {
                        System.out.println("MEASURE refused: " + answer);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        clients.shutdown();
        long answered = System.nanoTime();
        long backlogAtLastAnswer = backlog();
        awaitNoBacklog();
        long certified = System.nanoTime();
        double recording = (answered - started) / 1e9;
        double endToEnd = (certified - started) / 1e9;
        System.out.printf("MEASURE %d doses, %d clients, %d centres, %d refused%n", DOSES, CLIENTS, CENTRES, refused.get());
        System.out.printf("MEASURE recorded %.0f doses/s (%.2f s); backlog at the last answer %d; last certificate %.2f s after"
                        + " the last answer; end to end %.0f doses+certificates/s%n",
                DOSES / recording, recording, backlogAtLastAnswer, endToEnd - recording, DOSES / endToEnd);
        assertThat(refused.get()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM certificate c JOIN vaccination v ON v.id = c.vaccination_id"
                + " WHERE v.beneficiary_id::bigint >= ?").param(firstRef).query(Long.class).single())
                .isEqualTo(DOSES + COUNTED);
    }

    private static Map<String, Object> body(long ref, long centre) {
        Map<String, Object> body = PointOfCare.dose(Long.toString(ref), null, centre, "COVISHIELD", 1);
        body.put("vaccine_batch", PointOfCare.LOT);
        return body;
    }

    private long backlog() {
        return RoundTrips.uncounted(() -> jdbc.sql(
                "SELECT count(*) FROM vaccination v WHERE NOT EXISTS (SELECT 1 FROM certificate c WHERE c.vaccination_id = v.id)")
                .query(Long.class).single());
    }

    private void awaitNoBacklog() throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (backlog() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    /** Tallies pgjdbc's "FE=> Sync" (one per round trip) by the statement parsed or bound before it. */
    static final class RoundTrips extends Handler {

        private static final Logger PROTOCOL = Logger.getLogger("org.postgresql.core.v3.QueryExecutorImpl");
        private static final ThreadLocal<Boolean> IGNORED = ThreadLocal.withInitial(() -> false);
        private final Map<String, LongAdder> byStatement = new ConcurrentHashMap<>();
        private final Map<Thread, String> lastStatement = new ConcurrentHashMap<>();
        private final LongAdder total = new LongAdder();

        static RoundTrips start() {
            RoundTrips trips = new RoundTrips();
            PROTOCOL.setLevel(Level.FINEST);
            PROTOCOL.setUseParentHandlers(false);
            PROTOCOL.addHandler(trips);
            return trips;
        }

        static <T> T uncounted(java.util.function.Supplier<T> work) {
            IGNORED.set(true);
            try {
                return work.get();
            } finally {
                IGNORED.set(false);
            }
        }

        void stop() {
            PROTOCOL.removeHandler(this);
            PROTOCOL.setLevel(Level.INFO);
        }

        void print(int doses) {
            System.out.printf("MEASURE   %.2f round trips a dose%n", total.doubleValue() / doses);
            new TreeMap<>(byStatement).forEach((sql, n) ->
                    System.out.printf("MEASURE   %6.2f  %s%n", n.doubleValue() / doses, sql));
        }

        @Override
        public void publish(LogRecord record) {
            if (IGNORED.get() || record.getMessage() == null) {
                return;
            }
            String message = record.getParameters() == null || record.getParameters().length == 0 ? record.getMessage()
                    : java.text.MessageFormat.format(record.getMessage(), record.getParameters());
            if (message.contains("FE=> Parse") || message.contains("FE=> SimpleQuery")) {
                int q = message.indexOf("query=");
                if (q >= 0) {
                    lastStatement.put(Thread.currentThread(), message.substring(q + 6, Math.min(message.length(), q + 96))
                            .replaceAll("\\s+", " "));
                }
            } else if (message.contains("FE=> Sync")) {
                total.increment();
                byStatement.computeIfAbsent(lastStatement.getOrDefault(Thread.currentThread(), "?"), k -> new LongAdder())
                        .increment();
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
