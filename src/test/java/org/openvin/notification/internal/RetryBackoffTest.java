package org.openvin.notification.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {

    private final RetryBackoff backoff = new RetryBackoff(Duration.ofSeconds(2), Duration.ofMinutes(5));

    @Test
    void theWaitDoublesWithEachAttemptUpToTheCeilingWithAtMostAQuarterOfJitter() {
        for (int i = 0; i < 100; i++) {
            assertThat(backoff.after(1)).isBetween(Duration.ofSeconds(2), Duration.ofMillis(2500));
            assertThat(backoff.after(2)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(5));
            assertThat(backoff.after(4)).isBetween(Duration.ofSeconds(16), Duration.ofSeconds(20));
            assertThat(backoff.after(9)).isBetween(Duration.ofMinutes(5), Duration.ofMinutes(5).plusSeconds(75));
            assertThat(backoff.after(1000)).isBetween(Duration.ofMinutes(5), Duration.ofMinutes(5).plusSeconds(75));
        }
    }
}
