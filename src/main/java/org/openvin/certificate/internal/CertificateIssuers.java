package org.openvin.certificate.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Drains {@code certificate_queue} on this node: {@code openvin.certificates.issuers} threads
 * (signing is CPU work, so by default one per core), each taking up to
 * {@code openvin.certificates.batch} doses per transaction ({@link IssuingCertificate#issueQueued}).
 * Woken right after a dose commits on this node, and every {@code openvin.certificates.poll} for
 * the rest: doses recorded on a node that died, doses whose signing is to be retried, and what was
 * queued before a restart. Nodes share the queue through {@code FOR UPDATE SKIP LOCKED}. Batches
 * form by themselves: while a thread signs one, the doses committed meanwhile wait for the next.
 */
@Component
class CertificateIssuers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CertificateIssuers.class);

    private final IssuingCertificate issuing;
    private final int threads;
    private final int batch;
    private final Duration poll;
    private final Semaphore wakeUps = new Semaphore(0);
    private final List<Thread> running = new ArrayList<>();
    private volatile boolean active;
    private volatile Instant lastWarning = Instant.EPOCH;

    CertificateIssuers(IssuingCertificate issuing,
                       @Value("${openvin.certificates.issuers:0}") int threads,
                       @Value("${openvin.certificates.batch:100}") int batch,
                       @Value("${openvin.certificates.poll:1s}") Duration poll) {
        this.issuing = issuing;
        this.threads = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        this.batch = batch;
        this.poll = poll;
    }

    /** Makes one idle issuer look at the queue now (called after a dose commits). */
    void wake() {
        if (wakeUps.availablePermits() < threads) {
            wakeUps.release();
        }
    }

    @Override
    public void start() {
        active = true;
        for (int i = 0; i < threads; i++) {
            // Virtual, like the request threads: signing shares the same carriers (one per core)
            // with the requests instead of competing with them and with the database for the cores.
            running.add(Thread.ofVirtual().name("certificate-issuer-" + i).start(this::run));
        }
        // What was queued before this start is due now.
        wakeUps.release(threads);
    }

    @Override
    public void stop() {
        active = false;
        wakeUps.release(threads);
        for (Thread t : running) {
            try {
                t.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        running.clear();
    }

    @Override
    public boolean isRunning() {
        return active;
    }

    /** Starts after and stops before the web server, and before the data source closes. */
    @Override
    public int getPhase() {
        return 0;
    }

    private void run() {
        while (active) {
            try {
                wakeUps.tryAcquire(poll.toMillis(), TimeUnit.MILLISECONDS);
                wakeUps.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
            try {
                while (active && issuing.issueQueued(batch) > 0) {
                    // Until the queue has nothing due: doses that committed while this batch was
                    // signed are taken now, not at the next poll (the last doses of a busy spell
                    // waited a whole poll for their certificates when a part-full batch stopped here).
                }
            } catch (org.springframework.dao.DataAccessException e) {
                // The database is away: the doses stay queued for the next round.
                Instant now = Instant.now();
                if (now.isAfter(lastWarning.plus(Duration.ofMinutes(1)))) {
                    lastWarning = now;
                    log.warn("Certificate issuance paused, trying again every {}: {}", poll, e.toString());
                }
            } catch (RuntimeException e) {
                log.error("Certificate issuance failed; the doses stay queued, trying again in {}", poll, e);
            }
        }
    }
}
