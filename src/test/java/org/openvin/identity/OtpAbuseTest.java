package org.openvin.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.Citizens;
import org.openvin.OpenVinTest;
import org.openvin.TestClock;
import org.openvin.TestSms;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Sending OTPs cannot be turned against their owners nor the gateway: the wait per mobile grows
 * but stays bounded (India profile: 30 s doubling up to 15 min), one address gets 30 OTPs per
 * 10 minutes, and all nodes together send at most the budget per minute (40 here). Requests come
 * through a trusted proxy (127.0.0.1) that names each client's address.
 */
@OpenVinTest
@TestPropertySource(properties = {"openvin.trusted-proxies=127.0.0.1/32", "openvin.otp.resend-gap=",
        "openvin.otp.sms-per-minute=40"})
class OtpAbuseTest {

    static final String GENERATE = "/api/v2/auth/public/generateOTP";
    static final int PER_ADDRESS = 30;
    static final int BUDGET = 40;
    static final long MAX_WAIT_SECONDS = 15 * 60;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    @BeforeEach
    void fullBuckets() {
        jdbc.sql("TRUNCATE otp_send_bucket").update();
    }

    @AfterEach
    void resetClock() {
        TestClock.reset();
    }

    private Api from(String clientAddress) {
        return Api.from("127.0.0.1", port).with("X-Forwarded-For", clientAddress);
    }

    private double refused(String limit) {
        var counter = meters.find("openvin.otp.refused").tag("limit", limit).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aVictimStillGetsAnOtpAfterAnAttackersBurstWithinTheBoundedWait() {
        String victim = Citizens.newMobile();
        Api attacker = from("203.0.113.66");
        // The attack that used to lock the owner out for an hour: OTP requests 31 s apart.
        int sent = 0;
        for (int i = 0; i < 40; i++) {
            var answer = attacker.post(GENERATE, Map.of("mobile", victim));
            if (answer.status() == 200) {
                sent++;
                // Let the outbox send it before the test clock jumps past the OTP's validity.
                assertThat(TestSms.messagesTo(victim)).hasSize(sent);
            } else {
                assertThat(answer.status()).isEqualTo(429);
                assertThat(answer.json().get("errorCode").asString()).isEqualTo("USRAUT0019");
                assertThat(Long.parseLong(answer.header("Retry-After"))).isBetween(1L, MAX_WAIT_SECONDS);
            }
            TestClock.advance(Duration.ofSeconds(31));
        }
        // 20 minutes of requests sent only a handful: 0, 31, 93, 217, 465, 961 s (the wait doubles).
        assertThat(sent).isBetween(5, 7);
        assertThat(TestSms.messagesTo(victim)).hasSize(sent);

        Api owner = from("198.51.100.77");
        var refused = owner.post(GENERATE, Map.of("mobile", victim));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().get("errorCode").asString()).isEqualTo("USRAUT0019");
        long wait = Long.parseLong(refused.header("Retry-After"));
        assertThat(wait).isBetween(1L, MAX_WAIT_SECONDS);

        TestClock.advance(Duration.ofSeconds(wait));
        var asked = owner.post(GENERATE, Map.of("mobile", victim));
        assertThat(asked.status()).as(asked.body()).isEqualTo(200);
        var confirmed = owner.post("/api/v2/auth/public/confirmOTP", Map.of("otp", Citizens.sha256(TestSms.lastOtp(victim)),
                "txnId", asked.json().get("txnId").asString()));
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
    }

    @Test
    void theWaitPerMobileNeverExceedsItsCapHoweverLongTheAttack() {
        String victim = Citizens.newMobile();
        Api attacker = from("203.0.113.67");
        long longest = 0;
        // Two hours of an attacker asking again the moment the wait ends.
        for (long elapsed = 0; elapsed < 2 * 3600; ) {
            var answer = attacker.post(GENERATE, Map.of("mobile", victim));
            // Sent: ask again at once; refused: come back the moment the wait ends.
            long wait = answer.status() == 200 ? 0 : Long.parseLong(answer.header("Retry-After"));
            longest = Math.max(longest, wait);
            TestClock.advance(Duration.ofSeconds(wait));
            elapsed += Math.max(wait, 1);
        }
        assertThat(longest).isBetween(MAX_WAIT_SECONDS - 1, MAX_WAIT_SECONDS);
        assertThat(refused("mobile")).isPositive();
    }

    @Test
    void oneAddressAskingForAHundredNumbersIsRefusedPastItsLimit() {
        Api bot = from("203.0.113.99");
        double before = refused("address");
        List<Integer> statuses = new ArrayList<>();
        String lastRefusal = null;
        for (int i = 0; i < 100; i++) {
            var answer = bot.post(GENERATE, Map.of("mobile", Citizens.newMobile()));
            statuses.add(answer.status());
            if (answer.status() != 200) {
                lastRefusal = answer.json().get("errorCode").asString();
                assertThat(answer.header("Retry-After")).isNotBlank();
            }
        }
        long served = statuses.stream().filter(s -> s == 200).count();
        // The bucket refills one OTP every 20 s; a slow run may earn one more.
        assertThat(served).isBetween((long) PER_ADDRESS, PER_ADDRESS + 1L);
        assertThat(statuses.subList(0, PER_ADDRESS)).containsOnly(200);
        assertThat(statuses.stream().filter(s -> s != 200)).containsOnly(429);
        assertThat(lastRefusal).isEqualTo("USRAUT0022");
        assertThat(refused("address") - before).isEqualTo(100 - served);
        // Another address is not affected.
        assertThat(from("203.0.113.100").post(GENERATE, Map.of("mobile", Citizens.newMobile())).status()).isEqualTo(200);
    }

    @Test
    void theSmsBudgetPerMinuteHoldsAcrossAddresses() {
        long started = System.nanoTime();
        int served = 0;
        String lastRefusal = null;
        for (int i = 0; i < 60; i++) {
            var answer = from("192.0.2." + (i + 1)).post(GENERATE, Map.of("mobile", Citizens.newMobile()));
            if (answer.status() == 200) {
                served++;
            } else {
                assertThat(answer.status()).isEqualTo(429);
                lastRefusal = answer.json().get("errorCode").asString();
                assertThat(Long.parseLong(answer.header("Retry-After"))).isBetween(1L, 60L);
            }
        }
        // The budget refills one SMS every 1.5 s of the run.
        long refilled = (System.nanoTime() - started) / 1_500_000_000L;
        assertThat(served).isBetween(BUDGET, BUDGET + (int) refilled);
        assertThat(lastRefusal).isEqualTo("USRAUT0023");
        assertThat(refused("budget")).isPositive();
        TestClock.advance(Duration.ofMinutes(1));
        assertThat(from("192.0.2.200").post(GENERATE, Map.of("mobile", Citizens.newMobile())).status()).isEqualTo(200);
    }
}
