package org.openvin.reporting.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openvin.profile.CountryProfile;
import org.openvin.profile.ProfileDocument.Named;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The dashboard's and reports' numbers, all read from the aggregates. */
@Component
class ReportQueries {

    record Totals(long doses, long firstDoses, long fullyVaccinated) {
    }

    record Day(String date, long doses, long first_doses, long completing_doses) {
    }

    record Region(int id, String name, Long population, long doses, long first_doses, long fully_vaccinated,
                  Double first_dose_coverage, Double full_coverage) {
    }

    record Share(String key, long doses) {
    }

    private final JdbcClient jdbc;
    private final CountryProfile profile;

    ReportQueries(JdbcClient jdbc, CountryProfile profile) {
        this.jdbc = jdbc;
        this.profile = profile;
    }

    /** Totals over all days, or one day; optionally only a state or a district. */
    Totals totals(LocalDate day, Integer stateId, Integer districtId) {
        return jdbc.sql("""
                        SELECT coalesce(sum(doses), 0) AS doses,
                               coalesce(sum(doses) FILTER (WHERE dose = 1), 0) AS first,
                               coalesce(sum(doses) FILTER (WHERE completes), 0) AS full
                        FROM dose_aggregate
                        WHERE (:day::date IS NULL OR day = :day::date)
                          AND (:state::int IS NULL OR state_id = :state::int)
                          AND (:district::int IS NULL OR district_id = :district::int)""")
                .param("day", day).param("state", stateId).param("district", districtId)
                .query((rs, n) -> new Totals(rs.getLong("doses"), rs.getLong("first"), rs.getLong("full")))
                .single();
    }

    List<Day> byDay(LocalDate from, LocalDate to, Integer stateId) {
        return jdbc.sql("""
                        SELECT day, sum(doses) AS doses, sum(doses) FILTER (WHERE dose = 1) AS first,
                               sum(doses) FILTER (WHERE completes) AS full
                        FROM dose_aggregate
                        WHERE day BETWEEN :from AND :to AND (:state::int IS NULL OR state_id = :state::int)
                        GROUP BY day ORDER BY day""")
                .param("from", from).param("to", to).param("state", stateId)
                .query((rs, n) -> new Day(rs.getObject("day", LocalDate.class).toString(), rs.getLong("doses"),
                        rs.getLong("first"), rs.getLong("full")))
                .list();
    }

    /** States (stateId null) or the districts of one state, every one listed even with no doses. */
    List<Region> byRegion(Integer stateId) {
        String column = stateId == null ? "state_id" : "district_id";
        Map<Integer, long[]> counts = new LinkedHashMap<>();
        jdbc.sql("SELECT " + column + " AS id, sum(doses) AS doses, sum(doses) FILTER (WHERE dose = 1) AS first,"
                        + " sum(doses) FILTER (WHERE completes) AS full FROM dose_aggregate"
                        + " WHERE (:state::int IS NULL OR state_id = :state::int) GROUP BY " + column)
                .param("state", stateId)
                .query(rs -> {
                    counts.put(rs.getInt("id"), new long[]{rs.getLong("doses"), rs.getLong("first"), rs.getLong("full")});
                });
        List<Region> regions = new ArrayList<>();
        if (stateId == null) {
            for (var s : profile.states()) {
                regions.add(region(s.id(), s, s.population(), counts.get(s.id())));
            }
        } else {
            for (var d : profile.districtsOf(stateId)) {
                regions.add(region(d.id(), d, d.population(), counts.get(d.id())));
            }
        }
        return regions;
    }

    private static Region region(int id, Named named, Long population, long[] c) {
        long doses = c == null ? 0 : c[0];
        long first = c == null ? 0 : c[1];
        long full = c == null ? 0 : c[2];
        return new Region(id, named.name(), population, doses, first, full, percent(first, population),
                percent(full, population));
    }

    private static Double percent(long part, Long population) {
        return population == null || population == 0 ? null : Math.round(part * 10000.0 / population) / 100.0;
    }

    List<Share> by(String dimension, Integer stateId) {
        String column = switch (dimension) {
            case "age-group" -> "age_group";
            case "gender" -> "gender";
            case "vaccine" -> "vaccine";
            case "dose" -> "dose::text";
            default -> throw new IllegalArgumentException(dimension);
        };
        return jdbc.sql("SELECT " + column + " AS key, sum(doses) AS doses FROM dose_aggregate"
                        + " WHERE (:state::int IS NULL OR state_id = :state::int) GROUP BY 1 ORDER BY 1")
                .param("state", stateId)
                .query((rs, n) -> new Share(rs.getString("key"), rs.getLong("doses"))).list();
    }
}
