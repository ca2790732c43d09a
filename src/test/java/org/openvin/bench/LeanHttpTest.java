package org.openvin.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The bench's own HTTP client reads what a server sends, sized or chunked, and keeps connections alive. */
class LeanHttpTest {

    @Test
    void readsSizedAndChunkedAnswersOverKeptConnections() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        Set<String> peers = ConcurrentHashMap.newKeySet();
        server.createContext("/", exchange -> {
            peers.add(exchange.getRemoteAddress().toString());
            String received = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            byte[] answer = ("{\"got\":" + received + ",\"key\":\"" + exchange.getRequestHeaders().getFirst("Idempotency-Key")
                    + "\",\"name\":\"Zoë\"}").getBytes(StandardCharsets.UTF_8);
            boolean chunked = exchange.getRequestURI().getPath().endsWith("/chunked");
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(chunked ? 409 : 201, chunked ? 0 : answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        try {
            LeanHttp client = new LeanHttp("http://127.0.0.1:" + server.getAddress().getPort());
            for (int i = 0; i < 20; i++) {
                LeanHttp.Answer sized = client.postJson("/sized", Map.of("Idempotency-Key", "k" + i), "{\"n\":" + i + "}");
                assertThat(sized.status()).isEqualTo(201);
                assertThat(sized.body()).isEqualTo("{\"got\":{\"n\":" + i + "},\"key\":\"k" + i + "\",\"name\":\"Zoë\"}");
                LeanHttp.Answer chunked = client.postJson("/chunked", Map.of("Idempotency-Key", "c" + i), "[" + i + "]");
                assertThat(chunked.status()).isEqualTo(409);
                assertThat(chunked.body()).isEqualTo("{\"got\":[" + i + "],\"key\":\"c" + i + "\",\"name\":\"Zoë\"}");
            }
            assertThat(peers).as("one connection, kept alive for all 40 calls").hasSize(1);
            client.close();
        } finally {
            server.stop(0);
        }
    }
}
