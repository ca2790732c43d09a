package org.openvin.vaccination;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.Citizens;
import org.openvin.OpenVinTest;
import org.openvin.SqlRoundTrips;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * How many times recording a dose talks to PostgreSQL, counted on the request's own thread. A
 * structural check, not a timing one: a change that adds a look-up to the dose fails here.
 */
@OpenVinTest
@Import(SqlRoundTrips.Config.class)
class DoseRoundTripsTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PasswordEncoder passwords;

    private List<String> traced(Api staff, Map<String, Object> body, int status) {
        return SqlRoundTrips.ofPost(staff.with("Idempotency-Key", UUID.randomUUID().toString()),
                "/api/v2/vaccinator/vaccinations", body, status);
    }

    @Test
    void aDoseIsFourRoundTripsAndASessionsDoseFive() {
        Api api = new Api(port);
        long centre = PointOfCare.centre(jdbc);
        Api vaccinator = PointOfCare.staff(api, jdbc, passwords, "VACCINATOR", centre);
        Api citizen = Citizens.login(api, Citizens.newMobile());
        String walkIn = PointOfCare.beneficiary(citizen, "Walk In", "1980");
        List<String> trips = traced(vaccinator, PointOfCare.dose(walkIn, null, centre, "COVISHIELD", 1), 201);
        // The key claimed, the person locked, everything written in one statement, the commit.
        assertThat(trips).hasSize(4);
        assertThat(trips.get(2)).startsWith("WITH recorded AS ( INSERT INTO vaccination");
        assertThat(trips.get(3)).isEqualTo("COMMIT");
        // A dose in a session also reads the session.
        var session = PointOfCare.session(jdbc, centre, "COVISHIELD", 18, null);
        String booked = PointOfCare.beneficiary(citizen, "In Session", "1981");
        assertThat(traced(vaccinator, PointOfCare.dose(booked, session, null, "COVISHIELD", 1), 201)).hasSize(5);
        // A refusal by the dose rules writes nothing: the key's claim rolls back with the rest.
        assertThat(traced(vaccinator, PointOfCare.dose(walkIn, null, centre, "COVISHIELD", 1), 409))
                .noneMatch(t -> t.startsWith("WITH recorded"));
    }
}
