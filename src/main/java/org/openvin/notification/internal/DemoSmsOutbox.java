package org.openvin.notification.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.openvin.notification.SmsGateway;

/**
 * Demo mode's "phone": the gateway at the end of the real outbox path (queued in the transaction,
 * sent by the dispatcher), keeping the last messages per mobile in memory so OTPs can be read
 * without a phone. Deliberately not in the database, which must never hold an OTP in clear text.
 */
class DemoSmsOutbox {

    private static final int KEPT_PER_MOBILE = 50;
    private static final int MAX_MOBILES = 100_000;

    record Sms(String mobile, String text, Instant sentAt) {
    }

    private final Map<String, Deque<Sms>> byMobile = new ConcurrentHashMap<>();

    /** The gateway that puts messages on this phone. */
    SmsGateway gateway() {
        return new SmsGateway() {
            @Override
            public String name() {
                return "demo";
            }

            @Override
            public String send(Message message) {
                receive(message.mobile(), message.text());
                return null;
            }
        };
    }

    void receive(String mobile, String text) {
        if (byMobile.size() >= MAX_MOBILES && !byMobile.containsKey(mobile)) {
            byMobile.clear(); // a demo box, not an archive: keep memory bounded under load tests
        }
        Deque<Sms> box = byMobile.computeIfAbsent(mobile, m -> new ArrayDeque<>());
        synchronized (box) {
            box.addFirst(new Sms(mobile, text, Instant.now()));
            while (box.size() > KEPT_PER_MOBILE) {
                box.removeLast();
            }
        }
    }

    /** Newest first. */
    List<Sms> messagesTo(String mobile) {
        Deque<Sms> box = byMobile.get(mobile);
        if (box == null) {
            return List.of();
        }
        synchronized (box) {
            return new ArrayList<>(box);
        }
    }
}
