package org.openvin.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
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
 * How many times one booking talks to PostgreSQL, counted on the request's own thread (token check
 * included). A structural check: a change that adds a look-up to the booking path fails here.
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

    private List<String> traced(Api citizen, String trace, String path, Object body, int status) {
        var answer = citizen.with(SqlRoundTrips.HEADER, trace).post(path, body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        List<String> trips = SqlRoundTrips.of(trace);
        System.out.println(trace + ": " + trips.size() + " round trips");
        trips.forEach(t -> System.out.println("  " + t));
        return trips;
    }

    @Test
    void aBookingOfTwoTakesAtMostTheDesignedRoundTrips() {
        Api api = new Api(port);
        Fixtures.centre(jdbc, CENTRE, 395, "400080");
        UUID session = Fixtures.session(publishing, CENTRE, Fixtures.today().plusDays(1), "COVISHIELD", 10, 10, 18, null);
        var warmUp = Fixtures.family(api, 1, 1980);
        traced(warmUp.api(), "warm-up", "/api/v2/appointment/schedule",
                Fixtures.booking(1, session, SLOT, warmUp.members().getFirst()), 200);

        var one = Fixtures.family(api, 1, 1980);
        var single = traced(one.api(), "book-one", "/api/v2/appointment/schedule",
                Fixtures.booking(1, session, SLOT, one.members().getFirst()), 200);
        var family = Fixtures.family(api, 2, 1980);
        var pair = traced(family.api(), "book-two", "/api/v2/appointment/schedule",
                Fixtures.booking(1, session, SLOT, family.members().get(0), family.members().get(1)), 200);
        assertThat(single).hasSizeLessThanOrEqualTo(99);
        assertThat(pair).hasSizeLessThanOrEqualTo(99);
    }
}
