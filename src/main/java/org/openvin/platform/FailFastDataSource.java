package org.openvin.platform;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Once the pool has failed to reach PostgreSQL (connection refused or broken, not merely busy),
 * every request for a connection fails at once, and a background probe alone waits on the pool
 * until the server answers again: a page that touches the database three times (session, CSRF
 * token, the page itself) then answers in milliseconds instead of three pool time-outs, and the
 * node serves again within {@link #PROBE_INTERVAL} of the database's return. A pool that is only
 * busy — a time-out with no failed connection behind it — is left to queue as before.
 */
final class FailFastDataSource extends DelegatingDataSource {

    private static final Logger log = LoggerFactory.getLogger(FailFastDataSource.class);
    static final Duration PROBE_INTERVAL = Duration.ofMillis(500);

    private final AtomicBoolean down = new AtomicBoolean();

    FailFastDataSource(DataSource pool) {
        super(pool);
    }

    @Override
    public Connection getConnection() throws SQLException {
        refuseWhileDown();
        try {
            return super.getConnection();
        } catch (SQLException e) {
            noticeFailure(e);
            throw e;
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        refuseWhileDown();
        try {
            return super.getConnection(username, password);
        } catch (SQLException e) {
            noticeFailure(e);
            throw e;
        }
    }

    private void refuseWhileDown() throws SQLException {
        if (down.get()) {
            throw new SQLTransientConnectionException("The database is unreachable; waiting for it to come back", "08001");
        }
    }

    private void noticeFailure(SQLException e) {
        if (unreachable(e) && down.compareAndSet(false, true)) {
            log.warn("PostgreSQL unreachable ({}); answering 503 until it is back", e.getMessage());
            Thread.ofVirtual().name("database-probe").start(this::probeUntilBack);
        }
    }

    private void probeUntilBack() {
        while (true) {
            try {
                Thread.sleep(PROBE_INTERVAL);
                try (Connection c = super.getConnection()) {
                    if (c.isValid(1)) {
                        down.set(false);
                        log.info("PostgreSQL reachable again; serving");
                        return;
                    }
                }
            } catch (InterruptedException e) {
                down.set(false);
                return;
            } catch (SQLException | RuntimeException stillDown) {
                // keep probing
            }
        }
    }

    /** A refused or broken connection somewhere behind the failure, as opposed to a pool that is only busy. */
    private static boolean unreachable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }
}
