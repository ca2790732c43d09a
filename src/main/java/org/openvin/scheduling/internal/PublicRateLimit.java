package org.openvin.scheduling.internal;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.openvin.profile.CountryProfile;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The per-IP limit on the public availability API (CoWIN: 100 calls per 5 minutes, 403 beyond).
 * The limit comes from the profile; operators can raise it or exempt addresses (their own
 * monitoring, a partner's server) so honest clients are not broken. Counted per node.
 */
@Component
class PublicRateLimit extends OncePerRequestFilter {

    private static final int MAX_TRACKED = 500_000;

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final int requests;
    private final Duration per;
    private final Set<String> exempt;

    PublicRateLimit(CountryProfile profile,
                    @Value("${openvin.public-api.rate-limit.requests:0}") int requestsOverride,
                    @Value("${openvin.public-api.rate-limit.exempt:}") Set<String> exempt) {
        var limit = profile.limits().publicApiRateLimit();
        this.requests = requestsOverride > 0 ? requestsOverride : limit.requests();
        this.per = Duration.ofSeconds(limit.perSeconds());
        this.exempt = exempt;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return !(uri.startsWith("/api/v2/appointment/sessions/public/") || uri.startsWith("/api/v2/appointment/centers/public/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String ip = request.getRemoteAddr();
        if (exempt.contains(ip)) {
            chain.doFilter(request, response);
            return;
        }
        if (buckets.size() > MAX_TRACKED) {
            buckets.clear();
        }
        Bucket bucket = buckets.computeIfAbsent(ip, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(requests).refillGreedy(requests, per).build()).build());
        var probe = bucket.tryConsumeAndReturnRemaining(1);
        response.setHeader("X-RateLimit-Limit", String.valueOf(requests));
        response.setHeader("X-RateLimit-Remaining", String.valueOf(probe.getRemainingTokens()));
        if (probe.isConsumed()) {
            chain.doFilter(request, response);
            return;
        }
        long wait = Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds());
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setHeader("Retry-After", String.valueOf(wait));
        response.setContentType("application/json");
        response.getWriter().write("{\"errorCode\":\"RATE_LIMITED\",\"error\":\"Too many requests from your address: "
                + requests + " per " + per.toSeconds() + " seconds. Retry in " + wait
                + " seconds, or subscribe to notifications instead of polling.\"}");
    }
}
