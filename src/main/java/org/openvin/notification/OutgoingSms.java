package org.openvin.notification;

import java.time.Instant;

/**
 * One SMS to queue.
 *
 * @param reference what the message is about, for asking later whether it went out
 *                  (e.g. {@code otp:<txnId>}); may be null
 * @param expiresAt after this instant the message is useless and is not sent (an OTP's validity);
 *                  null for messages that stay worth sending
 */
public record OutgoingSms(String mobile, String text, Kind kind, String reference, Instant expiresAt) {

    public enum Kind { OTP, APPOINTMENT }

    public OutgoingSms {
        if (mobile == null || mobile.isBlank() || text == null || text.isEmpty() || kind == null) {
            throw new IllegalArgumentException("An SMS needs a mobile, a text and a kind");
        }
    }
}
