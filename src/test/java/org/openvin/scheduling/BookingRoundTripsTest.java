package org.openvin.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.OpenVinTest;
import org.openvin.SqlRoundTrips;
import org.openvin.scheduling.internal.PublishingSession;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * How many times booking, rescheduling and cancelling talk to PostgreSQL, counted on the request's
 * own thread. A structural check, not a timing one: a change that adds a look-up to these paths
 * fails here. The token check is counted apart (it is identity's, and is moving to memory): the
 * bounds are those of the design in {@code BookingAppointment} — a booking reads once and writes
 * once, whatever the size of the family; a cancellation reads, writes, commits; a reschedule also
 * gives the old places back first; a session known full costs no SQL at all.
 */
@OpenVinTest
@Import(SqlRoundTrips.Config.class)
class BookingRoundTripsTest {

    static final long CENTRE = 810301;
    static final String SLOT = "09:30AM-10:30AM";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PublishingSession publishing;

    /** The request's round trips other than the token check. */
    private List<String> traced(Api citizen, String path, Object body, int status) {
        return SqlRoundTrips.ofPost(citizen, path, body, status).stream().filter(t -> !t.contains("revoked_token")).toList();
    }

    private UUID session(int dose1) {
        Fixtures.centre(jdbc, CENTRE, 395, "400080");
        return Fixtures.session(publishing, CENTRE, Fixtures.today().plusDays(1), "COVISHIELD", dose1, 10, 18, null);
    }

    @Test
    void aBookingReadsOnceAndWritesOnceWhateverTheFamilySize() {
        Api api = new Api(port);
        UUID session = session(10);
        var one = Fixtures.family(api, 1, 1980);
        assertThat(traced(one.api(), "/api/v2/appointment/schedule",
                Fixtures.booking(1, session, SLOT, one.members().getFirst()), 200)).hasSizeLessThanOrEqualTo(2);
        var family = Fixtures.family(api, 3, 1980);
        assertThat(traced(family.api(), "/api/v2/appointment/schedule",
                Fixtures.booking(1, session, SLOT, family.members().toArray(String[]::new)), 200))
                .hasSizeLessThanOrEqualTo(2);
        // A refusal after the read (here: already booked) writes nothing.
        assertThat(traced(one.api(), "/api/v2/appointment/schedule",
                Fixtures.booking(1, session, SLOT, one.members().getFirst()), 409)).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void cancellingTakesThreeAndReschedulingFour() {
        Api api = new Api(port);
        UUID from = session(10);
        UUID to = session(10);
        var family = Fixtures.family(api, 2, 1980);
        String id = family.api().post("/api/v2/appointment/schedule",
                Fixtures.booking(1, from, SLOT, family.members().toArray(String[]::new))).json().get("appointment_id").asString();
        assertThat(traced(family.api(), "/api/v2/appointment/reschedule",
                Map.of("appointment_id", id, "session_id", to.toString(), "slot", SLOT), 204)).hasSizeLessThanOrEqualTo(4);
        assertThat(traced(family.api(), "/api/v2/appointment/cancel", Map.of("appointment_id", id), 204))
                .hasSizeLessThanOrEqualTo(3);
    }

    @Test
    void aSessionKnownFullIsRefusedWithoutSql() {
        Api api = new Api(port);
        UUID session = session(1);
        var first = Fixtures.family(api, 1, 1980);
        assertThat(first.api().post("/api/v2/appointment/schedule",
                Fixtures.booking(1, session, SLOT, first.members().getFirst())).status()).isEqualTo(200);
        // Once this node's index has applied the booking, the next attempt is refused from memory.
        var late = Fixtures.family(api, 1, 1980);
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300)).until(() ->
                traced(late.api(), "/api/v2/appointment/schedule",
                        Fixtures.booking(1, session, SLOT, late.members().getFirst()), 409).isEmpty());
    }
}
