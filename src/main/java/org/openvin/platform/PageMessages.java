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
        return messages.getMessage("error." + refusal.errorCode(), null, refusal.getMessage(), locale);
    }
}
