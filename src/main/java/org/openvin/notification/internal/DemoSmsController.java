package org.openvin.notification.internal;

import java.time.Duration;
import java.util.List;
import org.openvin.platform.ApiException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/dev/sms?mobile=…}: the demo phone's messages, newest first. Absent (404) outside
 * demo mode. Messages reach the phone through the outbox and its dispatcher, a moment after the
 * request that queued them; the answer waits (briefly) for those still on their way.
 */
@RestController
@ConditionalOnProperty(name = "openvin.demo", havingValue = "true")
class DemoSmsController {

    private static final Duration WAIT_FOR_QUEUED = Duration.ofSeconds(3);

    private final DemoSmsOutbox outbox;
    private final JdbcClient jdbc;

    DemoSmsController(DemoSmsOutbox outbox, JdbcClient jdbc) {
        this.outbox = outbox;
        this.jdbc = jdbc;
    }

    record SmsView(String mobile, String text, String sent_at) {
    }

    @GetMapping("/api/dev/sms")
    ResponseEntity<List<SmsView>> sms(@RequestParam String mobile) {
        if (!mobile.matches("[0-9]{6,15}")) {
            throw ApiException.badRequest("INVALID_MOBILE", "mobile must be 6 to 15 digits");
        }
        awaitQueued(mobile);
        var messages = outbox.messagesTo(mobile).stream()
                .map(s -> new SmsView(s.mobile(), s.text(), s.sentAt().toString()))
                .toList();
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(messages);
    }

    private void awaitQueued(String mobile) {
        long deadline = System.nanoTime() + WAIT_FOR_QUEUED.toNanos();
        while (System.nanoTime() < deadline && jdbc.sql("SELECT EXISTS (SELECT 1 FROM sms_outbox WHERE mobile = ? AND status = 'PENDING')")
                .param(mobile).query(Boolean.class).single()) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
