package org.openvin.identity.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.openvin.platform.ChangeFeed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The tokens ended before their expiry, in this node's memory, so that checking a valid token
 * costs no SQL: the logged-out token ids, and the staff accounts whose token generation or active
 * flag changed lately (a staff token is good while its account has no such change, or its latest
 * change left it active and of the token's generation). Only what can still matter is kept: a
 * logout until its token's expiry, a staff change for a token lifetime after it was applied, both
 * plus {@link #MARGIN} for clocks that disagree between nodes.
 *
 * <p><b>Kept current</b> from the table {@code token_revocation} (V46): triggers on
 * {@code revoked_token} and {@code staff_account} add a row in the revoking transaction and
 * NOTIFY {@value #CHANNEL}; the platform's {@link ChangeFeed} then calls {@link #catchUp}, which
 * reads the rows not applied yet by seq. A seq skipped over (taken by a transaction that has not
 * committed yet, or rolled back) is asked for again at every catch-up until it shows or a token
 * lifetime has passed, as {@code scheduling.internal.AvailabilityIndex} does for availability.
 *
 * <p><b>Failing safe.</b> Memory is trusted only for {@link #TRUSTED_FOR} after the start of the
 * last catch-up that succeeded. A poll catches up every {@link #POLL} while tokens are being
 * checked, so a notification that never came (the LISTEN connection killed, a node busy) costs at
 * most one poll; when the poll is late or failing, the request catches up itself before it
 * answers, and if the database cannot be read the request fails as any request does in an outage
 * — a revoked token is never accepted from a stale view. So a token revoked anywhere is refused
 * on every node within {@link #TRUSTED_FOR} of the revoking commit, usually within milliseconds;
 * on the node that revoked it, at once.
 *
 * <p>A staff page session is not checked here: it lives longer than a token, longer than this
 * view keeps a change ({@link Tokens#isCurrentStaff} asks SQL).
 */
@Component
class TokenRevocations implements SmartLifecycle {

    static final String CHANNEL = "token_revocation";
    static final Duration POLL = Duration.ofMillis(250);
    static final Duration TRUSTED_FOR = Duration.ofMillis(750);
    static final Duration MARGIN = Duration.ofMinutes(5);
    /** No poll after this long without a token checked: an idle node catches up on its next request. */
    private static final Duration IDLE = Duration.ofSeconds(30);
    private static final Duration PRUNE_MEMORY_EVERY = Duration.ofMinutes(1);
    private static final int MAX_GAP = 100_000;
    private static final Logger log = LoggerFactory.getLogger(TokenRevocations.class);

    /** A staff account's latest change; {@code generation} null when the account was deleted. */
    private record StaffChange(long seq, Integer generation, boolean active, long keepUntilNanos) {
    }

    private record Row(long seq, String jti, Instant expiresAt, Long staffId, Integer generation, Boolean active,
                       Instant at) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration lifetime;
    private final Map<String, Long> loggedOut = new ConcurrentHashMap<>();
    private final Map<Long, StaffChange> staff = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    /** Skipped seqs, each with the nano time after which it is no longer asked for; under {@link #lock}. */
    private final Map<Long, Long> gaps = new HashMap<>();
    private long applied;
    private volatile boolean loaded;
    private volatile long currentAsOf;
    private volatile long lastAsked = System.nanoTime();
    private volatile boolean running;
    private volatile Thread poller;

    TokenRevocations(JdbcClient jdbc, Clock clock, ChangeFeed feed, MeterRegistry meters,
                     @Value("${openvin.tokens.lifetime:15m}") Duration lifetime) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.lifetime = lifetime;
        feed.subscribe(CHANNEL, this::catchUp);
        // About 150 bytes each: 100,000 logouts within a token lifetime hold some 15 MB.
        Gauge.builder("openvin.tokens.revocations.entries", this, TokenRevocations::entries)
                .description("logged-out tokens and changed staff accounts held in memory").register(meters);
    }

    // ---- asking ----

    /** Whether this token id was logged out (on any node up to {@link #TRUSTED_FOR} ago). */
    boolean isLoggedOut(String jti) {
        ensureCurrent();
        return loggedOut.containsKey(jti);
    }

    /** Whether no change since a token of this generation was issued ended it (deleted, disabled, new generation). */
    boolean isCurrentStaff(long staffId, int generation) {
        ensureCurrent();
        StaffChange change = staff.get(staffId);
        return change == null || change.active() && change.generation() != null && change.generation() == generation;
    }

    private void ensureCurrent() {
        long now = System.nanoTime();
        if (now - lastAsked > 100_000_000L) {
            lastAsked = now;
        }
        if (trusted(now)) {
            return;
        }
        lock.lock();
        try {
            if (!trusted(System.nanoTime())) {
                catchUpLocked();
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean trusted(long now) {
        return loaded && now - currentAsOf < TRUSTED_FOR.toNanos();
    }

    // ---- keeping current ----

    /** A logout on this node: refused here at once when its transaction commits (the others follow by the feed). */
    void loggedOutHere(String jti, Instant expiresAt) {
        Runnable apply = () -> loggedOut.put(jti, keepUntil(expiresAt));
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    apply.run();
                }
            });
        } else {
            apply.run();
        }
    }

    /**
     * A staff account was changed on this node (disabled, a new password): catch up once its
     * transaction commits, so this node refuses the older tokens before it answers. Rare writes:
     * the catch-up runs in the caller's thread.
     */
    void staffChangedHere() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    catchUpQuietly();
                }
            });
        } else {
            catchUpQuietly();
        }
    }

    private void catchUpQuietly() {
        try {
            catchUp();
        } catch (RuntimeException e) {
            // The poll and the next request's own catch-up retry; nothing stale is trusted meanwhile.
            log.warn("Catching up on token revocations failed: {}", e.toString());
        }
    }

    /** Applies every revocation not applied yet; safe from any thread, and idempotent. */
    void catchUp() {
        lock.lock();
        try {
            catchUpLocked();
        } finally {
            lock.unlock();
        }
    }

    private void catchUpLocked() {
        long started = System.nanoTime();
        long now = started;
        gaps.values().removeIf(deadline -> deadline - now < 0);
        String wanted = gaps.keySet().stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
        List<Row> rows = new ArrayList<>();
        long[] sequence = new long[2];
        jdbc.sql("""
                        SELECT s.last_value, s.is_called, r.seq, r.jti, r.expires_at, r.staff_id, r.generation, r.active, r.at
                        FROM token_revocation_seq_seq s
                        LEFT JOIN token_revocation r ON r.seq > ? OR r.seq = ANY (?::bigint[])
                        ORDER BY r.seq""")
                .params(applied, wanted)
                .query((RowCallbackHandler) rs -> {
                    sequence[0] = rs.getLong("last_value");
                    sequence[1] = rs.getBoolean("is_called") ? 1 : 0;
                    if (rs.getObject("seq") != null) {
                        rows.add(row(rs));
                    }
                });
        if (applied > 0 && (sequence[1] == 0 || sequence[0] < applied)) {
            // The sequence went back (a restored backup, tests emptying the tables): what this node
            // holds describes a database that is gone. Start again from what there is now.
            log.info("token_revocation was reset (sequence at {}, applied {}); reloading", sequence[0], applied);
            loggedOut.clear();
            staff.clear();
            gaps.clear();
            applied = 0;
            loaded = false;
            catchUpLocked();
            return;
        }
        boolean initial = !loaded;
        if (initial && !rows.isEmpty()) {
            // Older seqs were pruned, not skipped: gaps count from the first row there is.
            applied = rows.getFirst().seq() - 1;
        }
        for (Row row : rows) {
            apply(row, initial);
        }
        currentAsOf = started;
        loaded = true;
    }

    private void apply(Row row, boolean initial) {
        long seq = row.seq();
        if (seq > applied) {
            long gapDeadline = System.nanoTime() + lifetime.plus(MARGIN).toNanos();
            long from = Math.max(applied + 1, seq - MAX_GAP);
            if (from > applied + 1) {
                log.error("{} token revocations skipped at once before seq {}; only the last {} are awaited",
                        seq - applied - 1, seq, MAX_GAP);
            }
            for (long skipped = from; skipped < seq; skipped++) {
                gaps.put(skipped, gapDeadline);
            }
            applied = seq;
        } else {
            gaps.remove(seq);
        }
        long now = System.nanoTime();
        if (row.jti() != null) {
            long keep = keepUntil(row.expiresAt() == null ? clock.instant().plus(lifetime) : row.expiresAt());
            if (keep - now > 0) {
                loggedOut.put(row.jti(), keep);
            }
        }
        if (row.staffId() != null) {
            // At start-up a change counts from when it was written; later, from when this node
            // learnt of it, which is after its commit (the tokens it ends may have been issued until then).
            Instant from = initial ? row.at() : clock.instant();
            StaffChange change = new StaffChange(seq, row.generation(), Boolean.TRUE.equals(row.active()),
                    keepUntil(from.plus(lifetime)));
            if (change.keepUntilNanos() - now > 0) {
                staff.merge(row.staffId(), change, (old, latest) -> latest.seq() > old.seq() ? latest : old);
            }
        }
    }

    /** Nano time until which an entry must be kept: until this instant, plus the margin. */
    private long keepUntil(Instant until) {
        return System.nanoTime() + Duration.between(clock.instant(), until.plus(MARGIN)).toNanos();
    }

    private static Row row(ResultSet rs) throws SQLException {
        Timestamp expires = rs.getTimestamp("expires_at");
        return new Row(rs.getLong("seq"), rs.getString("jti"), expires == null ? null : expires.toInstant(),
                (Long) rs.getObject("staff_id"), (Integer) rs.getObject("generation"), (Boolean) rs.getObject("active"),
                rs.getTimestamp("at").toInstant());
    }

    /** Forgets entries no unexpired token can need any more. */
    void pruneMemory() {
        long now = System.nanoTime();
        loggedOut.values().removeIf(keepUntil -> keepUntil - now < 0);
        staff.values().removeIf(change -> change.keepUntilNanos() - now < 0);
    }

    /** Rows whose tokens have all expired are pruned (the newest row stays: a sequence below it means a reset). */
    @Scheduled(fixedDelayString = "${openvin.tokens.prune-every:10m}", initialDelayString = "${openvin.tokens.prune-every:10m}")
    void prune() {
        long keepSeconds = lifetime.plus(Duration.ofHours(1)).toSeconds();
        jdbc.sql("""
                        DELETE FROM token_revocation WHERE at < now() - ? * interval '1 second'
                            AND seq < (SELECT max(seq) FROM token_revocation)""")
                .param(keepSeconds).update();
        jdbc.sql("DELETE FROM revoked_token WHERE expires_at < now() - interval '1 hour'").update();
    }

    double entries() {
        return loggedOut.size() + staff.size();
    }

    // ---- the poll ----

    private void poll() {
        boolean failing = false;
        long nextPrune = System.nanoTime() + PRUNE_MEMORY_EVERY.toNanos();
        while (running) {
            try {
                long now = System.nanoTime();
                long due = currentAsOf + POLL.toNanos();
                if (loaded && due - now > 0) {
                    Thread.sleep(Duration.ofNanos(due - now));
                    continue;
                }
                if (now - lastAsked < IDLE.toNanos() || !loaded) {
                    catchUp();
                    if (failing) {
                        log.info("Token revocations are read again");
                        failing = false;
                    }
                } else {
                    Thread.sleep(POLL);
                }
                if (now - nextPrune > 0) {
                    pruneMemory();
                    nextPrune = now + PRUNE_MEMORY_EVERY.toNanos();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!failing) {
                    log.warn("Cannot read token revocations; requests catch up themselves or fail until it can: {}",
                            e.toString());
                    failing = true;
                }
                try {
                    Thread.sleep(POLL);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void start() {
        running = true;
        poller = Thread.ofVirtual().name("token-revocations").start(this::poll);
    }

    @Override
    public void stop() {
        running = false;
        Thread t = poller;
        if (t != null) {
            t.interrupt();
            try {
                t.join(Duration.ofSeconds(3));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // As the change feed: after the web server's beans are ready, stopped before the data source closes.
        return Integer.MAX_VALUE - 2000;
    }
}
