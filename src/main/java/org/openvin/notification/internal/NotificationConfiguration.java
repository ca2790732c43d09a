package org.openvin.notification.internal;

import org.openvin.notification.SmsGateway;
import org.openvin.profile.CountryProfile;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class NotificationConfiguration {

    @Bean
    @ConditionalOnProperty(name = "openvin.demo", havingValue = "true")
    DemoSmsOutbox demoSmsOutbox() {
        return new DemoSmsOutbox();
    }

    /**
     * The gateway {@code openvin.sms.gateway} names; {@code log} is the demo phone in demo mode.
     * The bean is the gateway itself: its {@code close()} unbinds from the SMSC at shutdown.
     */
    @Bean
    SmsGateway smsGateway(SmsProperties sms, ObjectProvider<DemoSmsOutbox> demoPhone, DeliveryReports reports,
                          CountryProfile profile) {
        String callingCode = profile.document().mobile().countryCallingCode();
        return switch (sms.gateway()) {
            case "smpp" -> {
                var smpp = new SmppSmsGateway(sms.smpp(), callingCode, reports);
                smpp.start();
                yield smpp;
            }
            case "http" -> new HttpSmsGateway(sms.http(), callingCode);
            case "log" -> {
                DemoSmsOutbox phone = demoPhone.getIfAvailable();
                yield phone != null ? phone.gateway() : new LoggingSmsGateway();
            }
            default -> throw new IllegalStateException("openvin.sms.gateway must be log, smpp or http, not " + sms.gateway());
        };
    }
}
