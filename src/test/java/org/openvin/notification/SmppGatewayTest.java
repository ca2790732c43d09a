package org.openvin.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.jsmpp.util.DeliveryReceiptState;
import org.openvin.Api;
import org.openvin.Citizens;
import org.openvin.OpenVinApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The SMPP gateway against an SMSC started in the test (jSMPP's server side): an OTP goes out as
 * submit_sm to the international number and logs the citizen in, the delivery receipt is recorded,
 * and during an SMSC outage a message waits, is retried with growing gaps, and goes out once the
 * SMSC is back.
 */
class SmppGatewayTest {

    private static final Pattern OTP = Pattern.compile("\\b(\\d{6})\\b");

    record Row(String status, int attempts, Instant nextAttemptAt, String gatewayMessageId, String lastError, boolean sealed) {
    }

    @Test
    void otpsGoOutOverSmppReceiptsAreRecordedAndAnOutageIsRiddenOut() throws Exception {
        int port = freePort();
        List<Smsc.Submitted> submitted = new CopyOnWriteArrayList<>();
        Smsc smsc = new Smsc(port, submitted);
        try (var app = start(port)) {
            Api api = new Api(((WebServerApplicationContext) app).getWebServer().getPort());
            JdbcClient jdbc = app.getBean(JdbcClient.class);

            String mobile = Citizens.newMobile();
            String txnId = api.post("/api/v2/auth/public/generateOTP", Map.of("mobile", mobile)).json().get("txnId").asString();
            Smsc.Submitted otpSms = Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> submitted.stream().filter(s -> s.destination().equals("91" + mobile)).findFirst(),
                            java.util.Optional::isPresent).orElseThrow();
            assertThat(otpSms.receiptRequested()).isTrue();
            Matcher otp = OTP.matcher(otpSms.text());
            assertThat(otp.find()).as(otpSms.text()).isTrue();
            var confirmed = api.post("/api/v2/auth/public/confirmOTP", Map.of("txnId", txnId, "otp", Citizens.sha256(otp.group(1))));
            assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
            Row sent = sent(jdbc, mobile);
            assertThat(sent.gatewayMessageId()).isEqualTo(otpSms.messageId());
            assertThat(sent.sealed()).as("the text is wiped once sent").isFalse();

            smsc.receipt(otpSms, DeliveryReceiptState.DELIVRD);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> row(jdbc, mobile).status(), "DELIVERED"::equals);

            // The SMSC goes away; a message queued meanwhile waits and is retried with growing gaps.
            smsc.close();
            String second = Citizens.newMobile();
            String text = "आपका टीकाकरण अपॉइंटमेंट 12 मई को है। Your vaccination appointment is on 12 May, 10:00-11:00 at the demo centre. - OpenVIN";
            app.getBean(SmsOutbox.class).enqueue(new OutgoingSms(second, text, OutgoingSms.Kind.APPOINTMENT, null, null));
            // attempt number -> when the next was scheduled, as written after each failed attempt
            Map<Integer, Instant> retries = new ConcurrentHashMap<>();
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10)).until(() -> {
                Row r = row(jdbc, second);
                boolean rescheduled = r.lastError() != null && r.nextAttemptAt().isBefore(Instant.now().plusSeconds(10));
                if (rescheduled) { // not while claimed: a claim pushes the next attempt a lease ahead
                    retries.putIfAbsent(r.attempts(), r.nextAttemptAt());
                }
                return retries.keySet().containsAll(List.of(2, 3, 4));
            });
            Row waiting = row(jdbc, second);
            assertThat(waiting.status()).isEqualTo("PENDING");
            assertThat(waiting.lastError()).contains("SMSC");
            assertThat(waiting.sealed()).isTrue();
            Duration firstGap = Duration.between(retries.get(2), retries.get(3));
            Duration secondGap = Duration.between(retries.get(3), retries.get(4));
            assertThat(secondGap).as("back-off grows: %s", retries).isGreaterThan(firstGap);
            assertThat(firstGap).isGreaterThanOrEqualTo(Duration.ofMillis(800));
            assertThat(submitted).hasSize(1);

            smsc = new Smsc(port, submitted);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> row(jdbc, second).status(), "SENT"::equals);
            assertThat(submitted).hasSize(2);
            assertThat(submitted.getLast().destination()).isEqualTo("91" + second);
            assertThat(submitted.getLast().text()).as("UCS-2, in message_payload as it is long").isEqualTo(text);
            smsc.receipt(submitted.getLast(), DeliveryReceiptState.UNDELIV);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> row(jdbc, second).status(), "FAILED"::equals);
            assertThat(row(jdbc, second).lastError()).contains("UNDELIV");
        } finally {
            smsc.close();
        }
    }

    private static ConfigurableApplicationContext start(int smscPort) {
        return new SpringApplicationBuilder(OpenVinApplication.class).profiles("test").run("--server.port=0",
                "--openvin.sms.gateway=smpp", "--openvin.sms.smpp.host=127.0.0.1", "--openvin.sms.smpp.port=" + smscPort,
                "--openvin.sms.smpp.system-id=" + Smsc.SYSTEM_ID, "--openvin.sms.smpp.password=" + Smsc.PASSWORD,
                "--openvin.sms.smpp.reconnect-delay=100ms", "--openvin.sms.smpp.timeout=2s",
                "--openvin.sms.poll=50ms", "--openvin.sms.retry-initial=200ms", "--openvin.sms.retry-max=5s");
    }

    static Row row(JdbcClient jdbc, String mobile) {
        return jdbc.sql("""
                        SELECT status, attempts, next_attempt_at, gateway_message_id, last_error, body IS NOT NULL AS sealed
                        FROM sms_outbox WHERE mobile = ? ORDER BY id DESC LIMIT 1""")
                .param(mobile)
                .query((rs, n) -> new Row(rs.getString("status"), rs.getInt("attempts"),
                        rs.getTimestamp("next_attempt_at").toInstant(), rs.getString("gateway_message_id"),
                        rs.getString("last_error"), rs.getBoolean("sealed")))
                .single();
    }

    /** The latest row to the mobile once it is recorded as sent (records are gathered for a few ms). */
    static Row sent(JdbcClient jdbc, String mobile) {
        Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> row(jdbc, mobile).status(), "SENT"::equals);
        return row(jdbc, mobile);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
