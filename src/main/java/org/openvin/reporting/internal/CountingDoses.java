package org.openvin.reporting.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openvin.profile.CountryProfile;
import org.openvin.profile.ProfileDocument.AgeGroup;
import org.openvin.platform.StatementPart;
import org.openvin.vaccination.DoseRecorded;
import org.openvin.vaccination.WrittenWithDose;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Adds each recorded dose to the dashboard aggregates, exactly once. The dose is queued in its own
 * statement ({@code dose_count_queue}, a part of the recording's statement); every
 * {@code openvin.reporting.count-every} (500 ms) this node takes up to {@value #BATCH} queued doses
 * ({@code FOR UPDATE SKIP LOCKED}, so nodes share the queue), adds them to {@code dose_aggregate}
 * with one upsert per group and deletes them, in one transaction. A module event per dose cost a
 * transaction (a disk flush) per dose, each waiting on the same hot aggregate row. The dashboard
 * polls every 5 s, so counting a moment later is not seen. {@code counted_dose} still guards
 * against a dose counted twice (a queue row re-inserted by a retried sync).
 *
 * <p>The batch reads the person's birth year and gender and the centre's state and district in
 * the same statement that takes the queue rows: the reporting module reads these tables, as its
 * dashboard queries do, rather than asking two modules per dose.
 */
@Component
class CountingDoses implements WrittenWithDose {

    private static final Logger log = LoggerFactory.getLogger(CountingDoses.class);
    static final int BATCH = 5_000;

    private final JdbcClient jdbc;
    private final CountryProfile profile;
    private final TransactionTemplate transactions;

    CountingDoses(JdbcClient jdbc, CountryProfile profile, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.profile = profile;
        this.transactions = transactions;
    }

    @Override
    public StatementPart writeIn(String source, DoseRecorded dose) {
        var params = new HashMap<String, Object>();
        params.put("count_vaccination", dose.vaccinationId());
        params.put("count_beneficiary", dose.beneficiaryId());
        params.put("count_centre", dose.centreId());
        params.put("count_day", dose.vaccinatedOn());
        params.put("count_vaccine", dose.vaccine());
        params.put("count_dose", dose.dose());
        params.put("count_completes", dose.dose() == dose.totalDoses());
        return new StatementPart("""
                INSERT INTO dose_count_queue (vaccination_id, beneficiary_id, centre_id, day, vaccine, dose, completes)
                SELECT :count_vaccination::uuid, :count_beneficiary::text, :count_centre::bigint, :count_day::date,
                       :count_vaccine::text, :count_dose::int, :count_completes::boolean"""
                + StatementPart.whenRowIn(source) + " ON CONFLICT DO NOTHING", params);
    }

    private record Group(LocalDate day, int stateId, int districtId, String ageGroup, String gender, String vaccine,
                         int dose, boolean completes) {
    }

    /** Counts what is queued, a batch per transaction, until the queue is empty. */
    @Scheduled(fixedDelayString = "${openvin.reporting.count-every:500ms}")
    void countQueued() {
        try {
            while (Boolean.TRUE.equals(transactions.execute(status -> countBatch()))) {
                // a full batch: there may be more
            }
        } catch (RuntimeException e) {
            log.warn("Counting doses for the dashboards failed; the next pass retries: {}", e.toString());
        }
    }

    /** @return whether the batch was full */
    boolean countBatch() {
        Map<Group, Integer> groups = new LinkedHashMap<>();
        int[] taken = {0};
        // Picked once, in a materialised CTE: as "IN (SELECT … LIMIT n FOR UPDATE SKIP LOCKED)",
        // PostgreSQL may re-run the sub-select under load and take more than a batch.
        jdbc.sql("""
                        WITH picked AS MATERIALIZED (
                            SELECT vaccination_id FROM dose_count_queue LIMIT :batch FOR UPDATE SKIP LOCKED),
                        taken AS (
                            DELETE FROM dose_count_queue q USING picked p WHERE q.vaccination_id = p.vaccination_id
                            RETURNING q.*),
                        fresh AS (
                            INSERT INTO counted_dose (vaccination_id) SELECT vaccination_id FROM taken
                            ON CONFLICT DO NOTHING RETURNING vaccination_id)
                        SELECT t.day, coalesce(c.state_id, 0) AS state_id, coalesce(c.district_id, 0) AS district_id,
                               b.birth_year, b.gender_id, t.vaccine, t.dose, t.completes,
                               f.vaccination_id IS NOT NULL AS fresh
                        FROM taken t
                        LEFT JOIN fresh f ON f.vaccination_id = t.vaccination_id
                        LEFT JOIN centre c ON c.id = t.centre_id
                        LEFT JOIN beneficiary b ON b.reference_id = t.beneficiary_id""")
                .param("batch", BATCH)
                .query(rs -> {
                    taken[0]++;
                    if (!rs.getBoolean("fresh")) {
                        return;
                    }
                    LocalDate day = rs.getObject("day", LocalDate.class);
                    Integer birthYear = (Integer) rs.getObject("birth_year");
                    String ageGroup = birthYear == null ? "unknown" : ageGroup(day.getYear() - birthYear);
                    String gender = birthYear == null ? "unknown"
                            : profile.gender(rs.getInt("gender_id")).map(g -> g.name()).orElse("unknown");
                    groups.merge(new Group(day, rs.getInt("state_id"), rs.getInt("district_id"), ageGroup, gender,
                            rs.getString("vaccine"), rs.getInt("dose"), rs.getBoolean("completes")), 1, Integer::sum);
                });
        if (!groups.isEmpty()) {
            List<Group> keys = new ArrayList<>(groups.keySet());
            jdbc.sql("""
                            INSERT INTO dose_aggregate (day, state_id, district_id, age_group, gender, vaccine, dose, completes, doses)
                            SELECT * FROM unnest(?::text[]::date[], ?::int[], ?::int[], ?::text[], ?::text[], ?::text[], ?::int[],
                                                 ?::boolean[], ?::bigint[])
                            ON CONFLICT (day, district_id, age_group, gender, vaccine, dose, completes)
                            DO UPDATE SET doses = dose_aggregate.doses + EXCLUDED.doses""")
                    .params(keys.stream().map(g -> g.day().toString()).toArray(String[]::new),
                            keys.stream().map(Group::stateId).toArray(Integer[]::new),
                            keys.stream().map(Group::districtId).toArray(Integer[]::new),
                            keys.stream().map(Group::ageGroup).toArray(String[]::new),
                            keys.stream().map(Group::gender).toArray(String[]::new),
                            keys.stream().map(Group::vaccine).toArray(String[]::new),
                            keys.stream().map(Group::dose).toArray(Integer[]::new),
                            keys.stream().map(Group::completes).toArray(Boolean[]::new),
                            keys.stream().map(g -> (long) groups.get(g)).toArray(Long[]::new))
                    .update();
        }
        return taken[0] == BATCH;
    }

    String ageGroup(int age) {
        for (AgeGroup group : profile.document().ageGroups()) {
            if (age >= group.min() && (group.max() == null || age <= group.max())) {
                return group.name();
            }
        }
        return "other";
    }
}
