package org.openvin.notification;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import org.openvin.notification.internal.SmsDispatcher;
import org.openvin.notification.internal.SmsTextCipher;
import org.openvin.platform.StatementPart;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Queuing an SMS: the message becomes a row of {@code sms_outbox} in the caller's transaction, so
 * it exists exactly when the OTP or booking it reports does, and a background dispatcher sends it
 * once that transaction has committed (retrying through gateway outages and restarts).
 */
@Service
public class SmsOutbox {

    private final JdbcClient jdbc;
    private final SmsTextCipher cipher;
    private final SmsDispatcher dispatcher;
    private final Clock clock;

    SmsOutbox(JdbcClient jdbc, SmsTextCipher cipher, SmsDispatcher dispatcher, Clock clock) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    /**
     * Queues one SMS in the current transaction (the row holds the text sealed, never in clear)
     * and wakes this node's dispatcher when the transaction commits; without a transaction the
     * row is committed at once.
     */
    public void enqueue(OutgoingSms sms) {
        Instant now = clock.instant();
        jdbc.sql("""
                        INSERT INTO sms_outbox (mobile, kind, reference, body, created_at, next_attempt_at, expires_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(sms.mobile(), sms.kind().name(), sms.reference(), cipher.seal(sms.text()),
                        Timestamp.from(now), Timestamp.from(now),
                        sms.expiresAt() == null ? null : Timestamp.from(sms.expiresAt()))
                .update();
        wakeOnCommit();
    }

    /**
     * Queues one SMS inside the caller's own statement, for a use case that writes its whole change
     * in one round trip (a booking): the row is written by that statement if its CTE {@code source}
     * returned a row (nothing is queued for a change that did nothing). The caller runs the part in a
     * transaction, or at least with transaction synchronization (propagation SUPPORTS), so the
     * dispatcher is woken once the statement has committed; the dispatcher's poll finds it otherwise.
     */
    public StatementPart enqueueIn(String source, OutgoingSms sms) {
        Instant now = clock.instant();
        var params = new HashMap<String, Object>();
        params.put("sms_mobile", sms.mobile());
        params.put("sms_kind", sms.kind().name());
        params.put("sms_reference", sms.reference());
        params.put("sms_body", cipher.seal(sms.text()));
        params.put("sms_at", Timestamp.from(now));
        params.put("sms_expires_at", sms.expiresAt() == null ? null : Timestamp.from(sms.expiresAt()));
        wakeOnCommit();
        return new StatementPart("""
                INSERT INTO sms_outbox (mobile, kind, reference, body, created_at, next_attempt_at, expires_at)
                SELECT :sms_mobile::text, :sms_kind::text, :sms_reference::text, :sms_body::bytea,
                       :sms_at::timestamptz, :sms_at::timestamptz, :sms_expires_at::timestamptz"""
                + StatementPart.whenRowIn(source), params);
    }

    private void wakeOnCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    dispatcher.wake();
                }
            });
        } else {
            dispatcher.wake();
        }
    }

    /**
     * Whether the SMS queued under this reference will never reach the phone: it expired before
     * it could be sent, the gateway refused it, or the operator reported it undelivered.
     */
    public boolean couldNotDeliver(String reference) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM sms_outbox WHERE reference = ? AND status IN ('EXPIRED', 'FAILED'))")
                .param(reference).query(Boolean.class).single();
    }
}
