package org.openvin.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.OpenVinTest;
import org.openvin.scheduling.internal.PublishingSession;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A bot retrying a refused booking 66 times in a second is slowed down (429 with Retry-After)
 * after the profile's per-account allowance (India: 20 per 5 minutes), while another citizen
 * books as usual.
 */
@OpenVinTest
class BookingAttemptLimitTest {

    static final long CENTRE = 882_001;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PublishingSession publishing;

    @Test
    void sixtySixRefusedBookingsInASecondAreSlowedDownAndOthersStillBook() {
        Fixtures.centre(jdbc, CENTRE, 395, "400080");
        UUID full = Fixtures.session(publishing, CENTRE, Fixtures.today().plusDays(2), "COVISHIELD", 0, 0, 18, null);
        UUID open = Fixtures.session(publishing, CENTRE, Fixtures.today().plusDays(2), "COVAXIN", 5, 0, 18, null);
        var bot = Fixtures.family(new Api(port), 1, 1990);
        var honest = Fixtures.family(new Api(port), 1, 1990);

        List<Api.Answer> answers = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < 66; i++) {
            answers.add(bot.api().post("/api/v2/appointment/schedule",
                    Fixtures.booking(1, full, "09:30AM-10:30AM", bot.members().getFirst())));
        }
        assertThat(System.nanoTime() - started).as("66 attempts within a few seconds").isLessThan(10_000_000_000L);

        assertThat(answers.subList(0, 20)).allSatisfy(a -> {
            assertThat(a.status()).isEqualTo(409);
            assertThat(a.json().get("errorCode").asString()).isEqualTo("APPOIN0040");
        });
        assertThat(answers.subList(20, 66)).allSatisfy(a -> {
            assertThat(a.status()).isEqualTo(429);
            assertThat(a.json().get("errorCode").asString()).isEqualTo("APPOIN0046");
            assertThat(Long.parseLong(a.header("Retry-After"))).isBetween(1L, 300L);
        });
        // The bot's account is slowed, not the address: the next citizen on it books.
        var booked = honest.api().post("/api/v2/appointment/schedule",
                Fixtures.booking(1, open, "09:30AM-10:30AM", honest.members().getFirst()));
        assertThat(booked.status()).as(booked.body()).isEqualTo(200);
    }
}
