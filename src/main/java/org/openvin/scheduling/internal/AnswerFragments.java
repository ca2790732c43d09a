package org.openvin.scheduling.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.openvin.scheduling.internal.AvailabilityIndex.Centre;
import org.openvin.scheduling.internal.AvailabilityIndex.Session;
import tools.jackson.databind.json.JsonMapper;

/**
 * Public availability answers written from JSON fragments instead of serialising the whole answer:
 * each centre's calendar object split around its sessions, each session's calendar object, each
 * session's findBy* row. A fragment is made by the same Jackson mapper from the same objects as
 * the whole answer would be, once per version of the index record it shows (the index replaces a
 * record when it changes, so the record itself is the fragment's version), and an answer is those
 * bytes joined, so it is the same byte for byte (AvailabilityGoldenTest). A miss of the whole
 * answer then costs copying bytes, not serialising 30-odd KB of objects.
 *
 * <p>Bounded by total bytes like {@link AnswerBytes}: past the bound every map is emptied and
 * refills with what is asked.
 */
final class AnswerFragments {

    /** The public answers' mapper: nulls left out, as the contract's examples show. */
    static final JsonMapper JSON = JsonMapper.builder()
            .changeDefaultPropertyInclusion(v -> v.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    private static final byte[] SESSIONS_MARK = "\"sessions\":[]".getBytes(StandardCharsets.UTF_8);

    private record CentreParts(Centre centre, byte[] open, byte[] close) {
    }

    private record SessionPart(Session session, byte[] json) {
    }

    /** A row shows its centre too: it is current while both records are the ones it was made from. */
    private record RowPart(Session session, Centre centre, byte[] json) {
    }

    private final AvailabilitySearch search;
    private final AvailabilityIndex index;
    private final long maxBytes;
    private final AtomicLong bytes = new AtomicLong();
    /** Per language ("" for none): centre id to its calendar object's parts. */
    private final Map<String, Map<Long, CentreParts>> centres = new ConcurrentHashMap<>();
    /** Session id to its calendar object; the same in every language. */
    private final Map<String, SessionPart> sessions = new ConcurrentHashMap<>();
    /** Per language: session id to its findBy* row. */
    private final Map<String, Map<String, RowPart>> rows = new ConcurrentHashMap<>();

    AnswerFragments(AvailabilitySearch search, AvailabilityIndex index, long maxBytes) {
        this.search = search;
        this.index = index;
        this.maxBytes = maxBytes;
    }

    /** {@code {"centers":[…]}}: what {@link AvailabilitySearch#calendar} gives, serialised. */
    byte[] calendar(AvailabilitySearch.Filter f, String language) {
        var out = new ByteArrayOutputStream(8192);
        out.writeBytes(ASCII_CENTERS_OPEN);
        boolean first = true;
        for (Centre c : index.centres(f.where(), f.key())) {
            if (centre(out, f, c, language, first ? null : COMMA)) {
                first = false;
            }
        }
        out.writeBytes(ARRAY_CLOSE);
        return out.toByteArray();
    }

    /** {@code {"centers":{…}}} or {@code {"centers":{}}}: the contract's calendarByCenter. */
    byte[] oneCentre(AvailabilitySearch.Filter f, String language) {
        var out = new ByteArrayOutputStream(4096);
        out.writeBytes(ASCII_CENTER_OBJECT);
        boolean any = false;
        for (Centre c : index.centres(f.where(), f.key())) {
            any |= centre(out, f, c, language, null);
        }
        if (!any) {
            out.writeBytes(EMPTY_OBJECT);
        }
        out.writeBytes(OBJECT_CLOSE);
        return out.toByteArray();
    }

    /** {@code {"sessions":[…]}}: what {@link AvailabilitySearch#rows} gives, serialised. */
    byte[] rows(AvailabilitySearch.Filter f, String language) {
        var out = new ByteArrayOutputStream(4096);
        out.writeBytes(ASCII_SESSIONS_OPEN);
        boolean first = true;
        Map<String, RowPart> byLanguage = rows.computeIfAbsent(language == null ? "" : language, k -> new ConcurrentHashMap<>());
        for (Centre c : index.centres(f.where(), f.key())) {
            for (Session s : index.sessions(c.id())) {
                if (!AvailabilitySearch.matches(f, s)) {
                    continue;
                }
                RowPart part = byLanguage.get(s.id());
                if (part == null || part.session() != s || part.centre() != c) {
                    part = new RowPart(s, c, JSON.writeValueAsBytes(search.row(AvailabilitySearch.hit(c, s), language)));
                    RowPart old = byLanguage.put(s.id(), part);
                    account(old == null ? 0 : old.json().length, part.json().length);
                }
                if (!first) {
                    out.writeBytes(COMMA);
                }
                out.writeBytes(part.json());
                first = false;
            }
        }
        out.writeBytes(ARRAY_CLOSE);
        return out.toByteArray();
    }

    /** Writes the centre's object with its sessions in the filter, if it has any; returns whether it wrote. */
    private boolean centre(ByteArrayOutputStream out, AvailabilitySearch.Filter f, Centre c, String language, byte[] separator) {
        CentreParts parts = null;
        boolean any = false;
        for (Session s : index.sessions(c.id())) {
            if (!AvailabilitySearch.matches(f, s)) {
                continue;
            }
            if (parts == null) {
                parts = parts(c, s, language);
                if (separator != null) {
                    out.writeBytes(separator);
                }
                out.writeBytes(parts.open());
            } else {
                out.writeBytes(COMMA);
            }
            out.writeBytes(session(c, s));
            any = true;
        }
        if (parts != null) {
            out.writeBytes(parts.close());
        }
        return any;
    }

    private byte[] session(Centre c, Session s) {
        SessionPart part = sessions.get(s.id());
        if (part == null || part.session() != s) {
            part = new SessionPart(s, JSON.writeValueAsBytes(AvailabilitySearch.sessionView(AvailabilitySearch.hit(c, s))));
            SessionPart old = sessions.put(s.id(), part);
            account(old == null ? 0 : old.json().length, part.json().length);
        }
        return part.json();
    }

    private CentreParts parts(Centre c, Session any, String language) {
        Map<Long, CentreParts> byLanguage = centres.computeIfAbsent(language == null ? "" : language,
                k -> new ConcurrentHashMap<>());
        CentreParts parts = byLanguage.get(c.id());
        if (parts == null || parts.centre() != c) {
            byte[] whole = JSON.writeValueAsBytes(search.centreView(AvailabilitySearch.hit(c, any), List.of(), language));
            int mark = lastIndexOf(whole, SESSIONS_MARK);
            int split = mark + SESSIONS_MARK.length - 1;   // after the '[' of "sessions":[
            parts = new CentreParts(c, Arrays.copyOfRange(whole, 0, split),
                    Arrays.copyOfRange(whole, split, whole.length));
            CentreParts old = byLanguage.put(c.id(), parts);
            account(old == null ? 0 : old.open().length + old.close().length, parts.open().length + parts.close().length);
        }
        return parts;
    }

    private void account(long removed, long added) {
        if (bytes.addAndGet(added - removed + (removed == 0 ? 64 : 0)) > maxBytes) {
            centres.clear();
            sessions.clear();
            rows.clear();
            bytes.set(0);
        }
    }

    long bytes() {
        return bytes.get();
    }

    /** Quotes in names are escaped in JSON, so the last unescaped mark is the sessions field's. */
    private static int lastIndexOf(byte[] whole, byte[] mark) {
        outer:
        for (int i = whole.length - mark.length; i >= 0; i--) {
            for (int j = 0; j < mark.length; j++) {
                if (whole[i + j] != mark[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("A calendar centre without a sessions field");
    }

    private static final byte[] ASCII_CENTERS_OPEN = "{\"centers\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ASCII_CENTER_OBJECT = "{\"centers\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ASCII_SESSIONS_OPEN = "{\"sessions\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ARRAY_CLOSE = "]}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OBJECT_CLOSE = "}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COMMA = ",".getBytes(StandardCharsets.US_ASCII);
}
