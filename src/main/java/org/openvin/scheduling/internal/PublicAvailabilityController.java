package org.openvin.scheduling.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.function.Supplier;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openvin.platform.ApiException;
import org.openvin.profile.CountryProfile;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public, unauthenticated availability API of the CoWIN contract, answered from this node's
 * {@link AvailabilityIndex}: serialised bytes per key ({@link AnswerBytes}), replaced when a change
 * reaches the place they describe, which is within a second of the database. Answers say how fresh
 * they are (ETag = the place's change version, Last-Modified and X-OpenVIN-Change-Seq = the last
 * change applied) and come gzipped to clients that accept it. Days outside the index's horizon are
 * asked of SQL and kept a couple of seconds ({@link FreshCache}), as all answers were before.
 */
@RestController
@RequestMapping("/api/v2/appointment")
class PublicAvailabilityController {

    private static final JsonMapper json = AnswerFragments.JSON;

    private final AvailabilitySearch search;
    private final CountryProfile profile;
    private final FreshCache cache;
    private final AvailabilityIndex index;
    private final AnswerBytes answers;
    private final AnswerFragments fragments;
    private final CacheControl cacheControl;
    private final String cacheControlValue;

    PublicAvailabilityController(AvailabilitySearch search, CountryProfile profile, AvailabilityIndex index,
                                 MeterRegistry meters, @Value("${openvin.public-api.cache-ttl:2s}") Duration ttl,
                                 @Value("${openvin.availability.answer-bytes:512MB}") DataSize answerBytes,
                                 @Value("${openvin.availability.fragment-bytes:128MB}") DataSize fragmentBytes) {
        this.search = search;
        this.profile = profile;
        this.index = index;
        this.cache = new FreshCache(ttl);
        this.answers = new AnswerBytes(answerBytes.toBytes());
        this.fragments = new AnswerFragments(search, index, fragmentBytes.toBytes());
        Gauge.builder("openvin.availability.fragments.bytes", fragments, AnswerFragments::bytes)
                .description("bytes of the per-centre and per-session JSON fragments answers are written from")
                .baseUnit("bytes").register(meters);
        Gauge.builder("openvin.availability.answers.entries", answers, AnswerBytes::size)
                .description("serialised public availability answers kept in memory").register(meters);
        Gauge.builder("openvin.availability.answers.bytes", answers, AnswerBytes::bytes)
                .description("bytes of the serialised answers and their gzip copies").baseUnit("bytes").register(meters);
        this.cacheControl = CacheControl.maxAge(ttl).cachePublic();
        this.cacheControlValue = cacheControl.getHeaderValue();
    }

    record Sessions(List<SessionRow> sessions) {
    }

    record Centres(List<CentreView> centers) {
    }

    @GetMapping("/sessions/public/findByPin")
    ResponseEntity<byte[]> findByPin(@RequestParam String pincode, @RequestParam String date,
                                     @RequestHeader(value = "Accept-Language", required = false) String accept,
                                     @RequestHeader(value = "If-None-Match", required = false) String etag,
            @RequestHeader(value = "Accept-Encoding", required = false) String encoding) {
        String pin = SearchParameters.pincode(profile, pincode);
        LocalDate day = SearchParameters.searchDate(date);
        String lang = profile.languageOf(accept);
        var filter = new AvailabilitySearch.Filter(AvailabilitySearch.Where.PINCODE, pin, day, day, null, true);
        return answer("fbp:" + pin + ":" + day + ":" + lang, filter, lang, etag, encoding,
                () -> fragments.rows(filter, lang), () -> new Sessions(search.rows(filter, lang)));
    }

    @GetMapping("/sessions/public/findByDistrict")
    ResponseEntity<byte[]> findByDistrict(@RequestParam("district_id") int districtId, @RequestParam String date,
                                          @RequestHeader(value = "Accept-Language", required = false) String accept,
                                          @RequestHeader(value = "If-None-Match", required = false) String etag,
            @RequestHeader(value = "Accept-Encoding", required = false) String encoding) {
        LocalDate day = SearchParameters.searchDate(date);
        String lang = profile.languageOf(accept);
        var filter = new AvailabilitySearch.Filter(AvailabilitySearch.Where.DISTRICT, districtId, day, day, null, true);
        return answer("fbd:" + districtId + ":" + day + ":" + lang, filter, lang, etag, encoding,
                () -> fragments.rows(filter, lang), () -> new Sessions(search.rows(filter, lang)));
    }

    @GetMapping("/sessions/public/calendarByPin")
    ResponseEntity<byte[]> calendarByPin(@RequestParam String pincode, @RequestParam String date,
                                         @RequestHeader(value = "Accept-Language", required = false) String accept,
                                         @RequestHeader(value = "If-None-Match", required = false) String etag,
            @RequestHeader(value = "Accept-Encoding", required = false) String encoding) {
        String pin = SearchParameters.pincode(profile, pincode);
        LocalDate day = SearchParameters.searchDate(date);
        String lang = profile.languageOf(accept);
        var filter = new AvailabilitySearch.Filter(AvailabilitySearch.Where.PINCODE, pin, day, day.plusDays(6), null, false);
        return answer("cbp:" + pin + ":" + day + ":" + lang, filter, lang, etag, encoding,
                () -> fragments.calendar(filter, lang), () -> new Centres(search.calendar(filter, lang)));
    }

    @GetMapping("/sessions/public/calendarByDistrict")
    ResponseEntity<byte[]> calendarByDistrict(@RequestParam("district_id") int districtId, @RequestParam String date,
                                              @RequestHeader(value = "Accept-Language", required = false) String accept,
                                              @RequestHeader(value = "If-None-Match", required = false) String etag,
            @RequestHeader(value = "Accept-Encoding", required = false) String encoding) {
        LocalDate day = SearchParameters.searchDate(date);
        String lang = profile.languageOf(accept);
        var filter = new AvailabilitySearch.Filter(AvailabilitySearch.Where.DISTRICT, districtId, day, day.plusDays(6), null,
                false);
        return answer("cbd:" + districtId + ":" + day + ":" + lang, filter, lang, etag, encoding,
                () -> fragments.calendar(filter, lang), () -> new Centres(search.calendar(filter, lang)));
    }

    @GetMapping("/sessions/public/calendarByCenter")
    ResponseEntity<byte[]> calendarByCenter(@RequestParam("center_id") long centreId, @RequestParam String date,
                                            @RequestHeader(value = "Accept-Language", required = false) String accept,
                                            @RequestHeader(value = "If-None-Match", required = false) String etag,
            @RequestHeader(value = "Accept-Encoding", required = false) String encoding) {
        LocalDate day = SearchParameters.searchDate(date);
        String lang = profile.languageOf(accept);
        var filter = new AvailabilitySearch.Filter(AvailabilitySearch.Where.CENTRE, centreId, day, day.plusDays(6), null,
                false);
        return answer("cbc:" + centreId + ":" + day + ":" + lang, filter, lang, etag, encoding,
                () -> fragments.oneCentre(filter, lang), () -> {
            var centres = search.calendar(filter, lang);
            // The contract's one oddity: an object here, not an array, and {} when nothing.
            return Map.of("centers", centres.isEmpty() ? Map.of() : centres.getFirst());
        });
    }

    record NearbyCentre(long center_id, String name, String district_name, String state_name, String location,
                        String pincode, String block_name, String lat, @com.fasterxml.jackson.annotation.JsonProperty("long") String lng) {
    }

    record Nearby(List<NearbyCentre> centers, int ttl) {
    }

    @GetMapping("/centers/public/findByLatLong")
    ResponseEntity<byte[]> findByLatLong(@RequestParam BigDecimal lat, @RequestParam("long") BigDecimal lng,
                                         @RequestHeader(value = "If-None-Match", required = false) String etag,
            @RequestHeader(value = "Accept-Encoding", required = false) String encoding) {
        if (lat.abs().compareTo(BigDecimal.valueOf(90)) > 0 || lng.abs().compareTo(BigDecimal.valueOf(180)) > 0) {
            throw ApiException.badRequest("APPOIN0019", "lat must be within ±90 and long within ±180");
        }
        String key = "ll:" + lat.setScale(3, RoundingMode.HALF_UP) + ":" + lng.setScale(3, RoundingMode.HALF_UP);
        index.awaitOwnWrites();
        return fromMemory(key, index.centresVersion(), null, etag, encoding,
                () -> json.writeValueAsBytes(new Nearby(nearby(lat, lng), 24)));
    }

    /** As the SQL it replaced: open centres within half a degree, nearest first, at most 50. */
    private List<NearbyCentre> nearby(BigDecimal lat, BigDecimal lng) {
        BigDecimal half = new BigDecimal("0.5");
        record Near(AvailabilityIndex.Centre centre, BigDecimal distance) {
        }
        List<Near> near = new ArrayList<>();
        for (AvailabilityIndex.Centre c : index.allCentres()) {
            if (c.active() && c.lat() != null && c.lng() != null
                    && c.lat().compareTo(lat.subtract(half)) >= 0 && c.lat().compareTo(lat.add(half)) <= 0
                    && c.lng().compareTo(lng.subtract(half)) >= 0 && c.lng().compareTo(lng.add(half)) <= 0) {
                BigDecimal dLat = c.lat().subtract(lat);
                BigDecimal dLng = c.lng().subtract(lng);
                near.add(new Near(c, dLat.multiply(dLat).add(dLng.multiply(dLng))));
            }
        }
        near.sort(Comparator.comparing(Near::distance).thenComparingInt(n -> n.centre().rank()));
        return near.stream().limit(50).map(Near::centre).map(c -> new NearbyCentre(c.id(), c.name(),
                profile.district(c.districtId()).map(d -> d.name()).orElse(""),
                profile.state(c.stateId()).map(st -> st.name()).orElse(""), c.address(), c.pincode(), c.block(),
                c.lat().toPlainString(), c.lng().toPlainString())).toList();
    }

    /**
     * From memory when the days asked are in the index (written from its fragments); else from SQL
     * through the old few-second cache.
     */
    private ResponseEntity<byte[]> answer(String key, AvailabilitySearch.Filter filter, String lang, String ifNoneMatch,
                                          String encoding, Supplier<byte[]> fromIndex, Supplier<Object> fromSql) {
        if (search.inMemory(filter)) {
            index.awaitOwnWrites();
            return fromMemory(key, index.version(filter.where(), filter.key()), lang, ifNoneMatch, encoding, fromIndex);
        }
        cache.evictIfLarge();
        FreshCache.Entry entry = cache.get(key, () -> json.writeValueAsBytes(fromSql.get()));
        var builder = ResponseEntity.status(HttpStatus.OK).cacheControl(cacheControl).eTag(entry.etag())
                .lastModified(entry.computedAt());
        if (entry.etag().equals(ifNoneMatch)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).cacheControl(cacheControl).eTag(entry.etag())
                    .lastModified(entry.computedAt()).build();
        }
        return builder.contentType(MediaType.APPLICATION_JSON).body(entry.body());
    }

    /**
     * The answer's bytes as last serialised for this version of its place (the version is read
     * before the body is made, so a body never carries a version newer than itself). The ETag is
     * that version (and the language), not a hash: nodes at the same change agree on it. No SQL
     * here: a change this node has not heard of yet bumps the version when the feed brings it
     * (within a second), and the entry is made anew then.
     */
    private ResponseEntity<byte[]> fromMemory(String key, long version, String lang, String ifNoneMatch,
                                              String encoding, Supplier<byte[]> compute) {
        AnswerBytes.Entry entry = answers.get(key, version, lang, compute);
        Freshness fresh = freshness();
        boolean same = ifNoneMatch != null && ifNoneMatch.contains(entry.etag());
        var builder = ResponseEntity.status(same ? HttpStatus.NOT_MODIFIED : HttpStatus.OK)
                .header(HttpHeaders.CACHE_CONTROL, cacheControlValue).eTag(entry.etag())
                .header(HttpHeaders.LAST_MODIFIED, fresh.lastModified())
                .header("X-OpenVIN-Change-Seq", fresh.seq())
                .varyBy("Accept-Encoding");
        if (same) {
            return builder.build();
        }
        if (encoding != null && encoding.contains("gzip")) {
            return builder.contentType(MediaType.APPLICATION_JSON).header("Content-Encoding", "gzip").body(entry.gzip());
        }
        return builder.contentType(MediaType.APPLICATION_JSON).body(entry.body());
    }

    /** The freshness headers as text, made again only when the index has applied a change since. */
    private record Freshness(long applied, String seq, String lastModified) {
    }

    private volatile Freshness freshness = new Freshness(-1, "", "");
    /** As Spring writes HTTP dates (HttpHeaders#setLastModified). */
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss zzz",
            Locale.US).withZone(ZoneId.of("GMT"));

    private Freshness freshness() {
        Freshness f = freshness;
        long applied = index.appliedSeq();
        if (f.applied() != applied) {
            f = new Freshness(applied, String.valueOf(applied),
                    HTTP_DATE.format(index.appliedAt()));
            freshness = f;
        }
        return f;
    }
}
