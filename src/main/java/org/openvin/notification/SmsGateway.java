package org.openvin.notification;

/**
 * The port to an SMS provider: hands one message over and says whether the provider took it.
 * Only the outbox's dispatcher calls it, after the change the message reports has committed.
 * Implementations must not log the text: it may hold an OTP.
 */
public interface SmsGateway {

    /**
     * @param outboxId the outbox row, unique per message: providers that take a client reference
     *                 can use it to drop a repeat (a node that died after sending but before
     *                 recording it sends again)
     */
    record Message(long outboxId, String mobile, String text) {
    }

    /**
     * Sends one message; returns the provider's id for it (delivery reports name it), or null if
     * the provider gives none. Throws {@link Refused} when the provider will never take this
     * message; any other exception is an outage and the message is tried again later.
     */
    String send(Message message) throws Exception;

    /** Recorded with each message sent, so delivery reports are matched to the provider that sent it. */
    default String name() {
        return getClass().getSimpleName();
    }

    /** The provider refused this message for good (a bad number, a text it will not carry). */
    final class Refused extends RuntimeException {
        public Refused(String reason) {
            super(reason);
        }
    }
}
