package org.openvin.scheduling.internal;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.openvin.platform.ApiException;
import org.openvin.platform.ApiPaths;
import org.openvin.platform.ClientAddress;
import org.openvin.profile.CountryProfile;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The per-address limit on searching for availability (CoWIN: 100 calls per 5 minutes): the
 * public API and the search page run the same search and share one bucket per address. Beyond,
 * the API answers 403 {@code RATE_LIMITED} as CoWIN's did, the page 429, both with
 * {@code Retry-After}; refusals are counted on {@code openvin.rate_limit.refused}.
 * <p>
 * An interceptor rather than a servlet filter, so it applies to the route the request was matched
 * to: Spring matches these patterns exactly as it matches the controllers' mappings, on the
 * decoded, normalised path, so {@code /sessions/%70ublic/findByPin} is counted like
 * {@code /sessions/public/findByPin}. The address is {@link ClientAddress}.
 * <p>
 * The limit comes from the profile; operators can raise it or exempt addresses (their own
 * monitoring, a partner's server) so honest clients are not broken. Counted per node, in memory
 * (bucket4j): this is the hottest path and must not cost a database write per call; behind N
 * nodes an address gets up to N times the limit, as the README says.
 */
@Configuration(proxyBeanMethods = false)
class PublicRateLimit implements WebMvcConfigurer, HandlerInterceptor {

    static final String TOO_MANY = "RATE_LIMITED";
    private static final int MAX_TRACKED = 500_000;

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final int requests;
    private final Duration per;
    private final Set<String> exempt;
    private final Counter refused;

    PublicRateLimit(CountryProfile profile,
                    @Value("${openvin.public-api.rate-limit.requests:0}") int requestsOverride,
                    @Value("${openvin.public-api.rate-limit.exempt:}") Set<String> exempt, MeterRegistry meters) {
        var limit = profile.limits().publicApiRateLimit();
        this.requests = requestsOverride > 0 ? requestsOverride : limit.requests();
        this.per = Duration.ofSeconds(limit.perSeconds());
        this.exempt = exempt;
        this.refused = Counter.builder("openvin.rate_limit.refused").tag("limit", "public-search")
                .description("Calls refused by the per-address limit on availability searches").register(meters);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/v2/appointment/sessions/public/**",
                "/api/v2/appointment/centers/public/**", "/search");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String address = ClientAddress.of(request);
        if (exempt.contains(address)) {
            return true;
        }
        if (buckets.size() > MAX_TRACKED) {
            buckets.clear();
        }
        Bucket bucket = buckets.computeIfAbsent(address, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(requests).refillGreedy(requests, per).build()).build());
        var probe = bucket.tryConsumeAndReturnRemaining(1);
        response.setHeader("X-RateLimit-Limit", String.valueOf(requests));
        response.setHeader("X-RateLimit-Remaining", String.valueOf(probe.getRemainingTokens()));
        if (probe.isConsumed()) {
            return true;
        }
        refused.increment();
        long wait = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
        throw new ApiException(ApiPaths.isApi(request) ? HttpStatus.FORBIDDEN : HttpStatus.TOO_MANY_REQUESTS, TOO_MANY,
                "Too many requests from your address: " + requests + " per " + per.toSeconds() + " seconds. Retry in "
                        + wait + " seconds, or subscribe to notifications instead of polling.").retryAfter(wait);
    }
}
