package org.openvin.notification.internal;

import org.openvin.notification.SmsGateway;
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

    @Bean
    @ConditionalOnProperty(name = "openvin.demo", havingValue = "false", matchIfMissing = true)
    SmsGateway loggingSmsGateway() {
        return new LoggingSmsGateway();
    }
}
