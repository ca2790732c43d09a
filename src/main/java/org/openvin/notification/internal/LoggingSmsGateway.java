package org.openvin.notification.internal;

import org.openvin.notification.SmsGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stand-in gateway for deployments that have not configured an SMS provider yet: records that a
 * message went out, to a masked number, without its text.
 */
class LoggingSmsGateway implements SmsGateway {

    private static final Logger log = LoggerFactory.getLogger(LoggingSmsGateway.class);

    @Override
    public String name() {
        return "log";
    }

    @Override
    public String send(Message message) {
        log.info("SMS to {} ({} characters) handed to the logging gateway; configure an SMS provider (openvin.sms.gateway)",
                mask(message.mobile()), message.text().length());
        return null;
    }

    static String mask(String mobile) {
        return mobile == null || mobile.length() < 4 ? "****" : "*".repeat(mobile.length() - 4) + mobile.substring(mobile.length() - 4);
    }
}
