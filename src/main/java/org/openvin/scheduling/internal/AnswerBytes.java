package org.openvin.scheduling.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

/**
 * Serialised public answers from the {@link AvailabilityIndex}, kept per key (endpoint, place, day,
 * language) with the version of the index they were made from, and a gzip copy beside each. An
 * entry whose place has changed since (a newer version) is replaced on the next request, so a hit
 * costs a map lookup and a version comparison. Bounded by total bytes: beyond the bound the map is
 * emptied and refills with what is asked (hot keys come back within a request each).
 */
final class AnswerBytes {

    record Entry(long version, byte[] body, byte[] gzip) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();
    private final long maxBytes;

    AnswerBytes(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    Entry get(String key, long version, Supplier<byte[]> compute) {
        Entry entry = entries.get(key);
        if (entry != null && entry.version() == version) {
            return entry;
        }
        byte[] body = compute.get();
        Entry fresh = new Entry(version, body, gzip(body));
        Entry old = entries.put(key, fresh);
        long size = bytes.addAndGet(size(fresh) - (old == null ? 0 : size(old)));
        if (size > maxBytes) {
            entries.clear();
            bytes.set(0);
        }
        return fresh;
    }

    int size() {
        return entries.size();
    }

    long bytes() {
        return bytes.get();
    }

    private static long size(Entry e) {
        return e.body().length + e.gzip().length + 96;
    }

    static byte[] gzip(byte[] body) {
        var out = new ByteArrayOutputStream(body.length / 4 + 64);
        try (var gz = new GZIPOutputStream(out)) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
