package org.openvin.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.Citizens;
import org.openvin.OpenVinApplication;
import org.openvin.TestDatabase;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox is the database's, not a node's: a message queued on a node that stops before it
 * could send goes out once from the next node on the same database, and two nodes dispatching
 * the same outbox send each message once.
 */
class OutboxAcrossNodesTest {

    @Test
    void aMessageQueuedBeforeARestartGoesOutOnceAfterIt() throws Exception {
        int port = SmppGatewayTest.freePort(); // the provider is not up yet: an outage
        String mobile = Citizens.newMobile();
        String url;
        String password;
        String txnId;
        try (var first = node(port, "first", null, null)) {
            url = databaseUrl(first);
            password = TestDatabase.password(first.getBean(DataSource.class));
            Api api = new Api(((WebServerApplicationContext) first).getWebServer().getPort());
            txnId = api.post("/api/v2/auth/public/generateOTP", Map.of("mobile", mobile)).json().get("txnId").asString();
            JdbcClient jdbc = first.getBean(JdbcClient.class);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> SmppGatewayTest.row(jdbc, mobile).attempts() >= 1);
            assertThat(SmppGatewayTest.row(jdbc, mobile).status()).isEqualTo("PENDING");
        }
        try (var provider = new ProviderApi(port, Duration.ZERO); var second = node(port, "second", url, password)) {
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> provider.received.size() == 1);
            Thread.sleep(1_000); // time enough for a second copy, if there were one
            assertThat(provider.received).hasSize(1);
            assertThat(provider.received.getFirst().authorization()).isEqualTo("second");
            JdbcClient jdbc = second.getBean(JdbcClient.class);
            assertThat(SmppGatewayTest.sent(jdbc, mobile).status()).isEqualTo("SENT");
            // and the OTP it carried logs the citizen in on the new node
            String otp = provider.received.getFirst().body().get("text").asString().replaceAll(".*\\b(\\d{6})\\b.*", "$1");
            Api api = new Api(((WebServerApplicationContext) second).getWebServer().getPort());
            assertThat(api.post("/api/v2/auth/public/confirmOTP", Map.of("txnId", txnId, "otp", Citizens.sha256(otp))).status())
                    .isEqualTo(200);
        }
    }

    @Test
    void twoNodesSendEachMessageOnce() throws Exception {
        int messages = 200;
        try (var provider = new ProviderApi(0, Duration.ofMillis(5));
             var a = node(provider.port(), "a", null, null);
             var b = node(provider.port(), "b", databaseUrl(a), TestDatabase.password(a.getBean(DataSource.class)))) {
            String mobile = Citizens.newMobile();
            SmsOutbox outbox = a.getBean(SmsOutbox.class);
            a.getBean(TransactionTemplate.class).executeWithoutResult(tx -> {
                for (int i = 0; i < messages; i++) {
                    outbox.enqueue(new OutgoingSms(mobile, "message " + i, OutgoingSms.Kind.APPOINTMENT, null, null));
                }
            });
            JdbcClient jdbc = a.getBean(JdbcClient.class);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql(
                    "SELECT count(*) FROM sms_outbox WHERE mobile = ? AND status = 'SENT'").param(mobile).query(Integer.class).single() == messages);
            Thread.sleep(500);
            Map<String, Long> copies = provider.received.stream()
                    .collect(Collectors.groupingBy(r -> r.body().get("text").asString(), Collectors.counting()));
            assertThat(copies).hasSize(messages);
            assertThat(copies.values()).allMatch(n -> n == 1);
            Map<String, Long> byNode = provider.received.stream()
                    .collect(Collectors.groupingBy(ProviderApi.Request::authorization, Collectors.counting()));
            assertThat(byNode).as("both nodes took part").containsOnlyKeys("a", "b");
        }
    }

    private static ConfigurableApplicationContext node(int providerPort, String name, String databaseUrl, String password) {
        Stream<String> database = databaseUrl == null ? Stream.empty()
                : Stream.of("--spring.datasource.url=" + databaseUrl, "--spring.datasource.username=postgres",
                        "--spring.datasource.password=" + password);
        return new SpringApplicationBuilder(OpenVinApplication.class).profiles("test").run(Stream.of(
                        Stream.of("--server.port=0", "--openvin.sms.batch=5", "--openvin.sms.concurrency=2"),
                        Stream.of(ProviderApi.gatewayArguments(providerPort, name)), database)
                .flatMap(Function.identity()).toArray(String[]::new));
    }

    private static String databaseUrl(ConfigurableApplicationContext node) {
        return node.getBean(JdbcClient.class)
                .sql("SELECT 'jdbc:postgresql://localhost:' || current_setting('port') || '/' || current_database()")
                .query(String.class).single();
    }
}
