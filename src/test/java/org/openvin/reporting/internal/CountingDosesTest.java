package org.openvin.reporting.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.openvin.OpenVinTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The dashboard counter counts each queued dose exactly once, whoever drains the queue and however often. */
@OpenVinTest
class CountingDosesTest {

    private static final LocalDate DAY = LocalDate.of(2001, 2, 3);   // a day no other test counts

    @Autowired
    JdbcClient jdbc;

    @Autowired
    CountingDoses counting;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void concurrentDrainsAndARequeuedDoseCountEachDoseOnce() {
        long centre = 881_234;
        jdbc.sql("INSERT INTO centre (id, name, address, state_id, district_id, pincode) VALUES (?, 'Counting PHC', 'Road', 21, 363, '411001') ON CONFLICT DO NOTHING")
                .param(centre).update();
        List<UUID> doses = new ArrayList<>();
        for (int i = 0; i < 2 * CountingDoses.BATCH + 7; i++) {
            doses.add(UUID.randomUUID());
        }
        for (UUID id : doses) {
            queue(id, centre);
        }
        // Three drains at once, as three nodes would: SKIP LOCKED splits the queue between them.
        var drains = List.of(CompletableFuture.runAsync(counting::countQueued),
                CompletableFuture.runAsync(counting::countQueued), CompletableFuture.runAsync(counting::countQueued));
        drains.forEach(CompletableFuture::join);
        counting.countQueued();
        assertThat(doses()).isEqualTo(doses.size());
        // A dose queued again (a retried sync) is not counted again.
        queue(doses.getFirst(), centre);
        counting.countQueued();
        assertThat(doses()).isEqualTo(doses.size());
        assertThat(jdbc.sql("SELECT count(*) FROM dose_count_queue WHERE day = ?").param(DAY).query(Long.class).single())
                .isZero();
        assertThat(jdbc.sql("SELECT DISTINCT age_group FROM dose_aggregate WHERE day = ?").param(DAY)
                .query(String.class).list()).containsExactly("unknown");
    }

    private void queue(UUID id, long centre) {
        jdbc.sql("""
                        INSERT INTO dose_count_queue (vaccination_id, beneficiary_id, centre_id, day, vaccine, dose, completes)
                        VALUES (?, 'nobody', ?, ?, 'COVAXIN', 1, false)""")
                .params(id, centre, DAY).update();
    }

    private long doses() {
        return jdbc.sql("SELECT coalesce(sum(doses), 0) FROM dose_aggregate WHERE day = ?").param(DAY)
                .query(Long.class).single();
    }
}
