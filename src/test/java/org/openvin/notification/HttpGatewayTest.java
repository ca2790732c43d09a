package org.openvin.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.Citizens;
import org.openvin.OpenVinApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The generic HTTPS gateway against a real local HTTP server: the body template filled and
 * JSON-escaped, the auth header, the provider's message id read at the configured pointer, a 5xx
 * retried, a 4xx taken as a refusal for good, nothing sent for a rolled back transaction.
 */
class HttpGatewayTest {

    @Test
    void messagesArePostedFromTheTemplateAndA5xxIsRetried() throws Exception {
        try (var provider = new ProviderApi(0, Duration.ZERO);
             var app = new SpringApplicationBuilder(OpenVinApplication.class).profiles("test").run(Stream.concat(
                     Stream.of("--server.port=0"), Stream.of(ProviderApi.gatewayArguments(provider.port(), "k3y"))).toArray(String[]::new))) {
            Api api = new Api(((WebServerApplicationContext) app).getWebServer().getPort());
            JdbcClient jdbc = app.getBean(JdbcClient.class);

            // An OTP: the provider is down once (503), then takes it.
            provider.answers.add(503);
            String mobile = Citizens.newMobile();
            String txnId = api.post("/api/v2/auth/public/generateOTP", Map.of("mobile", mobile)).json().get("txnId").asString();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> provider.received.size() == 1);
            var request = provider.received.getFirst();
            assertThat(request.authorization()).isEqualTo("k3y");
            assertThat(request.body().get("to").asString()).isEqualTo("91" + mobile);
            Matcher otp = Pattern.compile("\\b(\\d{6})\\b").matcher(request.body().get("text").asString());
            assertThat(otp.find()).isTrue();
            assertThat(api.post("/api/v2/auth/public/confirmOTP", Map.of("txnId", txnId, "otp", Citizens.sha256(otp.group(1))))
                    .status()).isEqualTo(200);
            var sent = SmppGatewayTest.sent(jdbc, mobile);
            assertThat(sent.attempts()).as("the 503 was retried").isEqualTo(2);
            assertThat(sent.gatewayMessageId()).isEqualTo("prov-2");
            assertThat(request.body().get("ref").asString()).isEqualTo(
                    jdbc.sql("SELECT id::text FROM sms_outbox WHERE mobile = ?").param(mobile).query(String.class).single());

            // Quotes, a new line, a backslash and Devanagari arrive intact through the JSON template.
            String awkward = "He said \"{text}\" \\ then\nनमस्ते {id}";
            String other = Citizens.newMobile();
            app.getBean(SmsOutbox.class).enqueue(new OutgoingSms(other, awkward, OutgoingSms.Kind.APPOINTMENT, null, null));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> provider.received.size() == 2);
            assertThat(provider.received.getLast().body().get("text").asString()).isEqualTo(awkward);

            // Queued in a transaction that rolls back: no row, nothing sent.
            String rolledBack = Citizens.newMobile();
            assertThatThrownBy(() -> app.getBean(TransactionTemplate.class).executeWithoutResult(tx -> {
                app.getBean(SmsOutbox.class).enqueue(new OutgoingSms(rolledBack, "never", OutgoingSms.Kind.APPOINTMENT, null, null));
                throw new IllegalStateException("the booking failed");
            })).hasMessage("the booking failed");
            assertThat(jdbc.sql("SELECT count(*) FROM sms_outbox WHERE mobile = ?").param(rolledBack).query(Integer.class).single())
                    .isZero();

            // A 400 is the provider refusing this message: no retry, the row says why.
            provider.answers.add(400);
            String refused = Citizens.newMobile();
            app.getBean(SmsOutbox.class).enqueue(new OutgoingSms(refused, "hello", OutgoingSms.Kind.APPOINTMENT, null, null));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> SmppGatewayTest.row(jdbc, refused).status(), "FAILED"::equals);
            var failed = SmppGatewayTest.row(jdbc, refused);
            assertThat(failed.attempts()).isEqualTo(1);
            assertThat(failed.lastError()).contains("HTTP 400");
            assertThat(failed.sealed()).isFalse();
            assertThat(provider.received).hasSize(2);
        }
    }
}
