package org.openvin.notification.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try a message again: the first wait, doubled after each failed attempt up to a ceiling,
 * plus up to a quarter more at random so a backlog does not hit a gateway that just came back all
 * in the same second.
 */
record RetryBackoff(Duration initial, Duration max) {

    /** The wait after the {@code attempts}-th failed attempt (1 for the first). */
    Duration after(int attempts) {
        long base = initial.toMillis();
        long ceiling = max.toMillis();
        int doublings = Math.min(Math.max(attempts - 1, 0), 30);
        long wait = Math.min(ceiling, base << doublings);
        if (wait < 0) {
            wait = ceiling;
        }
        return Duration.ofMillis(wait + ThreadLocalRandom.current().nextLong(wait / 4 + 1));
    }
}
