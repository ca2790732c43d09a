package org.openvin.scheduling.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openvin.profile.CountryProfile;
import org.openvin.scheduling.internal.CentreView.SessionView;
import org.openvin.scheduling.internal.CentreView.VaccineFee;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The availability answers behind the public and protected search and the search pages, shaped
 * into the contract's objects. Days within the {@link AvailabilityIndex}'s horizon are read from
 * memory; others (the past, far ahead) from one indexed SQL query (centres joined to their
 * sessions) as before, in the same order, so both give the same answer byte for byte.
 */
@Component
class AvailabilitySearch {

    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd-MM-yyyy");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final JsonMapper json = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Integer>> FEES = new TypeReference<>() { };

    private static final String SELECT = """
            SELECT c.id AS centre_id, c.name, c.address, c.state_id, c.district_id, c.block_name, c.pincode, c.lat, c.lng,
                   c.opens_at, c.closes_at, c.fee_type, c.vaccine_fees::text AS vaccine_fees,
                   s.id AS session_id, s.session_date, s.vaccine, s.min_age, s.max_age, s.fee,
                   s.capacity_dose1 - s.booked_dose1 AS free1, s.capacity_dose2 - s.booked_dose2 AS free2,
                   s.capacity_booster - s.booked_booster AS free3, s.capacity_booster, s.slot_labels
            FROM centre c
            JOIN vaccination_session s ON s.centre_id = c.id AND NOT s.cancelled
                 AND s.session_date BETWEEN :from AND :to
            """;

    /** Which centres: a district, a pincode or one centre. */
    enum Where {
        DISTRICT("c.district_id = :key"), PINCODE("c.pincode = :key"), CENTRE("c.id = :key");

        final String condition;

        Where(String condition) {
            this.condition = condition;
        }
    }

    record Filter(Where where, Object key, LocalDate from, LocalDate to, String vaccine, boolean onlyAvailable) {
    }

    private final JdbcClient jdbc;
    private final CountryProfile profile;
    private final AvailabilityIndex index;

    AvailabilitySearch(JdbcClient jdbc, CountryProfile profile, AvailabilityIndex index) {
        this.jdbc = jdbc;
        this.profile = profile;
        this.index = index;
    }

    /** Whether the answer comes from memory (and so has the index's version). */
    boolean inMemory(Filter f) {
        return index.covers(f.from(), f.to());
    }

    record Hit(long centreId, String name, String address, int stateId, int districtId, String block,
                       String pincode, BigDecimal lat, BigDecimal lng, LocalTime opens, LocalTime closes,
                       String feeType, String fees, String sessionId, LocalDate date, String vaccine, int minAge,
                       Integer maxAge, int fee, int free1, int free2, int free3, int boosterCapacity, List<String> slots) {
    }

    private List<Hit> query(Filter f) {
        return inMemory(f) ? fromIndex(f) : fromSql(f);
    }

    /** As {@link #fromSql}: open centres by name and id, their open sessions by date and vaccine. */
    private List<Hit> fromIndex(Filter f) {
        index.awaitOwnWrites();
        List<Hit> hits = new ArrayList<>();
        for (AvailabilityIndex.Centre c : index.centres(f.where(), f.key())) {
            for (AvailabilityIndex.Session s : index.sessions(c.id())) {
                if (!matches(f, s)) {
                    continue;
                }
                hits.add(hit(c, s));
            }
        }
        return hits;
    }

    /** Whether the index's session belongs in an answer to the filter: as {@link #fromSql}'s conditions. */
    static boolean matches(Filter f, AvailabilityIndex.Session s) {
        return !s.date().isBefore(f.from()) && !s.date().isAfter(f.to())
                && (f.vaccine() == null || f.vaccine().equals(s.vaccine()))
                && (!f.onlyAvailable() || s.free1() + s.free2() + s.free3() > 0);
    }

    static Hit hit(AvailabilityIndex.Centre c, AvailabilityIndex.Session s) {
        return new Hit(c.id(), c.name(), c.address(), c.stateId(), c.districtId(), c.block(), c.pincode(),
                c.lat(), c.lng(), c.opens(), c.closes(), c.feeType(), c.fees(), s.id(), s.date(), s.vaccine(),
                s.minAge(), s.maxAge(), s.fee(), s.free1(), s.free2(), s.free3(), s.boosterCapacity(), s.slots());
    }

    private List<Hit> fromSql(Filter f) {
        String sql = SELECT + " WHERE " + f.where().condition + " AND c.active"
                + (f.vaccine() == null ? "" : " AND s.vaccine = :vaccine")
                + (f.onlyAvailable() ? " AND (s.capacity_dose1 - s.booked_dose1 + s.capacity_dose2 - s.booked_dose2"
                + " + s.capacity_booster - s.booked_booster) > 0" : "")
                + " ORDER BY c.name, c.id, s.session_date, s.vaccine";
        var statement = jdbc.sql(sql).param("key", f.key()).param("from", f.from()).param("to", f.to());
        if (f.vaccine() != null) {
            statement = statement.param("vaccine", f.vaccine());
        }
        return statement.query((rs, n) -> hit(rs)).list();
    }

    private static Hit hit(ResultSet rs) throws SQLException {
        return new Hit(rs.getLong("centre_id"), rs.getString("name"), rs.getString("address"), rs.getInt("state_id"),
                rs.getInt("district_id"), rs.getString("block_name"), rs.getString("pincode"), rs.getBigDecimal("lat"),
                rs.getBigDecimal("lng"), rs.getObject("opens_at", LocalTime.class),
                rs.getObject("closes_at", LocalTime.class), rs.getString("fee_type"), rs.getString("vaccine_fees"),
                rs.getString("session_id"), rs.getObject("session_date", LocalDate.class), rs.getString("vaccine"),
                rs.getInt("min_age"), (Integer) rs.getObject("max_age"), rs.getInt("fee"), rs.getInt("free1"),
                rs.getInt("free2"), rs.getInt("free3"), rs.getInt("capacity_booster"),
                Arrays.asList((String[]) rs.getArray("slot_labels").getArray()));
    }

    /** Calendar answers: centres, each with its sessions over the days asked (booked-out ones too). */
    List<CentreView> calendar(Filter f, String language) {
        Map<Long, List<Hit>> byCentre = new LinkedHashMap<>();
        for (Hit h : query(f)) {
            byCentre.computeIfAbsent(h.centreId(), k -> new ArrayList<>()).add(h);
        }
        List<CentreView> centres = new ArrayList<>(byCentre.size());
        for (List<Hit> hits : byCentre.values()) {
            centres.add(centreView(hits.getFirst(), hits.stream().map(AvailabilitySearch::sessionView).toList(), language));
        }
        return centres;
    }

    /** A calendar's centre object: the centre's fields of {@code c} with the sessions given. */
    CentreView centreView(Hit c, List<SessionView> sessions, String language) {
        return new CentreView(c.centreId(), c.name(), null, c.address(), null, stateName(c, null),
                language == null ? null : stateName(c, language), districtName(c, null),
                language == null ? null : districtName(c, language), c.block(), null, pincode(c), c.lat(), c.lng(),
                CLOCK.format(c.opens()), CLOCK.format(c.closes()), c.feeType(), sessions, fees(c));
    }

    /** findBy* answers: one flat row per session that still has places. */
    List<SessionRow> rows(Filter f, String language) {
        return query(f).stream().map(h -> row(h, language)).toList();
    }

    SessionRow row(Hit h, String language) {
        SessionView s = sessionView(h);
        return new SessionRow(h.centreId(), h.name(), null, h.address(), null, stateName(h, null),
                language == null ? null : stateName(h, language), districtName(h, null),
                language == null ? null : districtName(h, language), h.block(), null, pincode(h), h.lat(), h.lng(),
                CLOCK.format(h.opens()), CLOCK.format(h.closes()), h.feeType(), String.valueOf(h.fee()),
                s.session_id(), s.date(), s.available_capacity(), s.available_capacity_dose1(),
                s.available_capacity_dose2(), s.available_capacity_dose3(), s.min_age_limit(), s.max_age_limit(),
                s.allow_all_age(), s.vaccine(), s.slots());
    }

    static SessionView sessionView(Hit h) {
        int free = Math.max(0, h.free1()) + Math.max(0, h.free2()) + Math.max(0, h.free3());
        return new SessionView(h.sessionId(), DAY.format(h.date()), free, Math.max(0, h.free1()),
                Math.max(0, h.free2()), h.boosterCapacity() > 0 ? Math.max(0, h.free3()) : null, h.minAge(),
                h.maxAge(), h.maxAge() == null, h.vaccine(), h.slots());
    }

    private String stateName(Hit h, String language) {
        return profile.state(h.stateId()).map(s -> s.name(language)).orElse("");
    }

    private String districtName(Hit h, String language) {
        return profile.district(h.districtId()).map(d -> d.name(language)).orElse("");
    }

    private static long pincode(Hit h) {
        try {
            return Long.parseLong(h.pincode());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static List<VaccineFee> fees(Hit h) {
        if (!"Paid".equals(h.feeType())) {
            return null;
        }
        return json.readValue(h.fees(), FEES).entrySet().stream()
                .map(e -> new VaccineFee(e.getKey(), String.valueOf(e.getValue()))).toList();
    }
}
