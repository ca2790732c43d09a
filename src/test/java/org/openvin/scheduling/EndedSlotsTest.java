package org.openvin.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.Citizens;
import org.openvin.OpenVinTest;
import org.openvin.TestClock;
import org.openvin.pages.PageVisitor;
import org.openvin.scheduling.internal.PublishingSession;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A slot whose end has passed in the country's time zone cannot be booked, on the API or the
 * pages, and the pages no longer offer it: at 14:55 in Mumbai, today's 09:30AM–10:30AM is gone.
 * The fixture centre's slots: 09:30AM-10:30AM, 10:30AM-11:30AM, 11:30AM-12:30PM, 12:30PM-04:00PM.
 */
@OpenVinTest
class EndedSlotsTest {

    static final long CENTRE = 881_001;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PublishingSession publishing;

    @BeforeEach
    void centre() {
        TestClock.reset();
        Fixtures.centre(jdbc, CENTRE, 395, "400080");
    }

    @AfterEach
    void realTime() {
        TestClock.reset();
    }

    /** Moves the application's clock to the next time it is {@code time} in India; answers that day. */
    static LocalDate itIs(LocalTime time) {
        ZonedDateTime now = ZonedDateTime.now(Fixtures.INDIA);
        ZonedDateTime then = now.with(time);
        if (!then.isAfter(now)) {
            then = then.plusDays(1);
        }
        TestClock.advance(Duration.between(now, then));
        return then.toLocalDate();
    }

    @Test
    void anEndedSlotOrSessionIsRefusedOnTheApi() {
        LocalDate today = itIs(LocalTime.of(14, 55));
        UUID session = Fixtures.session(publishing, CENTRE, today, "COVISHIELD", 20, 0, 18, null);
        UUID tomorrow = Fixtures.session(publishing, CENTRE, today.plusDays(1), "COVISHIELD", 20, 0, 18, null);
        var family = Fixtures.family(new Api(port), 1, 1990);
        String member = family.members().getFirst();

        var ended = family.api().post("/api/v2/appointment/schedule",
                Fixtures.booking(1, session, "09:30AM-10:30AM", member));
        assertThat(ended.status()).as(ended.body()).isEqualTo(400);
        assertThat(ended.json().get("errorCode").asString()).isEqualTo("APPOIN0047");
        assertThat(family.api().post("/api/v2/appointment/schedule",
                Fixtures.booking(1, session, "11:30AM-12:30PM", member)).json().get("errorCode").asString())
                .isEqualTo("APPOIN0047");
        // Tomorrow's morning slot is fine, and so is the slot still running today.
        var booked = family.api().post("/api/v2/appointment/schedule",
                Fixtures.booking(1, tomorrow, "09:30AM-10:30AM", member));
        assertThat(booked.status()).as(booked.body()).isEqualTo(200);
        String appointment = booked.json().get("appointment_id").asString();
        var moved = family.api().post("/api/v2/appointment/reschedule",
                Map.of("appointment_id", appointment, "session_id", session.toString(), "slot", "09:30AM-10:30AM"));
        assertThat(moved.status()).isEqualTo(400);
        assertThat(moved.json().get("errorCode").asString()).isEqualTo("APPOIN0047");
        assertThat(family.api().post("/api/v2/appointment/reschedule", Map.of("appointment_id", appointment,
                "session_id", session.toString(), "slot", "12:30PM-04:00PM")).status()).isEqualTo(204);

        // At 16:05 the whole session is over.
        TestClock.advance(Duration.ofMinutes(70));
        var late = Fixtures.family(new Api(port), 1, 1990);
        var over = late.api().post("/api/v2/appointment/schedule",
                Fixtures.booking(1, session, "12:30PM-04:00PM", late.members().getFirst()));
        assertThat(over.status()).isEqualTo(400);
        assertThat(over.json().get("errorCode").asString()).isEqualTo("APPOIN0042");
        assertThat(booked(session)).isEqualTo(1);
    }

    @Test
    void theBookingPageOffersOnlySlotsStillAheadAndRefusesAnEndedOne() {
        LocalDate today = itIs(LocalTime.of(14, 55));
        UUID session = Fixtures.session(publishing, CENTRE, today, "COVISHIELD", 20, 0, 18, null);
        String mobile = Citizens.newMobile();
        PageVisitor visitor = new PageVisitor(port);
        visitor.logIn(mobile);
        visitor.post("/account/members", Map.of("name", "Asha Rao", "birthYear", "1990", "genderId", "2",
                "photoIdType", "1", "photoIdNumber", org.openvin.identity.internal.TestAadhaar.next()));

        var page = visitor.get("/book?session=" + session);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("09:30AM-10:30AM", "11:30AM-12:30PM")
                .contains("value=\"12:30PM-04:00PM\" checked");
        String member = page.body().replaceFirst("(?s).*name=\"member\"[^>]*value=\"(\\d+)\".*", "$1");

        var refused = visitor.post("/book", Map.of("session", session.toString(), "slot", "09:30AM-10:30AM",
                "dose", "1", "member", member));
        assertThat(refused.path()).isEqualTo("/book");
        assertThat(refused.body()).contains("id=\"slot-error\"", "This time slot has already ended");
        assertThat(booked(session)).isZero();

        var done = visitor.post("/book", Map.of("session", session.toString(), "slot", "12:30PM-04:00PM",
                "dose", "1", "member", member));
        assertThat(done.path()).isEqualTo("/account");
        assertThat(booked(session)).isEqualTo(1);

        // Once the last slot is over, the page says so and has nothing to confirm.
        TestClock.advance(Duration.ofMinutes(70));
        var over = visitor.get("/book?session=" + session);
        assertThat(over.body()).contains("This session is in the past").doesNotContain("name=\"slot\"");
    }

    private int booked(UUID session) {
        return jdbc.sql("SELECT booked_dose1 FROM vaccination_session WHERE id = ?").param(session).query(Integer.class).single();
    }
}
