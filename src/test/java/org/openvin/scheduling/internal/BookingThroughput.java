package org.openvin.scheduling.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.openvin.OpenVinTest;
import org.openvin.identity.Beneficiaries;
import org.openvin.identity.CurrentUser;
import org.openvin.identity.internal.TestTokens;
import org.openvin.platform.AuditTrail;
import org.openvin.profile.CountryProfile;
import org.openvin.scheduling.Fixtures;
import org.openvin.scheduling.Sessions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Bookings per second through the HTTP API, the booking of before ({@link BookingBefore}, served
 * at {@code /api/v2/appointment/schedule-before} by this class only) against today's, in one JVM
 * on the embedded database: each round books fresh citizens (one beneficiary each) spread over
 * fresh sessions with room for all, a fixed number in flight. Rounds alternate old and new after
 * a warm-up of each. Then the hot case: as many callers on ten sessions of twenty places, where
 * most calls are refusals (the new path refuses a session it knows full before any SQL), with
 * exactly the places confirmed. A measurement, not a test of the suite (its name does not end in Test): run
 * it with {@code -Dtest=BookingThroughput} ({@code -Dbookings=2000 -DinFlight=50 -Drounds=2}). It
 * prints its figures and asserts only that every booking was confirmed.
 */
@OpenVinTest
@Import(BookingThroughput.Before.class)
class BookingThroughput {

    static final int BOOKINGS = Integer.getInteger("bookings", 2000);
    static final int IN_FLIGHT = Integer.getInteger("inFlight", 50);
    static final int ROUNDS = Integer.getInteger("rounds", 2);
    static final int SESSIONS = 200;
    static final long FIRST_CENTRE = 870_001;
    static final int CENTRES = 40;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PublishingSession publishing;

    @Autowired
    ApplicationContext context;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    private final AtomicLong accounts = new AtomicLong();

    /** The booking before this change, as a controller of the test only. */
    @RestController
    static class Before {

        private final BookingBefore booking;
        private final TransactionTemplate transaction;

        Before(JdbcClient jdbc, Sessions sessions, Beneficiaries beneficiaries, CountryProfile profile, AuditTrail audit,
               AppointmentSms notices, SlotClock slotClock, Clock clock, AvailabilityIndex availability,
               PlatformTransactionManager transactions) {
            this.booking = new BookingBefore(jdbc, sessions, beneficiaries, profile, audit, notices, slotClock, clock,
                    availability);
            this.transaction = new TransactionTemplate(transactions);
        }

        @PostMapping("/api/v2/appointment/schedule-before")
        Map<String, String> schedule(@RequestBody AppointmentController.Schedule body) {
            long account = CurrentUser.citizen().accountId();
            var booked = transaction.execute(status -> booking.schedule(account, body.dose(), body.session_id(),
                    body.slot(), body.beneficiaries()));
            return Map.of("appointment_confirmation_no", booked.confirmationNo(), "appointment_id",
                    booked.appointmentId().toString());
        }
    }

    record Booker(String token, String member) {
    }

    record Place(UUID session, String slot) {
    }

    @Test
    void bookingsPerSecondBeforeAndAfter() throws Exception {
        for (long c = FIRST_CENTRE; c < FIRST_CENTRE + CENTRES; c++) {
            Fixtures.centre(jdbc, c, 395, "400080");
        }
        run("before (warm-up)", "/api/v2/appointment/schedule-before", BOOKINGS / 4);
        run("after (warm-up)", "/api/v2/appointment/schedule", BOOKINGS / 4);
        List<String> lines = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            lines.add(run("before, round " + round, "/api/v2/appointment/schedule-before", BOOKINGS));
            lines.add(run("after,  round " + round, "/api/v2/appointment/schedule", BOOKINGS));
        }
        for (int round = 1; round <= ROUNDS; round++) {
            lines.add(hot("hot before, round " + round, "/api/v2/appointment/schedule-before"));
            lines.add(hot("hot after,  round " + round, "/api/v2/appointment/schedule"));
        }
        System.out.println("==== Booking throughput: spread = " + BOOKINGS + " bookings a round over " + SESSIONS
                + " sessions with room for all; hot = " + BOOKINGS + " attempts on " + HOT_SESSIONS + " sessions of "
                + HOT_PLACES + " places; " + IN_FLIGHT + " in flight ====");
        lines.forEach(System.out::println);
    }

    static final int HOT_SESSIONS = 10;
    static final int HOT_PLACES = 20;

    /** Far more callers than places: calls answered a second, and exactly the places confirmed. */
    private String hot(String label, String path) throws Exception {
        List<Place> places = new ArrayList<>();
        for (int i = 0; i < HOT_SESSIONS; i++) {
            UUID id = Fixtures.session(publishing, FIRST_CENTRE + i, Fixtures.today().plusDays(1), "COVISHIELD",
                    HOT_PLACES, 0, 18, null);
            // One slot per session list entry: the callers of a session all ask for its first slot, which holds its places.
            places.add(new Place(id, jdbc.sql("SELECT label FROM session_slot WHERE session_id = ? ORDER BY capacity DESC, position LIMIT 1")
                    .param(id).query(String.class).single()));
        }
        jdbc.sql("UPDATE session_slot SET capacity = ? WHERE session_id = ANY(?)")
                .params(HOT_PLACES, places.stream().map(Place::session).toArray(UUID[]::new)).update();
        return run(label, path, BOOKINGS, places, HOT_SESSIONS * HOT_PLACES);
    }

    private String run(String label, String path, int n) throws Exception {
        return run(label, path, n, places(Math.min(SESSIONS, n)), n);
    }

    private String run(String label, String path, int n, List<Place> places, int confirmable) throws Exception {
        List<Booker> bookers = bookers(n);
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        long[] latencies = new long[n];
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                inFlight.acquire();
                Booker b = bookers.get(i);
                Place p = places.get(i % places.size());
                int index = i;
                pool.submit(() -> {
                    try {
                        String body = "{\"dose\":1,\"session_id\":\"" + p.session() + "\",\"slot\":\"" + p.slot()
                                + "\",\"beneficiaries\":[\"" + b.member() + "\"]}";
                        long t0 = System.nanoTime();
                        var answer = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                .header("Authorization", "Bearer " + b.token()).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                        latencies[index] = System.nanoTime() - t0;
                        outcomes.merge(answer.statusCode() == 200 ? "200" : answer.statusCode() + " " + answer.body(), 1,
                                Integer::sum);
                    } catch (Exception e) {
                        outcomes.merge(e.toString(), 1, Integer::sum);
                    } finally {
                        inFlight.release();
                    }
                    return null;
                });
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Arrays.sort(latencies);
        String line = String.format("%-22s %6.0f calls/s   p50 %5.1f ms   p99 %6.1f ms   (%d calls in %.2f s, %d confirmed)",
                label, n / seconds, latencies[n / 2] / 1e6, latencies[(int) (n * 0.99)] / 1e6, n, seconds,
                outcomes.getOrDefault("200", 0));
        System.out.println(line);
        assertThat(outcomes.getOrDefault("200", 0)).as(label + " " + outcomes).isEqualTo(confirmable);
        assertThat(outcomes.keySet()).as(label).allMatch(k -> k.equals("200") || k.startsWith("409 "));
        return line;
    }

    /** Fresh sessions (room for every booker) across the centres over the next days, each with its slots. */
    private List<Place> places(int sessions) {
        List<Place> places = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            UUID id = Fixtures.session(publishing, FIRST_CENTRE + i % CENTRES, Fixtures.today().plusDays(1 + i % 5),
                    "COVISHIELD", 100, 0, 18, null);
            List<String> slots = jdbc.sql("SELECT label FROM session_slot WHERE session_id = ? ORDER BY position")
                    .param(id).query(String.class).list();
            places.add(new Place(id, slots.get(i % slots.size())));
        }
        return places;
    }

    /** Citizens with one beneficiary each, written straight into the tables (no OTP round), with a token each. */
    private List<Booker> bookers(int n) {
        long base = accounts.getAndAdd(n) + (System.nanoTime() % 1_000_000) * 1_000;
        return jdbc.sql("""
                        WITH account AS (
                            INSERT INTO citizen_account (mobile)
                            SELECT (7000000000 + :base + g)::text FROM generate_series(1, :n) g RETURNING id)
                        INSERT INTO beneficiary (reference_id, account_id, name, birth_year, gender_id, photo_id_type,
                                                 photo_id_hash, photo_id_cipher, photo_id_masked)
                        SELECT (60000000000000 + id)::text, id, 'Booker ' || id, 1980, 2, 1, 'throughput-' || id, 'x',
                               'XXXXXXXX' || lpad((id % 10000)::text, 4, '0')
                        FROM account
                        RETURNING account_id, reference_id""")
                .param("base", base).param("n", n)
                .query((rs, i) -> new Booker(TestTokens.citizen(context, rs.getLong(1)), rs.getString(2)))
                .list();
    }
}
