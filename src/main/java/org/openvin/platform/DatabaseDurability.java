package org.openvin.platform;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the database server itself says about durability, read back with {@code SHOW} rather
 * than taken from our own configuration: logged at start-up and shown to operators as the
 * {@code durability} health details. An acknowledged booking or dose survives a crash only if
 * all three are on.
 */
@Component("durabilityHealthIndicator")
public class DatabaseDurability implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(DatabaseDurability.class);

    private final JdbcClient jdbc;

    DatabaseDurability(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The server's settings as it reports them now. */
    public record Settings(String fsync, String synchronousCommit, String fullPageWrites, String serverVersion) {

        public boolean durable() {
            return "on".equals(fsync) && !"off".equals(synchronousCommit) && !"local".equals(synchronousCommit)
                    && "on".equals(fullPageWrites);
        }
    }

    public Settings read() {
        return jdbc.sql("""
                        SELECT current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS sc,
                               current_setting('full_page_writes') AS fpw, current_setting('server_version') AS v""")
                .query((rs, n) -> new Settings(rs.getString("fsync"), rs.getString("sc"), rs.getString("fpw"),
                        rs.getString("v")))
                .single();
    }

    @EventListener(ApplicationReadyEvent.class)
    void logAtStart() {
        try {
            Settings s = read();
            String line = "PostgreSQL {}: fsync={}, synchronous_commit={}, full_page_writes={} ({})";
            if (s.durable()) {
                log.info(line, s.serverVersion(), s.fsync(), s.synchronousCommit(), s.fullPageWrites(),
                        "durable: an acknowledged write survives a crash");
            } else {
                log.warn(line, s.serverVersion(), s.fsync(), s.synchronousCommit(), s.fullPageWrites(),
                        "NOT DURABLE: acknowledged writes can be lost in a crash; only tests should run like this");
            }
        } catch (RuntimeException e) {
            log.warn("Could not read the database's durability settings: {}", e.getMessage());
        }
    }

    @Override
    public Health health() {
        Settings s = read();
        return Health.up()
                .withDetail("durable", s.durable())
                .withDetail("fsync", s.fsync())
                .withDetail("synchronous_commit", s.synchronousCommit())
                .withDetail("full_page_writes", s.fullPageWrites())
                .withDetail("server_version", s.serverVersion())
                .build();
    }
}
