package org.openvin.scheduling.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.openvin.platform.ApiException;
import org.openvin.profile.CountryProfile;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public, unauthenticated availability API of the CoWIN contract. Answers are cached for a
 * couple of seconds per node and say so (Cache-Control max-age, ETag, Last-Modified), so slot
 * finders can poll cheaply and still see a booking within seconds — not CoWIN's 30 minutes.
 */
@RestController
@RequestMapping("/api/v2/appointment")
class PublicAvailabilityController {

    private static final JsonMapper json = JsonMapper.builder()
            .changeDefaultPropertyInclusion(v -> v.withValueInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL))
            .build();

    private final AvailabilitySearch search;
    private final CountryProfile profile;
    private final JdbcClient jdbc;
    private final FreshCache cache;
    private final CacheControl cacheControl;

    PublicAvailabilityController(AvailabilitySearch search, CountryProfile profile, JdbcClient jdbc,
                                 @Value("${openvin.public-api.cache-ttl:2s}") Duration ttl) {
        this.search = search;
        this.profile = profile;
        this.jdbc = jdbc;
        this.cache = new FreshCache(ttl);
        this.cacheControl = CacheControl.maxAge(ttl).cachePublic();
    }

    record Sessions(List<SessionRow> sessions) {
    }

    record Centres(List<CentreView> centers) {
    }

    @GetMapping("/sessions/public/findByPin")
    ResponseEntity<byte[]> findByPin(@RequestParam String pincode, @RequestParam String date,
                                     @RequestHeader(value = "Accept-Language", required = false) String accept,
                                     @RequestHeader(value = "If-None-Match", required = false) String etag) {
        String pin = SearchParameters.pincode(profile, pincode);
        LocalDate day = SearchParameters.searchDate(date);
        String lang = profile.languageOf(accept);
        return answer("fbp:" + pin + ":" + day + ":" + lang, etag, () -> new Sessions(search.rows(
                new AvailabilitySearch.Filter(AvailabilitySearch.Where.PINCODE, pin, day, day, null, true), lang)));
    }

    @GetMapping("/sessions/public/findByDistrict")
    ResponseEntity<byte[]> findByDistrict(@RequestParam("district_id") int districtId, @RequestParam String date,
                                          @RequestHeader(value = "Accept-Language", required = false) String accept,
                                          @RequestHeader(value = "If-None-Match", required = false) String etag) {
        LocalDate day = SearchParameters.searchDate(date);
        String lang = profile.languageOf(accept);
        return answer("fbd:" + districtId + ":" + day + ":" + lang, etag, () -> new Sessions(search.rows(
                new AvailabilitySearch.Filter(AvailabilitySearch.Where.DISTRICT, districtId, day, day, null, true), lang)));
    }

    @GetMapping("/sessions/public/calendarByPin")
    ResponseEntity<byte[]> calendarByPin(@RequestParam String pincode, @RequestParam String date,
                                         @RequestHeader(value = "Accept-Language", required = false) String accept,
                                         @RequestHeader(value = "If-None-Match", required = false) String etag) {
        String pin = SearchParameters.pincode(profile, pincode);
        LocalDate day = SearchParameters.searchDate(date);
        String lang = profile.languageOf(accept);
        return answer("cbp:" + pin + ":" + day + ":" + lang, etag, () -> new Centres(search.calendar(
                new AvailabilitySearch.Filter(AvailabilitySearch.Where.PINCODE, pin, day, day.plusDays(6), null, false), lang)));
    }

    @GetMapping("/sessions/public/calendarByDistrict")
    ResponseEntity<byte[]> calendarByDistrict(@RequestParam("district_id") int districtId, @RequestParam String date,
                                              @RequestHeader(value = "Accept-Language", required = false) String accept,
                                              @RequestHeader(value = "If-None-Match", required = false) String etag) {
        LocalDate day = SearchParameters.searchDate(date);
        String lang = profile.languageOf(accept);
        return answer("cbd:" + districtId + ":" + day + ":" + lang, etag, () -> new Centres(search.calendar(
                new AvailabilitySearch.Filter(AvailabilitySearch.Where.DISTRICT, districtId, day, day.plusDays(6), null, false),
                lang)));
    }

    @GetMapping("/sessions/public/calendarByCenter")
    ResponseEntity<byte[]> calendarByCenter(@RequestParam("center_id") long centreId, @RequestParam String date,
                                            @RequestHeader(value = "Accept-Language", required = false) String accept,
                                            @RequestHeader(value = "If-None-Match", required = false) String etag) {
        LocalDate day = SearchParameters.searchDate(date);
        String lang = profile.languageOf(accept);
        return answer("cbc:" + centreId + ":" + day + ":" + lang, etag, () -> {
            var centres = search.calendar(new AvailabilitySearch.Filter(AvailabilitySearch.Where.CENTRE, centreId, day,
                    day.plusDays(6), null, false), lang);
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
                                         @RequestHeader(value = "If-None-Match", required = false) String etag) {
        if (lat.abs().compareTo(BigDecimal.valueOf(90)) > 0 || lng.abs().compareTo(BigDecimal.valueOf(180)) > 0) {
            throw ApiException.badRequest("APPOIN0019", "lat must be within ±90 and long within ±180");
        }
        return answer("ll:" + lat.setScale(3, java.math.RoundingMode.HALF_UP) + ":" + lng.setScale(3, java.math.RoundingMode.HALF_UP),
                etag, () -> new Nearby(jdbc.sql("""
                                SELECT id, name, district_id, state_id, address, pincode, block_name, lat, lng
                                FROM centre
                                WHERE active AND lat BETWEEN :lat - 0.5 AND :lat + 0.5 AND lng BETWEEN :lng - 0.5 AND :lng + 0.5
                                ORDER BY (lat - :lat) * (lat - :lat) + (lng - :lng) * (lng - :lng)
                                LIMIT 50""")
                        .param("lat", lat).param("lng", lng)
                        .query((rs, n) -> new NearbyCentre(rs.getLong("id"), rs.getString("name"),
                                profile.district(rs.getInt("district_id")).map(d -> d.name()).orElse(""),
                                profile.state(rs.getInt("state_id")).map(s -> s.name()).orElse(""),
                                rs.getString("address"), rs.getString("pincode"), rs.getString("block_name"),
                                rs.getBigDecimal("lat").toPlainString(), rs.getBigDecimal("lng").toPlainString()))
                        .list(), 24));
    }

    private ResponseEntity<byte[]> answer(String key, String ifNoneMatch,
                                          java.util.function.Supplier<Object> compute) {
        cache.evictIfLarge();
        FreshCache.Entry entry = cache.get(key, () -> json.writeValueAsBytes(compute.get()));
        var builder = ResponseEntity.status(HttpStatus.OK).cacheControl(cacheControl).eTag(entry.etag())
                .lastModified(entry.computedAt());
        if (entry.etag().equals(ifNoneMatch)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).cacheControl(cacheControl).eTag(entry.etag())
                    .lastModified(entry.computedAt()).build();
        }
        return builder.contentType(MediaType.APPLICATION_JSON).body(entry.body());
    }
}
