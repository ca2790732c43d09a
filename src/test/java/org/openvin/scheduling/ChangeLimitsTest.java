package org.openvin.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.OpenVinTest;
import org.openvin.TestClock;
import org.openvin.scheduling.internal.PublishingSession;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A place cannot be held and released at will: the profile (India: 3 reschedules an appointment,
 * 2 cancel-and-rebook cycles a beneficiary a day) bounds both, with an error code beyond.
 */
@OpenVinTest
class ChangeLimitsTest {

    static final long CENTRE = 810077;
    static final String SLOT = "09:30AM-10:30AM";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PublishingSession publishing;

    @AfterEach
    void resetClock() {
        TestClock.reset();
    }

    private UUID session() {
        Fixtures.centre(jdbc, CENTRE, 395, "400080");
        return Fixtures.session(publishing, CENTRE, Fixtures.today().plusDays(3), "COVISHIELD", 10, 10, 18, null);
    }

    private static void assertRefused(Api.Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.json().get("errorCode").asString()).isEqualTo(code);
    }

    @Test
    void anAppointmentIsRescheduledAtMostThreeTimes() {
        UUID a = session();
        UUID b = session();
        var family = Fixtures.family(new Api(port), 1, 1980);
        String id = family.api().post("/api/v2/appointment/schedule", Fixtures.booking(1, a, SLOT, family.members().getFirst()))
                .json().get("appointment_id").asString();
        for (int i = 0; i < 3; i++) {
            var moved = family.api().post("/api/v2/appointment/reschedule",
                    Map.of("appointment_id", id, "session_id", (i % 2 == 0 ? b : a).toString(), "slot", SLOT));
            assertThat(moved.status()).as(moved.body()).isEqualTo(204);
        }
        assertRefused(family.api().post("/api/v2/appointment/reschedule",
                Map.of("appointment_id", id, "session_id", a.toString(), "slot", SLOT)), 409, "APPOIN0061");
        assertThat(jdbc.sql("SELECT session_id FROM appointment WHERE appointment_id = ?::uuid").param(id)
                .query(UUID.class).single()).isEqualTo(b);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'APPOINTMENT_RESCHEDULE' AND outcome = 'REFUSED'")
                .query(Integer.class).single()).isEqualTo(1);
        // Cancelling is never refused.
        assertThat(family.api().post("/api/v2/appointment/cancel", Map.of("appointment_id", id)).status()).isEqualTo(204);
    }

    @Test
    void aBeneficiaryIsCancelledAndBookedAgainAtMostTwiceADay() {
        UUID a = session();
        String mobile = org.openvin.Citizens.newMobile();
        Api citizen = org.openvin.Citizens.login(new Api(port), mobile);
        String member = org.openvin.vaccination.PointOfCare.beneficiary(citizen, "Cycle Rider", "1980");
        var family = new Fixtures.Family(citizen, java.util.List.of(member));
        String id = family.api().post("/api/v2/appointment/schedule", Fixtures.booking(1, a, SLOT, member))
                .json().get("appointment_id").asString();
        for (int cycle = 1; cycle <= 2; cycle++) {
            assertThat(family.api().post("/api/v2/appointment/cancel", Map.of("appointment_id", id)).status()).isEqualTo(204);
            var again = family.api().post("/api/v2/appointment/schedule", Fixtures.booking(1, a, SLOT, member));
            assertThat(again.status()).as("cycle " + cycle + ": " + again.body()).isEqualTo(200);
            id = again.json().get("appointment_id").asString();
        }
        assertThat(family.api().post("/api/v2/appointment/cancel", Map.of("appointment_id", id)).status()).isEqualTo(204);
        assertRefused(family.api().post("/api/v2/appointment/schedule", Fixtures.booking(1, a, SLOT, member)), 409, "APPOIN0062");
        assertThat(jdbc.sql("SELECT count(*) FROM appointment WHERE beneficiary_id = ? AND status = 'BOOKED'").param(member)
                .query(Integer.class).single()).isZero();

        // The next day the beneficiary books again (a new login: tokens expired with the clock).
        TestClock.advance(Duration.ofDays(1));
        Api nextDay = org.openvin.Citizens.login(new Api(port), mobile);
        var booked = nextDay.post("/api/v2/appointment/schedule", Fixtures.booking(1, a, SLOT, member));
        assertThat(booked.status()).as(booked.body()).isEqualTo(200);
    }
}
