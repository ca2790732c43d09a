package org.openvin.identity.internal;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import javax.sql.DataSource;
import org.openvin.platform.ApiException;
import org.openvin.platform.AuditTrail;
import org.openvin.profile.CountryProfile;
import org.openvin.profile.ProfileDocument.GrowingWait;
import org.openvin.profile.ProfileDocument.RateLimit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * How often OTPs may be sent, so that nobody can lock an owner out nor spend the SMS gateway:
 * <ul>
 * <li>per mobile, a wait after each OTP that doubles with each one sent to it in the last hour,
 * from the profile's {@code limits.otp_wait_per_mobile.first_seconds} (30 s) up to its
 * {@code max_seconds} (15 min). Only OTPs actually sent count, never refused requests, so an
 * attacker cannot make the wait longer than the cap: the owner who asks after it gets an OTP.
 * Kept as the OTPs themselves ({@code otp_transaction}), shared by every node;</li>
 * <li>per address ({@link org.openvin.platform.ClientAddress}), a token bucket
 * ({@code limits.otp_per_ip}), so one machine cannot send SMS to a hundred numbers;</li>
 * <li>for everyone, a budget of OTP SMS per minute ({@code limits.otp_sms_per_minute}) that keeps
 * the gateway within its contract.</li>
 * </ul>
 * The two buckets are bucket4j's, kept in PostgreSQL ({@code otp_send_bucket}) so that they hold
 * across nodes; each take is a short transaction of its own, before the OTP's. A refusal is 429
 * with {@code Retry-After} and counted on {@code openvin.otp.refused} by limit; sends on
 * {@code openvin.otp.sent}.
 */
@Component
class OtpSendLimits {

    static final String MOBILE_WAIT = "USRAUT0019";
    static final String ADDRESS_SPENT = "USRAUT0022";
    static final String BUDGET_SPENT = "USRAUT0023";
    private static final String BUDGET_KEY = "budget";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuditTrail audit;
    private final GrowingWait wait;
    private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;
    private final BucketConfiguration perAddress;
    private final BucketConfiguration budget;
    private final Set<String> exempt;
    private final MeterRegistry meters;
    private final Counter sent;

    OtpSendLimits(CountryProfile profile, DataSource dataSource, JdbcClient jdbc, Clock clock, AuditTrail audit,
                  MeterRegistry meters,
                  @Value("${openvin.otp.resend-gap:}") String firstWaitOverride,
                  @Value("${openvin.otp.sms-per-minute:0}") int smsPerMinuteOverride,
                  @Value("${openvin.otp.rate-limit.exempt:}") Set<String> exempt) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
        this.meters = meters;
        this.exempt = exempt;
        var limits = profile.limits();
        GrowingWait fromProfile = limits.otpWaitPerMobileOrDefault();
        // Tests and demos turn the wait off with openvin.otp.resend-gap=0s.
        this.wait = StringUtils.hasText(firstWaitOverride)
                ? new GrowingWait((int) Duration.parse("PT" + firstWaitOverride.trim().toUpperCase()).toSeconds(),
                fromProfile.maxSeconds())
                : fromProfile;
        RateLimit ip = limits.otpPerIpOrDefault();
        this.perAddress = BucketConfiguration.builder().addLimit(Bandwidth.builder().capacity(ip.requests())
                .refillGreedy(ip.requests(), Duration.ofSeconds(ip.perSeconds())).build()).build();
        int perMinute = smsPerMinuteOverride > 0 ? smsPerMinuteOverride : limits.otpSmsPerMinuteOrDefault();
        this.budget = BucketConfiguration.builder().addLimit(Bandwidth.builder().capacity(perMinute)
                .refillGreedy(perMinute, Duration.ofMinutes(1)).build()).build();
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("otp_send_bucket").idColumn("id").stateColumn("state").expiresAtColumn("expires_at")
                // The application's clock, which every node reads from the same wall time.
                .clientClock(new TimeMeter() {
                    @Override
                    public long currentTimeNanos() {
                        return clock.millis() * 1_000_000L;
                    }

                    @Override
                    public boolean isWallClockBased() {
                        return true;
                    }
                })
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                .build();
        this.sent = Counter.builder("openvin.otp.sent").description("OTPs sent").register(meters);
    }

    /** The wait after the last of {@code sentLastHour} OTPs to one mobile. */
    static Duration waitAfter(int sentLastHour, GrowingWait wait) {
        if (sentLastHour <= 0 || wait.firstSeconds() <= 0) {
            return Duration.ZERO;
        }
        long seconds = (long) wait.firstSeconds() << Math.min(sentLastHour - 1, 20);
        return Duration.ofSeconds(Math.min(seconds, wait.maxSeconds()));
    }

    /**
     * Refuses while the mobile's wait runs. Called under the mobile's lock in the OTP's
     * transaction, and once before it so a refused request costs no bucket token.
     */
    void requireMobileWaitOver(String mobile) {
        Instant now = clock.instant();
        var recent = jdbc.sql("""
                        SELECT count(*) AS sent, max(created_at) AS latest FROM otp_transaction
                        WHERE mobile = ? AND created_at > ?""")
                .params(mobile, Timestamp.from(now.minus(Duration.ofHours(1))))
                .query((rs, n) -> new Object[]{rs.getInt("sent"), rs.getTimestamp("latest")}).single();
        int sentLastHour = (Integer) recent[0];
        Timestamp latest = (Timestamp) recent[1];
        if (latest == null) {
            return;
        }
        Instant allowedAt = latest.toInstant().plus(waitAfter(sentLastHour, wait));
        if (allowedAt.isAfter(now)) {
            long seconds = seconds(Duration.between(now, allowedAt));
            refused("mobile");
            throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, MOBILE_WAIT,
                    "An OTP was sent to this number a short while ago. You can ask for a new one in " + seconds
                            + " seconds.").retryAfter(seconds);
        }
    }

    /** Takes one OTP from the address's bucket and one SMS from the budget, or refuses with the wait. */
    void take(String address, String mobileMasked) {
        if (address != null && !exempt.contains(address)) {
            ConsumptionProbe probe = buckets.getProxy("address:" + address, () -> perAddress)
                    .tryConsumeAndReturnRemaining(1);
            if (!probe.isConsumed()) {
                long seconds = seconds(Duration.ofNanos(probe.getNanosToWaitForRefill()));
                refused("address");
                audit.refused("OTP_SEND", "mobile:" + mobileMasked, "too many OTPs from " + address);
                throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, ADDRESS_SPENT,
                        "Too many OTPs were requested from your network. Please try again in " + seconds + " seconds.")
                        .retryAfter(seconds);
            }
        }
        ConsumptionProbe probe = buckets.getProxy(BUDGET_KEY, () -> budget).tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long seconds = seconds(Duration.ofNanos(probe.getNanosToWaitForRefill()));
            refused("budget");
            throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, BUDGET_SPENT,
                    "The SMS service is very busy. Please try again in " + seconds + " seconds.").retryAfter(seconds);
        }
    }

    void sent() {
        sent.increment();
    }

    private void refused(String limit) {
        meters.counter("openvin.otp.refused", "limit", limit).increment();
    }

    private static long seconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    /** Forgets buckets that have been full for a while: an address seen once does not stay forever. */
    @Scheduled(fixedDelayString = "${openvin.otp.bucket-cleanup:5m}", initialDelayString = "${openvin.otp.bucket-cleanup:5m}")
    void forgetFullBuckets() {
        while (buckets.removeExpired(1000) >= 1000) {
            // more to go
        }
    }
}
