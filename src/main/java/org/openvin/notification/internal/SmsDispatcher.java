package org.openvin.notification.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.openvin.notification.SmsGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Sends what {@code SmsOutbox} queued. Each node runs one: woken right after a commit that queued
 * a message, and every {@code openvin.sms.poll} for the rest (messages queued on other nodes, due
 * retries, rows a dead node had claimed). A claim is one UPDATE over rows picked with
 * {@code FOR UPDATE SKIP LOCKED}: it pushes the row's next attempt a lease ahead, so concurrent
 * nodes never claim the same row, and a row whose node died mid-send is tried again once the
 * lease is over. Sending then happens outside any transaction, so a slow gateway holds no
 * database connection. Delivery is at least once: a node that dies between the gateway's answer
 * and recording it sends that message again (the outbox id goes along for providers that drop
 * repeats). What was sent is recorded a few milliseconds later, many messages to one UPDATE
 * ({@link #recordSent}): one durable commit per message was as many commits as bookings made in a
 * storm; the window in which a crash means a second copy grows by those milliseconds.
 */
@Component
public class SmsDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SmsDispatcher.class);
    private static final Duration HOUSEKEEPING_EVERY = Duration.ofHours(1);

    private final JdbcClient jdbc;
    private final SmsGateway gateway;
    private final SmsTextCipher cipher;
    private final SmsProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;
    private final RetryBackoff backoff;
    private final LinkedBlockingQueue<Boolean> wakeUps = new LinkedBlockingQueue<>(1);
    private final Semaphore sending;
    private final java.util.concurrent.LinkedBlockingDeque<Sent> sent = new java.util.concurrent.LinkedBlockingDeque<>();
    private static final Duration RECORD_GATHER = Duration.ofMillis(5);
    private static final int RECORD_BATCH = 1_000;

    private volatile boolean running;
    private Thread loop;
    private Thread recorder;
    private ExecutorService senders;
    private Instant lastHousekeeping = Instant.EPOCH;
    private volatile Instant lastOutageWarning = Instant.EPOCH;
    private Instant lastPauseWarning = Instant.EPOCH;

    SmsDispatcher(JdbcClient jdbc, SmsGateway gateway, SmsTextCipher cipher, SmsProperties properties, Clock clock,
                  MeterRegistry meters) {
        this.jdbc = jdbc;
        this.gateway = gateway;
        this.cipher = cipher;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
        this.backoff = new RetryBackoff(properties.retryInitial(), properties.retryMax());
        this.sending = new Semaphore(properties.concurrency());
        Gauge.builder("openvin.sms.backlog", this, d -> d.backlog()[0])
                .description("SMS waiting in the outbox (queued or to be retried)").register(meters);
        Gauge.builder("openvin.sms.backlog.age", this, d -> d.backlog()[1]).baseUnit("seconds")
                .description("Age of the oldest SMS still waiting in the outbox").register(meters);
    }

    /** Makes this node look for due messages now (called after a commit that queued one). */
    public void wake() {
        wakeUps.offer(Boolean.TRUE);
    }

    @Override
    public void start() {
        running = true;
        senders = Executors.newVirtualThreadPerTaskExecutor();
        loop = Thread.ofVirtual().name("sms-dispatcher").start(this::run);
        recorder = Thread.ofVirtual().name("sms-sent-recorder").start(this::recordSent);
    }

    @Override
    public void stop() {
        running = false;
        wake();
        try {
            loop.join(Duration.ofSeconds(5));
            senders.shutdown();
            if (!senders.awaitTermination(15, TimeUnit.SECONDS)) {
                senders.shutdownNow();
            }
            recorder.interrupt();
            recorder.join(Duration.ofSeconds(5));
            flushSent(); // what the last senders handed over after the recorder stopped
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts after the gateway and stops before it (and before the data source closes). */
    @Override
    public int getPhase() {
        return 0;
    }

    private void run() {
        while (running) {
            try {
                wakeUps.poll(properties.poll().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            try {
                drain();
                housekeeping();
            } catch (InterruptedException e) {
                return;
            } catch (org.springframework.dao.DataAccessException e) {
                // The database is away: nothing is lost, the rows wait for the next round.
                Instant now = Instant.now();
                if (now.isAfter(lastPauseWarning.plus(Duration.ofMinutes(1)))) {
                    lastPauseWarning = now;
                    log.warn("SMS dispatch paused, trying again every {}: {}", properties.poll(), e.toString());
                }
            } catch (RuntimeException e) {
                // A fault of ours, not of the database: say where, the rows wait for the next round.
                log.error("SMS dispatch failed; trying again in {}", properties.poll(), e);
            }
        }
    }

    private void drain() throws InterruptedException {
        while (running) {
            // Claim only as many rows as can be handed to the gateway right away, so no claimed
            // row waits out its lease in this node's queue.
            sending.acquire();
            int free = 1 + sending.drainPermits();
            int wanted = Math.min(free, properties.batch());
            sending.release(free - wanted);
            List<Claimed> rows;
            try {
                rows = claim(wanted);
            } catch (RuntimeException e) {
                sending.release(wanted);
                throw e;
            }
            if (rows.size() > wanted) {
                sending.release(wanted);
                throw new IllegalStateException("Claimed " + rows.size() + " SMS for " + wanted + " free senders");
            }
            sending.release(wanted - rows.size());
            for (Claimed row : rows) {
                senders.submit(() -> {
                    try {
                        deliver(row);
                    } catch (RuntimeException e) {
                        log.warn("SMS {} could not be recorded after sending; it will be tried again: {}", row.id(), e.toString());
                    } finally {
                        sending.release();
                    }
                });
            }
            if (rows.size() < wanted) {
                return;
            }
        }
    }

    record Claimed(long id, String mobile, String kind, byte[] body, int attempts, Instant createdAt, Instant expiresAt) {
    }

    private List<Claimed> claim(int limit) {
        Instant now = clock.instant();
        // The rows are picked once, in a materialised CTE: with "WHERE id IN (SELECT … LIMIT n FOR
        // UPDATE SKIP LOCKED)" PostgreSQL may run the sub-select more than once under load and
        // claim more than n rows (seen in the booking storm: the dispatcher's permits went negative).
        return jdbc.sql("""
                        WITH picked AS MATERIALIZED (
                            SELECT id FROM sms_outbox WHERE status = 'PENDING' AND next_attempt_at <= ?
                            ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED)
                        UPDATE sms_outbox o SET attempts = o.attempts + 1, next_attempt_at = ?
                        FROM picked WHERE o.id = picked.id
                        RETURNING o.id, o.mobile, o.kind, o.body, o.attempts, o.created_at, o.expires_at""")
                .params(Timestamp.from(now), limit, Timestamp.from(now.plus(properties.claimLease())))
                .query((rs, n) -> new Claimed(rs.getLong("id"), rs.getString("mobile"), rs.getString("kind"),
                        rs.getBytes("body"), rs.getInt("attempts"), rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("expires_at") == null ? null : rs.getTimestamp("expires_at").toInstant()))
                .list();
    }

    private void deliver(Claimed row) {
        Instant now = clock.instant();
        if (row.expiresAt() != null && !now.isBefore(row.expiresAt())) {
            settle(row, "EXPIRED", "not sent before it expired");
            counter("openvin.sms.expired", row).increment();
            return;
        }
        String messageId;
        try {
            messageId = gateway.send(new SmsGateway.Message(row.id(), row.mobile(), cipher.open(row.body())));
        } catch (SmsGateway.Refused e) {
            settle(row, "FAILED", "refused: " + e.getMessage());
            counter("openvin.sms.failed", row).increment();
            return;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            retryLater(row, now, e);
            return;
        }
        sent.add(new Sent(row.id(), messageId, clock.instant()));
        counter("openvin.sms.sent", row).increment();
    }

    private record Sent(long id, String messageId, Instant at) {
    }

    /** Records what went out, gathering for a few milliseconds so one UPDATE records many. */
    private void recordSent() {
        while (running) {
            try {
                Sent first = sent.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                sent.addFirst(first); // back before waiting: a stop meanwhile flushes it
                Thread.sleep(RECORD_GATHER);
            } catch (InterruptedException e) {
                return;
            }
            flushSent();
        }
    }

    private void flushSent() {
        while (!sent.isEmpty()) {
            List<Sent> batch = new java.util.ArrayList<>(RECORD_BATCH);
            sent.drainTo(batch, RECORD_BATCH);
            try {
                // Recorded whoever holds the claim now: the message did go out.
                jdbc.sql("""
                                UPDATE sms_outbox o SET status = 'SENT', body = NULL, sent_at = s.at, gateway = ?,
                                       gateway_message_id = s.message_id, last_error = NULL
                                FROM unnest(?::bigint[], ?::text[], ?::text[]::timestamptz[]) AS s (id, message_id, at)
                                WHERE o.id = s.id AND o.status = 'PENDING'""")
                        .params(gateway.name(), batch.stream().map(Sent::id).toArray(Long[]::new),
                                batch.stream().map(Sent::messageId).toArray(String[]::new),
                                batch.stream().map(x -> x.at().toString()).toArray(String[]::new))
                        .update();
            } catch (RuntimeException e) {
                // Not recorded: the rows stay claimed until their lease ends and go out again then
                // (at least once, as when a node dies between the gateway's answer and this).
                log.warn("{} sent SMS could not be recorded as sent; they will be sent again: {}", batch.size(), e.toString());
                return;
            }
        }
    }

    private void retryLater(Claimed row, Instant now, Exception cause) {
        String error = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        if (row.expiresAt() == null && !now.isBefore(row.createdAt().plus(properties.giveUpAfter()))) {
            settle(row, "FAILED", "gave up after " + row.attempts() + " attempts; last: " + error);
            counter("openvin.sms.failed", row).increment();
            return;
        }
        Instant next = now.plus(backoff.after(row.attempts()));
        if (row.expiresAt() != null && next.isAfter(row.expiresAt())) {
            next = row.expiresAt(); // so an OTP that cannot go out is marked expired on time
        }
        // Only the latest claim reschedules: a node whose lease ran out must not undo a newer one.
        jdbc.sql("""
                        UPDATE sms_outbox SET next_attempt_at = ?, last_error = ?
                        WHERE id = ? AND attempts = ? AND status = 'PENDING'""")
                .params(Timestamp.from(next), abbreviate(error), row.id(), row.attempts()).update();
        counter("openvin.sms.retried", row).increment();
        Instant lastWarned = lastOutageWarning;
        if (now.isAfter(lastWarned.plus(Duration.ofMinutes(1)))) {
            lastOutageWarning = now; // once a minute, not once per waiting message
            log.warn("The SMS gateway did not take a message ({}); messages are kept and retried", abbreviate(error));
        }
    }

    /** A final state: the sealed text is wiped, the row stays as the record of what happened. */
    private void settle(Claimed row, String status, String reason) {
        jdbc.sql("UPDATE sms_outbox SET status = ?, body = NULL, last_error = ? WHERE id = ? AND status = 'PENDING'")
                .params(status, abbreviate(reason), row.id()).update();
        log.info("SMS {} to {} {}: {}", row.id(), LoggingSmsGateway.mask(row.mobile()), status.toLowerCase(), abbreviate(reason));
    }

    private void housekeeping() {
        Instant now = clock.instant();
        if (now.isBefore(lastHousekeeping.plus(HOUSEKEEPING_EVERY))) {
            return;
        }
        lastHousekeeping = now;
        jdbc.sql("DELETE FROM sms_outbox WHERE status <> 'PENDING' AND created_at < ?")
                .param(Timestamp.from(now.minus(properties.keep()))).update();
    }

    /** {count, age of the oldest in seconds} of the waiting messages; NaN while the database is away. */
    private double[] backlog() {
        try {
            return jdbc.sql("""
                            SELECT count(*), coalesce(extract(epoch FROM (? - min(created_at))), 0)
                            FROM sms_outbox WHERE status = 'PENDING'""")
                    .param(Timestamp.from(clock.instant()))
                    .query((rs, n) -> new double[]{rs.getLong(1), Math.max(0, rs.getDouble(2))}).single();
        } catch (RuntimeException e) {
            return new double[]{Double.NaN, Double.NaN};
        }
    }

    private Counter counter(String name, Claimed row) {
        return Counter.builder(name).tag("kind", row.kind()).register(meters);
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300);
    }
}
