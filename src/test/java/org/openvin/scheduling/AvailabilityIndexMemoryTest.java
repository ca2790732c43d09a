package org.openvin.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.openvin.OpenVinTest;
import org.openvin.platform.ChangeFeed;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The availability index for 10,000 centres × 14 days (one session of eight slots per centre and
 * day, as the bench's CountryGenerator makes them, twice as many days) stays well under 200 MB of
 * heap, measured (heap after a full GC, before and after the load) and as the gauge reports it.
 */
@OpenVinTest
class AvailabilityIndexMemoryTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    ChangeFeed feed;

    @Autowired
    MeterRegistry meters;

    @Test
    void tenThousandCentresForFourteenDaysFitInTwoHundredMegabytes() throws Exception {
        feed.catchUpAfterCommit("availability_change");
        long before = usedHeapAfterGc();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            // Bulk load without the triggers, then one "everything changed" row: as a restore would.
            s.execute("SET session_replication_role = replica");
            s.execute("""
                    INSERT INTO centre (id, name, address, state_id, district_id, block_name, pincode, lat, lng)
                    SELECT 2000000 + g, 'Centre ' || g, 'Road ' || g, 21, 1 + g % 700, 'Block ' || g % 50,
                           (110000 + g % 19000)::text, 8 + (g % 2800) / 100.0, 68 + (g % 3000) / 100.0
                    FROM generate_series(1, 10000) g""");
            s.execute("""
                    INSERT INTO vaccination_session (id, centre_id, session_date, vaccine, min_age, capacity_dose1,
                                                     capacity_dose2, slot_labels)
                    SELECT gen_random_uuid(), 2000000 + g, current_date + d,
                           CASE WHEN g % 2 = 0 THEN 'COVISHIELD' ELSE 'COVAXIN' END, 18, 50 + g % 151, 20 + g % 81,
                           ARRAY['09:00AM-10:00AM','10:00AM-11:00AM','11:00AM-12:00PM','12:00PM-01:00PM',
                                 '01:00PM-02:00PM','02:00PM-03:00PM','03:00PM-04:00PM','04:00PM-05:00PM']
                    FROM generate_series(1, 10000) g, generate_series(0, 13) d""");
            s.execute("""
                    INSERT INTO session_slot (session_id, position, label, capacity)
                    SELECT id, p, slot_labels[p + 1], 20 FROM vaccination_session, generate_series(0, 7) p
                    WHERE centre_id > 2000000""");
            s.execute("SET session_replication_role = DEFAULT");
            s.execute("INSERT INTO availability_change (session_id, centre_id) VALUES (NULL, NULL)");
        }
        long started = System.nanoTime();
        feed.catchUpAfterCommit("availability_change");
        long loadMillis = (System.nanoTime() - started) / 1_000_000;
        long after = usedHeapAfterGc();
        double entries = meters.get("openvin.availability.index.entries").gauge().value();
        double estimated = meters.get("openvin.availability.index.bytes").gauge().value();
        long measured = after - before;
        System.out.printf("availability index: %.0f entries, measured %d MB, gauge %.0f MB, loaded in %d ms%n",
                entries, measured >> 20, estimated / (1 << 20), loadMillis);
        assertThat(entries).isGreaterThanOrEqualTo(10_000 + 140_000);
        assertThat(measured).isLessThan(200L << 20);
        assertThat(estimated).isLessThan(200L << 20);
        // The gauge is an estimate: within a factor of two of what the heap says.
        assertThat(estimated).isBetween(measured / 2.0, measured * 2.0);
        jdbc.sql("TRUNCATE session_slot, vaccination_session, centre CASCADE").update();
        feed.catchUpAfterCommit("availability_change");
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
