package org.openvin.reporting.internal;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.openvin.platform.SidePool;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The connections line-list exports read through: a read-only {@link SidePool} of their own
 * ({@code openvin.reports.export-pool-size}), each query streamed from a cursor. An export holds
 * its connection for as long as the client takes to read the whole list, minutes on a slow
 * network; from the main pool, a few officials downloading at once held every connection and the
 * node answered nothing else (bookings, doses, sign-ins) until they finished. Now only exports
 * wait for exports: one beyond the pool waits its turn, up to the pool's time-out, then is
 * answered 503 like any request that finds no connection.
 */
@Component
class ExportReads implements DisposableBean {

    private final SidePool pool;
    private final JdbcTemplate streaming;

    ExportReads(DataSource dataSource, @Value("${openvin.reports.export-pool-size:4}") int size) throws SQLException {
        this.pool = SidePool.beside(dataSource, "exports", size, true);
        this.streaming = new JdbcTemplate(pool.dataSource());
        this.streaming.setFetchSize(2_000);
    }

    /** A template whose queries stream their rows through a cursor, in a read-only transaction of their own. */
    JdbcTemplate streaming() {
        return streaming;
    }

    @Override
    public void destroy() {
        pool.close();
    }
}
