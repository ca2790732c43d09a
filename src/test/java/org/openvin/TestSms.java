package org.openvin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openvin.notification.SmsGateway;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** The phone of every test citizen: SMS land here, and tests read OTPs from them. */
public final class TestSms implements SmsGateway {

    private static final Map<String, List<String>> inbox = new ConcurrentHashMap<>();
    private static final Pattern OTP = Pattern.compile("\\b(\\d{6})\\b");

    @Override
    public void send(String mobile, String text) {
        inbox.computeIfAbsent(mobile, m -> java.util.Collections.synchronizedList(new ArrayList<>())).add(text);
    }

    public static List<String> messagesTo(String mobile) {
        return List.copyOf(inbox.getOrDefault(mobile, List.of()));
    }

    public static String lastOtp(String mobile) {
        List<String> messages = messagesTo(mobile);
        for (int i = messages.size() - 1; i >= 0; i--) {
            Matcher m = OTP.matcher(messages.get(i));
            if (m.find()) {
                return m.group(1);
            }
        }
        throw new AssertionError("No OTP was sent to " + mobile);
    }

    @TestConfiguration(proxyBeanMethods = false)
    public static class Config {
        @Bean
        @Primary
        SmsGateway testSms() {
            return new TestSms();
        }
    }
}
