package org.openvin.platform;

import java.util.Locale;
import org.springframework.context.MessageSource;

/**
 * A refusal shown on a page: the message bundle's text for its error code ({@code error.CODE}) in
 * the visitor's language, else the use case's own English message. Pages never invent rules; they
 * only translate the answer of the service they called.
 */
public final class PageMessages {

    private PageMessages() {
    }

    public static String of(MessageSource messages, ApiException refusal, Locale locale) {
        // Only a refusal that ends by itself has an argument ({0}, the seconds to wait): the other
        // texts are not MessageFormat patterns (their apostrophes are plain text).
        Object[] wait = refusal.retryAfterSeconds() == null ? null : new Object[]{refusal.retryAfterSeconds()};
        return messages.getMessage("error." + refusal.errorCode(), wait, refusal.getMessage(), locale);
    }
}
