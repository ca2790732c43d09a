package org.openvin.platform;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A small pool of its own beside the main one, on the same server with the same settings, for
 * work that must never take the main pool's connections: the audit rows of refused requests,
 * written while the refused request holds its own connection; line-list exports, which keep a
 * cursor open for as long as the client takes to read; bulk imports, which hold a connection
 * while their body arrives. Any of them, taken from the main pool, could hold every connection and
 * stall the node; a side pool only makes its own kind wait.
 *
 * <p>It starts on first use (as Boot's main pool does), so a node starts while the database is
 * away, and it is wrapped as the main pool is ({@link FailFastDataSource}): connections in request
 * order, and a database that is away answered at once rather than after the pool's time-out.
 */
public final class SidePool implements AutoCloseable {

    private final HikariDataSource pool;
    private final DataSource dataSource;

    private SidePool(HikariDataSource pool) {
        this.pool = pool;
        this.dataSource = new FailFastDataSource(pool);
    }

    /**
     * @param main     the application's DataSource, whose pool's settings are copied
     * @param name     added to the main pool's name, for its metrics and log lines
     * @param readOnly connections that cannot write, each query in a transaction of its own
     *                 (so that PostgreSQL streams a result through a cursor)
     */
    public static SidePool beside(DataSource main, String name, int size, boolean readOnly) throws SQLException {
        HikariDataSource mainPool = main.unwrap(HikariDataSource.class);
        HikariDataSource pool = new HikariDataSource();
        mainPool.copyStateTo(pool);
        pool.setPoolName((mainPool.getPoolName() == null ? "openvin" : mainPool.getPoolName()) + "-" + name);
        pool.setMaximumPoolSize(size);
        pool.setMinimumIdle(0);
        pool.setAutoCommit(!readOnly);
        pool.setReadOnly(readOnly);
        return new SidePool(pool);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        pool.close();
    }
}
