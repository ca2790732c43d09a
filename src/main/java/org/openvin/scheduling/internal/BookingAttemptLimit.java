package org.openvin.scheduling.internal;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.openvin.identity.CurrentUser;
import org.openvin.platform.ApiException;
import org.openvin.platform.ClientAddress;
import org.openvin.profile.CountryProfile;
import org.openvin.profile.ProfileDocument.RateLimit;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Slows down bots: booking attempts (schedule, reschedule, cancel — API and pages) are limited per
 * citizen account and per IP address, as the profile says ({@code limits.booking_attempts_per_account},
 * {@code …_per_ip}). Beyond, the attempt is answered 429 {@code APPOIN0046} with {@code Retry-After},
 * before any work is done. A person booking a family, or a client retrying a full session now and
 * then, stays far below; the per-IP limit is generous because mobile networks put many people
 * behind one address, and operators can exempt addresses from it ({@code openvin.booking.rate-limit.exempt};
 * by default the loopback addresses, as seen behind a local reverse proxy that does not forward them).
 * The address is {@link ClientAddress}, as for every per-address limit.
 * Token buckets from bucket4j, as for the public API's limit; counted per node.
 */
@Configuration(proxyBeanMethods = false)
class BookingAttemptLimit implements WebMvcConfigurer, HandlerInterceptor {

    static final String TOO_MANY = "APPOIN0046";
    private static final int MAX_TRACKED = 500_000;

    private final Map<Long, Bucket> accounts = new ConcurrentHashMap<>();
    private final Map<String, Bucket> addresses = new ConcurrentHashMap<>();
    private final RateLimit perAccount;
    private final RateLimit perIp;
    private final Set<String> exempt;

    @Autowired
    BookingAttemptLimit(CountryProfile profile, @Value("${openvin.booking.rate-limit.exempt:127.0.0.1,0:0:0:0:0:0:0:1}") Set<String> exempt) {
        this(profile.limits().bookingPerAccount(), profile.limits().bookingPerIp(), exempt);
    }

    BookingAttemptLimit(RateLimit perAccount, RateLimit perIp, Set<String> exempt) {
        this.perAccount = perAccount;
        this.perIp = perIp;
        this.exempt = exempt;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/v2/appointment/schedule", "/api/v2/appointment/reschedule",
                "/api/v2/appointment/cancel", "/book", "/appointments/*/reschedule", "/appointments/*/cancel");
    }

    /** Takes one attempt from the account's and the address's bucket, or refuses with the wait. */
    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!"POST".equals(request.getMethod())) {
            return true;
        }
        var account = CurrentUser.citizenIfAny();
        if (account.isPresent()) {
            refuseIfSpent(take(accounts, account.get().accountId(), perAccount), perAccount, "this account", response);
        }
        String address = ClientAddress.of(request);
        if (!exempt.contains(address)) {
            refuseIfSpent(take(addresses, address, perIp), perIp, "your address", response);
        }
        return true;
    }

    private static <K> ConsumptionProbe take(Map<K, Bucket> buckets, K key, RateLimit limit) {
        if (buckets.size() > MAX_TRACKED) {
            buckets.clear();
        }
        return buckets.computeIfAbsent(key, k -> Bucket.builder().addLimit(Bandwidth.builder()
                        .capacity(limit.requests()).refillGreedy(limit.requests(), Duration.ofSeconds(limit.perSeconds())).build())
                .build()).tryConsumeAndReturnRemaining(1);
    }

    private static void refuseIfSpent(ConsumptionProbe probe, RateLimit limit, String who, HttpServletResponse response) {
        if (probe.isConsumed()) {
            return;
        }
        long wait = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
        response.setHeader("Retry-After", String.valueOf(wait));
        throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, TOO_MANY, "Too many booking attempts from " + who + ": "
                + limit.requests() + " per " + limit.perSeconds() + " seconds. Retry in " + wait + " seconds.");
    }
}
