package org.openvin.platform;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Tells a database that is away from a pool that is only busy, and answers the first at once.
 *
 * <p>The pool may make a request wait long for a connection (a storm of bookings is queued, not
 * refused). But when PostgreSQL is gone, every request would wait that long too. So: when a
 * request has waited {@link #SUSPICIOUS_WAIT} for a connection, a watchdog opens one connection
 * of its own, past the pool, with a short time-out. If the server refuses it, the database is
 * away: every waiting request is woken and fails, every new one fails at once, and a background
 * probe waits for the server to come back (the node then serves again by itself). If the server
 * answers, the pool is merely busy and the requests keep waiting. A connection lost under a
 * query ({@link DatabaseOutage} sees SQL state 08…) makes the same check at once. Only a refused
 * connection or a server saying it shuts down or starts counts as "away": a slow connect on a
 * loaded machine does not.
 *
 * <p>Requests also get their connections in the order they asked for them ({@link #borrow}).
 */
final class FailFastDataSource extends DelegatingDataSource {

    private static final Logger log = LoggerFactory.getLogger(FailFastDataSource.class);
    static final Duration SUSPICIOUS_WAIT = Duration.ofMillis(400);
    /** After the server answered, a busy pool is not checked again sooner than this. */
    static final Duration RECHECK_AFTER_ANSWER = Duration.ofSeconds(1);
    static final Duration PROBE_INTERVAL = Duration.ofMillis(500);

    private final long waitLimitMillis;
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicBoolean checking = new AtomicBoolean();
    private volatile long lastAnswered;
    /** Threads waiting on the pool now. */
    private final Map<Thread, Waiter> waiting = new ConcurrentHashMap<>();

    /**
     * A request waiting on the pool. The watchdog wakes it with an interrupt, and only while it
     * still waits; the request takes that interrupt back when it stops waiting, however it stops
     * (a connection, a time-out, the wake-up itself). Left set, the interrupt would close the
     * next channel the thread touches: the client's socket, as the 503 is written.
     */
    private static final class Waiter {
        final long since = System.nanoTime();
        private boolean stopped;
        private boolean woken;

        synchronized void wake(Thread thread) {
            if (!stopped) {
                woken = true;
                thread.interrupt();
            }
        }

        synchronized void stop() {
            stopped = true;
            if (woken) {
                Thread.interrupted();
            }
        }
    }

    FailFastDataSource(DataSource pool) {
        super(pool);
        this.waitLimitMillis = pool instanceof HikariDataSource hikari ? hikari.getConnectionTimeout() : 30_000;
        synchronized (instances) {
            instances.add(this);
        }
        Thread.ofVirtual().name("database-watchdog").start(this::watch);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return connect(null, null);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return connect(username, password);
    }

    private Connection connect(String username, String password) throws SQLException {
        refuseWhileDown();
        Thread me = Thread.currentThread();
        Waiter waiter = new Waiter();
        waiting.put(me, waiter);
        try {
            return borrow(username, password);
        } catch (SQLException e) {
            if (down.get()) {
                throw unavailable(e);
            }
            if (unreachable(e)) {
                markDown(e.getMessage()); // wakes this thread too, while it is still listed as waiting
                throw unavailable(e);
            }
            throw e;
        } finally {
            waiting.remove(me);
            waiter.stop();
        }
    }

    /**
     * Only the request at the head of this fair lock asks the pool for a connection; the others
     * wait behind it in the order they came. Hikari's pool lets a request that arrives just as a
     * connection is returned take it ahead of the requests already waiting, so in a booking storm
     * most requests waited milliseconds and some over a second (lab, spread storm, 200 in flight:
     * p50 118 ms, p99 434 ms); in arrival order the same storm gave p50 99 ms, p99 212 ms, with no
     * less throughput. A request may wait here for up to the pool's time-out, then in the pool for
     * up to the same again; an outage does not wait that long (the watchdog wakes every waiter).
     */
    private final ReentrantLock turn = new ReentrantLock(true);

    private Connection borrow(String username, String password) throws SQLException {
        boolean mine;
        try {
            mine = turn.tryLock(waitLimitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // taken back by the Waiter if it was the watchdog's
            throw new SQLTransientConnectionException("Woken while waiting for a connection", "08001", e);
        }
        if (!mine) {
            throw new SQLTransientConnectionException("No connection came free within " + waitLimitMillis + " ms");
        }
        try {
            return username == null ? super.getConnection() : super.getConnection(username, password);
        } finally {
            turn.unlock();
        }
    }

    private void refuseWhileDown() throws SQLException {
        if (down.get()) {
            throw unavailable(null);
        }
    }

    private static SQLTransientConnectionException unavailable(Throwable cause) {
        return new SQLTransientConnectionException("The database is unreachable; waiting for it to come back", "08001", cause);
    }

    /** A query failed because its connection broke: the server may be gone. */
    void connectionLost(String why) {
        if (!down.get() && checking.compareAndSet(false, true)) {
            Thread.ofVirtual().name("database-check").start(() -> {
                try {
                    if (!reachable()) {
                        markDown(why);
                    }
                } finally {
                    checking.set(false);
                }
            });
        }
    }

    private void watch() {
        while (!closed()) {
            try {
                Thread.sleep(100);
                long now = System.nanoTime();
                boolean someoneStuck = waiting.values().stream().anyMatch(w -> now - w.since > SUSPICIOUS_WAIT.toNanos());
                boolean recentlyAnswered = lastAnswered != 0 && now - lastAnswered < RECHECK_AFTER_ANSWER.toNanos();
                if (someoneStuck && !recentlyAnswered && !down.get() && checking.compareAndSet(false, true)) {
                    try {
                        if (reachable()) {
                            lastAnswered = System.nanoTime();
                        } else {
                            markDown("a connection past the pool was refused too");
                        }
                    } finally {
                        checking.set(false);
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.debug("Database watchdog: {}", e.toString());
            }
        }
    }

    private void markDown(String why) {
        if (down.compareAndSet(false, true)) {
            log.warn("PostgreSQL unreachable ({}); answering 503 until it is back", why);
            waiting.forEach((thread, waiter) -> waiter.wake(thread));
            Thread.ofVirtual().name("database-probe").start(this::probeUntilBack);
        }
    }

    private void probeUntilBack() {
        while (true) {
            try {
                Thread.sleep(PROBE_INTERVAL);
            } catch (InterruptedException e) {
                down.set(false);
                return;
            }
            if (reachable()) {
                down.set(false);
                log.info("PostgreSQL reachable again; serving");
                return;
            }
        }
    }

    private boolean closed() {
        try {
            return getTargetDataSource().unwrap(HikariDataSource.class).isClosed();
        } catch (SQLException e) {
            return false;
        }
    }

    /** Every instance, so a broken connection seen anywhere (DatabaseOutage) reaches its pool. */
    private static final java.util.Set<FailFastDataSource> instances =
            java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>());

    static void connectionLostSomewhere(String why) {
        java.util.List<FailFastDataSource> all;
        synchronized (instances) {
            all = java.util.List.copyOf(instances);
        }
        all.forEach(pool -> pool.connectionLost(why));
    }

    /** One connection of our own, past the pool, with a short time-out: does the server answer at all? */
    private boolean reachable() {
        HikariDataSource pool;
        try {
            pool = getTargetDataSource().unwrap(HikariDataSource.class);
        } catch (SQLException e) {
            return true; // not a pool we know: leave it to its own time-outs
        }
        Properties properties = new Properties();
        properties.putAll(pool.getDataSourceProperties());
        if (pool.getUsername() != null) {
            properties.setProperty("user", pool.getUsername());
        }
        if (pool.getPassword() != null) {
            properties.setProperty("password", pool.getPassword());
        }
        properties.setProperty("connectTimeout", "2");
        properties.setProperty("socketTimeout", "2");
        properties.setProperty("loginTimeout", "2");
        try (Connection c = DriverManager.getConnection(pool.getJdbcUrl(), properties)) {
            return c.isValid(2);
        } catch (SQLException e) {
            return !unreachable(e);
        }
    }

    /**
     * The server refused the connection, or said it is shutting down or starting up: it is away.
     * A time-out is not taken as proof (a loaded server is slow, not gone), nor is any other error.
     */
    static boolean unreachable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                    || t instanceof java.net.NoRouteToHostException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("57P")) {
                return true;
            }
        }
        return false;
    }
}
