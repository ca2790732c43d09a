package org.openvin.notification.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the operator says became of a sent message (an SMPP delivery receipt): the outbox row,
 * found by the gateway's message id, becomes DELIVERED or FAILED.
 */
@Component
class DeliveryReports {

    private static final Logger log = LoggerFactory.getLogger(DeliveryReports.class);
    private static final int TRIES = 10;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final MeterRegistry meters;

    DeliveryReports(JdbcClient jdbc, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * Records a report without holding up the caller (a gateway's network thread). A report can
     * overtake the recording of the send it is about, so an unknown message id is looked for
     * again a few times before the report is dropped.
     */
    void record(String gateway, String messageId, boolean delivered, String detail) {
        Thread.ofVirtual().name("sms-delivery-report").start(() -> {
            for (int tries = 1; tries <= TRIES; tries++) {
                try {
                    if (apply(gateway, messageId, delivered, detail)) {
                        return;
                    }
                    Thread.sleep(Duration.ofMillis(200L * tries));
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    log.warn("Delivery report for {} message {} not recorded: {}", gateway, messageId, e.toString());
                    return;
                }
            }
            log.info("Delivery report for an unknown {} message {} dropped", gateway, messageId);
        });
    }

    /** True once the message is known (reported now, or settled before). */
    private boolean apply(String gateway, String messageId, boolean delivered, String detail) {
        String status = delivered ? "DELIVERED" : "FAILED";
        int updated = jdbc.sql("""
                        UPDATE sms_outbox SET status = ?, reported_at = ?, last_error = ?
                        WHERE gateway = ? AND gateway_message_id = ? AND status = 'SENT'""")
                .params(status, Timestamp.from(clock.instant()), delivered ? null : "operator: " + detail, gateway, messageId)
                .update();
        if (updated > 0) {
            Counter.builder("openvin.sms.delivery.reports").tag("status", status).register(meters).increment(updated);
            return true;
        }
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM sms_outbox WHERE gateway = ? AND gateway_message_id = ?)")
                .params(gateway, messageId).query(Boolean.class).single();
    }
}
