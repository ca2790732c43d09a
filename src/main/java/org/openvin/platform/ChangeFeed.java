package org.openvin.platform;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * PostgreSQL's {@code LISTEN/NOTIFY} as a change feed for in-memory copies of data (the
 * availability index, revoked tokens): one connection per node, held for this purpose
 * alone, LISTENs on every channel a module subscribed to, on a virtual thread. A notification on a
 * channel, a reconnect after the connection was lost (with back-off), and a tick twice a second all
 * call the channel's subscribers' {@code catchUp}; a subscriber owns its change table and sequence
 * and reads what it has not applied yet, so a notification that never arrived (a dropped
 * connection, a node that was busy) costs at most one tick. The payload is not used: a catch-up
 * reads every change since the last it applied, so the feed needs no ordering or delivery promise.
 *
 * <p>Writers announce with {@link #announceAfterCommit}, never with {@code NOTIFY} inside their own
 * transaction: PostgreSQL serialises the commits of every transaction that notified (one
 * database-wide lock held through the commit's flush, so group commit cannot merge them), which
 * capped durable bookings at one disk flush each. After commit, announcements are gathered for
 * {@value #ANNOUNCE_GAP_MS} ms and sent as one {@code pg_notify} in a transaction of its own, which
 * writes nothing and so waits for no flush. Changes made without an announcement (SQL by hand) are
 * picked up by the tick.
 *
 * <p>{@link #catchUpAfterCommit} catches up in the calling thread, for rare writes and tests; a
 * module with frequent writes (bookings) should hand its catch-up to a thread of its own, as
 * {@code scheduling.internal.AvailabilityIndex#changedHere} does, because after commit the writer
 * still holds its pooled connection.
 */
@Component
public class ChangeFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);
    private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Duration TICK = Duration.ofMillis(500);
    static final int ANNOUNCE_GAP_MS = 10;
    private static final Duration MAX_BACK_OFF = Duration.ofSeconds(5);

    /** Brings an in-memory copy up to date; must be idempotent and safe to call from any thread. */
    public interface Subscriber {
        void catchUp();
    }

    private final DataSource dataSource;
    private final Map<String, List<Subscriber>> subscribers = new ConcurrentHashMap<>();
    private volatile boolean running;
    private volatile boolean connected;
    private volatile Thread listener;
    private final Map<String, Boolean> toAnnounce = new ConcurrentHashMap<>();
    private final Object announcing = new Object();
    private volatile Thread announcer;

    ChangeFeed(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Subscribes before the feed starts (from a bean's constructor); channel names are SQL identifiers. */
    public void subscribe(String channel, Subscriber subscriber) {
        if (!CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("Not a channel name: " + channel);
        }
        subscribers.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(subscriber);
    }

    /** Whether the LISTEN connection is up (if not, copies are caught up by reconnecting). */
    public boolean connected() {
        return connected;
    }

    /**
     * Catches the channel's subscribers up in this thread once the current transaction commits
     * (at once when there is none): the writer's next read on this node shows its write.
     */
    public void catchUpAfterCommit(String channel) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    notifySubscribers(channel);
                }
            });
        } else {
            notifySubscribers(channel);
        }
    }

    /**
     * Tells every node (this one included) that the channel has changes, once the current
     * transaction commits (at once when there is none), gathered with others made meanwhile.
     */
    public void announceAfterCommit(String channel) {
        if (!subscribers.containsKey(channel) && !CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("Not a channel name: " + channel);
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    announce(channel);
                }
            });
        } else {
            announce(channel);
        }
    }

    private void announce(String channel) {
        if (toAnnounce.put(channel, Boolean.TRUE) == null) {
            synchronized (announcing) {
                announcing.notifyAll();
            }
        }
    }

    private void announceLoop() {
        while (running) {
            try {
                synchronized (announcing) {
                    while (running && toAnnounce.isEmpty()) {
                        announcing.wait(1000);
                    }
                }
                Thread.sleep(ANNOUNCE_GAP_MS);
                // Removed one by one before sending: an announcement made after its removal adds
                // the channel again (and wakes this loop), so none is lost between the two.
                List<String> channels = new java.util.ArrayList<>();
                for (String channel : toAnnounce.keySet()) {
                    if (toAnnounce.remove(channel) != null) {
                        channels.add(channel);
                    }
                }
                if (channels.isEmpty()) {
                    continue;
                }
                try (Connection c = dataSource.getConnection()) {
                    c.setAutoCommit(true);
                    try (var statement = c.prepareStatement("SELECT pg_notify(?, '')")) {
                        for (String channel : channels) {
                            statement.setString(1, channel);
                            statement.execute();
                        }
                    }
                } catch (SQLException | RuntimeException e) {
                    // Not lost: every node's tick catches up without it.
                    log.debug("Announcing {} failed; the tick catches up: {}", channels, e.toString());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * For writes whose owner does not know which in-memory copies they touch (a centre edited in
     * the registry shows in scheduling's availability index): once the current transaction
     * commits, every subscriber on this node catches up in this thread, so the writer's next read
     * here shows the write, and every channel is announced to the other nodes.
     */
    public void everythingChangedAfterCommit() {
        Runnable all = () -> subscribers.keySet().forEach(channel -> {
            notifySubscribers(channel);
            announce(channel);
        });
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    all.run();
                }
            });
        } else {
            all.run();
        }
    }

    private void notifySubscribers(String channel) {
        for (Subscriber s : subscribers.getOrDefault(channel, List.of())) {
            try {
                s.catchUp();
            } catch (RuntimeException e) {
                log.warn("Catching up on {} failed; the next tick retries: {}", channel, e.toString());
            }
        }
    }

    private void run() {
        long backOffMillis = 100;
        while (running) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(true);
                try (Statement statement = c.createStatement()) {
                    for (String channel : subscribers.keySet()) {
                        statement.execute("LISTEN " + channel);
                    }
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                connected = true;
                backOffMillis = 100;
                subscribers.keySet().forEach(this::notifySubscribers);
                long nextTick = System.nanoTime() + TICK.toNanos();
                while (running) {
                    int wait = (int) Math.max(1, (nextTick - System.nanoTime()) / 1_000_000);
                    PGNotification[] notifications = pg.getNotifications(wait);
                    if (notifications != null && notifications.length > 0) {
                        java.util.Set<String> channels = new java.util.LinkedHashSet<>();
                        for (PGNotification n : notifications) {
                            channels.add(n.getName());
                        }
                        channels.forEach(this::notifySubscribers);
                    }
                    if (System.nanoTime() - nextTick >= 0) {
                        subscribers.keySet().forEach(this::notifySubscribers);
                        nextTick = System.nanoTime() + TICK.toNanos();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                connected = false;
                if (!running) {
                    break;
                }
                log.warn("The change feed's LISTEN connection failed; reconnecting in {} ms: {}", backOffMillis, e.toString());
                try {
                    Thread.sleep(backOffMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
                backOffMillis = Math.min(backOffMillis * 2, MAX_BACK_OFF.toMillis());
            } finally {
                connected = false;
            }
        }
    }

    @Override
    public void start() {
        // The first catch-up (a module's initial load) runs on the feed's thread once connected, so
        // a cold start is not held up by it; a subscriber answers from SQL until it has loaded.
        running = true;
        listener = Thread.ofVirtual().name("change-feed").start(this::run);
        announcer = Thread.ofVirtual().name("change-feed-announcer").start(this::announceLoop);
    }

    @Override
    public void stop() {
        running = false;
        synchronized (announcing) {
            announcing.notifyAll();
        }
        for (Thread t : new Thread[] {listener, announcer}) {
            if (t != null) {
                try {
                    t.join(Duration.ofSeconds(3));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Starts after the web server's beans are ready and stops before the data source closes.
        return Integer.MAX_VALUE - 2000;
    }
}
