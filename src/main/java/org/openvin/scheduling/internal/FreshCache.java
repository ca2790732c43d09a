package org.openvin.scheduling.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A few seconds of memory for public availability answers: thousands of identical requests per
 * second cost one query, yet a booking shows within the TTL plus the client's max-age. Each
 * entry carries its ETag and when it was computed, so answers can say how fresh they are.
 * Per node by design: nodes stay stateless, and each is at most one TTL behind the database.
 */
final class FreshCache {

    record Entry(byte[] body, String etag, Instant computedAt, long expiresAtNanos) {
    }

    private static final int MAX_ENTRIES = 200_000;

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;

    FreshCache(Duration ttl) {
        this.ttlNanos = ttl.toNanos();
    }

    Entry get(String key, Supplier<byte[]> compute) {
        long now = System.nanoTime();
        Entry entry = entries.get(key);
        if (entry != null && now - entry.expiresAtNanos() < 0) {
            return entry;
        }
        // Concurrent misses for one key compute once; other keys are not blocked.
        return entries.compute(key, (k, old) -> {
            long at = System.nanoTime();
            if (old != null && at - old.expiresAtNanos() < 0) {
                return old;
            }
            byte[] body = compute.get();
            return new Entry(body, etag(body), Instant.now(), at + ttlNanos);
        });
    }

    void evictIfLarge() {
        if (entries.size() > MAX_ENTRIES) {
            entries.clear();
        }
    }

    private static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
