package org.openvin.notification.internal;

import java.util.List;
import org.openvin.platform.ApiException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/dev/sms?mobile=…}: the demo outbox, newest first. Absent (404) outside demo mode. */
@RestController
@ConditionalOnProperty(name = "openvin.demo", havingValue = "true")
class DemoSmsController {

    private final DemoSmsOutbox outbox;

    DemoSmsController(DemoSmsOutbox outbox) {
        this.outbox = outbox;
    }

    record SmsView(String mobile, String text, String sent_at) {
    }

    @GetMapping("/api/dev/sms")
    ResponseEntity<List<SmsView>> sms(@RequestParam String mobile) {
        if (!mobile.matches("[0-9]{6,15}")) {
            throw ApiException.badRequest("INVALID_MOBILE", "mobile must be 6 to 15 digits");
        }
        var messages = outbox.messagesTo(mobile).stream()
                .map(s -> new SmsView(s.mobile(), s.text(), s.sentAt().toString()))
                .toList();
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(messages);
    }
}
