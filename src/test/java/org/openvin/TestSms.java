package org.openvin;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openvin.notification.SmsGateway;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The phone of every test citizen: the gateway at the end of the real outbox, so SMS land here a
 * moment after the request that queued them; reading waits for those still in the outbox.
 */
public final class TestSms implements SmsGateway {

    private static final Map<String, List<String>> inbox = new ConcurrentHashMap<>();
    private static final Set<String> unreachable = ConcurrentHashMap.newKeySet();
    private static final Set<JdbcClient> outboxes = ConcurrentHashMap.newKeySet();
    private static final Pattern OTP = Pattern.compile("\\b(\\d{6})\\b");

    @Override
    public String name() {
        return "test";
    }

    @Override
    public String send(Message message) throws IOException {
        if (unreachable.contains(message.mobile())) {
            throw new IOException("the test gateway is down for this number");
        }
        inbox.computeIfAbsent(message.mobile(), m -> Collections.synchronizedList(new ArrayList<>())).add(message.text());
        return "test-" + message.outboxId();
    }

    /** The gateway fails (as in an outage) for messages to this mobile from now on. */
    public static void unreachable(String mobile) {
        unreachable.add(mobile);
    }

    public static List<String> messagesTo(String mobile) {
        awaitOutbox(mobile);
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

    /** Waits (at most 10 s) until no application still holds a message to this mobile in its outbox. */
    private static void awaitOutbox(String mobile) {
        if (unreachable.contains(mobile)) {
            return;
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            boolean waiting = false;
            for (JdbcClient jdbc : outboxes) {
                try {
                    waiting |= jdbc.sql("SELECT EXISTS (SELECT 1 FROM sms_outbox WHERE mobile = ? AND status = 'PENDING')")
                            .param(mobile).query(Boolean.class).single();
                } catch (RuntimeException closed) {
                    outboxes.remove(jdbc); // that application has stopped
                }
            }
            if (!waiting) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    public static class Config {
        @Bean
        @Primary
        SmsGateway testSms(JdbcClient jdbc) {
            outboxes.add(jdbc);
            return new TestSms();
        }
    }
}
