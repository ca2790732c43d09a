package org.openvin.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.openvin.OpenVinTest;
import org.openvin.scheduling.internal.PublishingSession;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the availability trigger (a change row and a NOTIFY) adds to the booking path: the
 * booking's capacity UPDATE, committed on its own, timed with the trigger and without it.
 */
@OpenVinTest
class AvailabilityTriggerCostTest {

    static final long CENTRE = 773001;
    static final int UPDATES = 1000;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    PublishingSession publishing;

    @Test
    void theTriggerAddsLittleToABookingsUpdate() throws Exception {
        Fixtures.centre(jdbc, CENTRE, 395, "400093");
        UUID session = Fixtures.session(publishing, CENTRE, Fixtures.today().plusDays(1), "COVISHIELD", 100_000, 0, 18, null);
        long with;
        long without;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            time(c, session, 200);
            with = time(c, session, UPDATES);
            try (Statement s = c.createStatement()) {
                s.execute("ALTER TABLE vaccination_session DISABLE TRIGGER session_availability_changed");
            }
            try {
                time(c, session, 200);
                without = time(c, session, UPDATES);
            } finally {
                try (Statement s = c.createStatement()) {
                    s.execute("ALTER TABLE vaccination_session ENABLE TRIGGER session_availability_changed");
                }
            }
        }
        double perUpdateWith = with / 1000.0 / UPDATES;
        double perUpdateWithout = without / 1000.0 / UPDATES;
        System.out.printf("booking UPDATE + commit: %.1f µs with the availability trigger, %.1f µs without%n",
                perUpdateWith, perUpdateWithout);
        // Loose: the machine is shared; the figure printed is what matters.
        assertThat(perUpdateWith).isLessThan(perUpdateWithout * 5 + 2000);
    }

    private static long time(Connection c, UUID session, int n) throws Exception {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE vaccination_session SET booked_dose1 = booked_dose1 + 1, updated_at = now() WHERE id = ?")) {
            long started = System.nanoTime();
            for (int i = 0; i < n; i++) {
                update.setObject(1, session);
                update.executeUpdate();
            }
            return System.nanoTime() - started;
        }
    }
}
