package org.openvin.notification;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.openvin.Api;
import tools.jackson.databind.JsonNode;

/**
 * An SMS provider's HTTPS API for tests (plain HTTP on 127.0.0.1): takes POSTs to {@code /sms},
 * answers with the statuses queued in {@link #answers} (200 when none), and a message id.
 */
final class ProviderApi implements AutoCloseable {

    record Request(String authorization, JsonNode body) {
    }

    final List<Request> received = new CopyOnWriteArrayList<>();
    final Queue<Integer> answers = new ConcurrentLinkedQueue<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final HttpServer server;

    ProviderApi(int port, Duration latency) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/sms", exchange -> {
            try (exchange) {
                JsonNode body = Api.JSON.readTree(exchange.getRequestBody().readAllBytes());
                Thread.sleep(latency);
                Integer status = answers.poll();
                int answer = status == null ? 200 : status;
                if (answer == 200) {
                    received.add(new Request(exchange.getRequestHeaders().getFirst("X-Api-Key"), body));
                }
                byte[] reply = ("{\"data\":{\"id\":\"prov-" + ids.incrementAndGet() + "\"}}").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(answer, reply.length);
                exchange.getResponseBody().write(reply);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The arguments that point an OpenVIN node at this provider. */
    static String[] gatewayArguments(int port, String key) {
        return new String[]{"--openvin.sms.gateway=http", "--openvin.sms.http.url=http://127.0.0.1:" + port + "/sms",
                "--openvin.sms.http.auth-header=X-Api-Key", "--openvin.sms.http.auth-value=" + key,
                "--openvin.sms.http.body-template={\"to\":\"{msisdn}\",\"text\":\"{text}\",\"ref\":\"{id}\"}",
                "--openvin.sms.http.message-id-pointer=/data/id", "--openvin.sms.http.timeout=2s",
                "--openvin.sms.poll=50ms", "--openvin.sms.retry-initial=200ms", "--openvin.sms.retry-max=1s"};
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
