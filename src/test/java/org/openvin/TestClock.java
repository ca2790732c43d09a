package org.openvin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** The system clock, but a test can move it forward (token expiry, OTP validity, dose intervals). */
public final class TestClock extends Clock {

    private static final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    public static void advance(Duration by) {
        offset.updateAndGet(o -> o.plus(by));
    }

    public static void reset() {
        offset.set(Duration.ZERO);
    }

    private final ZoneId zone;

    public TestClock() {
        this(ZoneOffset.UTC);
    }

    private TestClock(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new TestClock(zone);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }

    @TestConfiguration(proxyBeanMethods = false)
    public static class Config {
        @Bean
        @Primary
        Clock testClock() {
            return new TestClock();
        }
    }
}
