package org.openvin.platform;

import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.MessageSource;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.modulith.events.FailedEventPublications;
import org.springframework.modulith.events.ResubmissionOptions;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * What keeps a node serving through a database outage and picking up where it stopped after
 * one: the outage answer in front of every other filter, and the retry of background work
 * (certificate issuance and other module events) whose listener failed while the database was
 * away. Events that were in flight when the outage began are marked failed by Spring Modulith's
 * staleness check ({@code spring.modulith.events.staleness.*}) and so are retried too.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ResilienceConfiguration {

    @Bean
    FilterRegistrationBean<DatabaseOutage.InFilters> databaseOutageFilter(MessageSource messages,
                                                                         ObjectProvider<LocaleResolver> locales) {
        locales.ifAvailable(resolver -> DatabaseOutage.usePages(new DatabaseOutage.Pages(messages, resolver)));
        var registration = new FilterRegistrationBean<>(new DatabaseOutage.InFilters());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setName("databaseOutage");
        return registration;
    }

    /** Every data source of the application, embedded or configured, fails fast while PostgreSQL is away. */
    @Bean
    static BeanPostProcessor failFastDataSources() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof DataSource pool && !(bean instanceof FailFastDataSource)
                        ? new FailFastDataSource(pool) : bean;
            }
        };
    }

    @Component
    static class RetryingFailedEvents {

        private static final Logger log = LoggerFactory.getLogger(RetryingFailedEvents.class);

        private final FailedEventPublications failed;

        RetryingFailedEvents(FailedEventPublications failed) {
            this.failed = failed;
        }

        /** Listeners are idempotent (a certificate is unique per dose and revision), so a retry is safe. */
        @Scheduled(fixedDelayString = "${openvin.events.retry-failed:15s}", initialDelayString = "${openvin.events.retry-failed:15s}")
        void retry() {
            try {
                failed.resubmit(ResubmissionOptions.defaults());
            } catch (RuntimeException e) {
                log.debug("Failed events not retried now (database unavailable?): {}", e.getMessage());
            }
        }
    }
}
