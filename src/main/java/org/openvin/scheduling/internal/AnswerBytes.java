package org.openvin.scheduling.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Serialised public answers from the {@link AvailabilityIndex}, kept per key (endpoint, place, day,
 * language) with the version of the index they were made from. An entry whose place has changed
 * since (a newer version) is replaced on the next request, so a hit costs a map lookup and a
 * version comparison. The gzip copy of an answer is made the first time a client asks for gzip
 * (compressing every answer made for clients that never ask would cost more than serving it).
 * Bounded by total bytes: beyond the bound the map is emptied and refills with what is asked
 * (hot keys come back within a request each).
 */
final class AnswerBytes {

    final class Entry {
        private final long version;
        private final String etag;
        private final byte[] body;
        private volatile byte[] gzip;

        private Entry(long version, String language, byte[] body) {
            this.version = version;
            this.etag = "\"" + version + (language == null ? "" : "-" + language) + "\"";
            this.body = body;
        }

        long version() {
            return version;
        }

        /** The version (and the language): nodes at the same change agree on it, unlike a hash of the body. */
        String etag() {
            return etag;
        }

        byte[] body() {
            return body;
        }

        /** Two threads may both compress a new entry; either copy is the same answer. */
        byte[] gzip() {
            byte[] g = gzip;
            if (g == null) {
                g = AnswerBytes.gzip(body);
                gzip = g;
                account(g.length);
            }
            return g;
        }
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();
    private final long maxBytes;

    AnswerBytes(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    Entry get(String key, long version, String language, Supplier<byte[]> compute) {
        Entry entry = entries.get(key);
        if (entry != null && entry.version() == version) {
            return entry;
        }
        Entry fresh = new Entry(version, language, compute.get());
        Entry old = entries.put(key, fresh);
        account(size(fresh) - (old == null ? 0 : size(old)));
        return fresh;
    }

    private void account(long delta) {
        if (bytes.addAndGet(delta) > maxBytes) {
            entries.clear();
            bytes.set(0);
        }
    }

    int size() {
        return entries.size();
    }

    long bytes() {
        return bytes.get();
    }

    private static long size(Entry e) {
        byte[] g = e.gzip;
        return e.body.length + (g == null ? 0 : g.length) + 96;
    }

    /**
     * Compressed at deflate's fastest level: a miss pays for compressing tens of KB, and on
     * these answers (repetitive JSON) the fastest level costs a fraction of the default's time
     * for a few percent more bytes.
     */
    static byte[] gzip(byte[] body) {
        var out = new ByteArrayOutputStream(body.length / 4 + 64);
        try (var gz = new GZIPOutputStream(out, 8192) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
