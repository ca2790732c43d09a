package org.openvin.platform;

import jakarta.servlet.DispatcherType;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Input hygiene applied to every request before any use case sees it: {@link RequestSanity} for
 * query strings and forms, and the same {@link TextRules} for every text field of a JSON body.
 */
@Configuration(proxyBeanMethods = false)
class RequestTextConfiguration {

    @Bean
    FilterRegistrationBean<RequestSanity> requestSanity() {
        var registration = new FilterRegistrationBean<>(new RequestSanity());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC);
        return registration;
    }

    /** Boot adds every {@link JacksonModule} bean to the mapper that reads request bodies. */
    @Bean
    JacksonModule textRulesModule() {
        return new SimpleModule("openvin-text-rules").addDeserializer(String.class, new CheckedString());
    }

    /** Jackson's own reading of a text value (with its coercions), then the text rules. */
    static final class CheckedString extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            String text = super.deserialize(parser, context);
            if (TextRules.hasControlCharacter(text)) {
                throw context.weirdStringException(TextRules.printable(text), String.class,
                        "text may not contain control characters");
            }
            return text;
        }
    }
}
