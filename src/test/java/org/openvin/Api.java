package org.openvin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client for tests: real requests to the running server, the raw answer back, so a
 * test sees exactly what a third-party app would.
 */
public final class Api {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final HttpClient http;

    public Api(int port) {
        this("http://localhost:" + port, Map.of(), client);
    }

    private Api(String base, Map<String, String> headers, HttpClient http) {
        this.base = base;
        this.headers.putAll(headers);
        this.http = http;
    }

    /**
     * A client whose connections come from this loopback address (127.0.0.2, 127.0.0.3…), as
     * separate machines would, for tests of per-address limits and trusted proxies.
     */
    public static Api from(String localAddress, int port) {
        try {
            return new Api("http://127.0.0.1:" + port, Map.of(), HttpClient.newBuilder()
                    .localAddress(java.net.InetAddress.getByName(localAddress)).connectTimeout(Duration.ofSeconds(5)).build());
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A copy that sends this header on every request. */
    public Api with(String name, String value) {
        Api copy = new Api(base, headers, http);
        copy.headers.put(name, value);
        return copy;
    }

    public Api bearer(String token) {
        return with("Authorization", "Bearer " + token);
    }

    /** The value of a header this client sends, e.g. its Authorization. */
    public String headerValue(String name) {
        return headers.get(name);
    }

    public String base() {
        return base;
    }

    public Answer get(String path) {
        return send(request(path).GET());
    }

    public Answer post(String path, Object body) {
        String text = body instanceof String s ? s : JSON.writeValueAsString(body);
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(text)));
    }

    /** A POST of raw bytes with their own content type (a picture, say). */
    public Answer post(String path, String contentType, byte[] body) {
        return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    public Answer method(String method, String path, String body) {
        return send(request(path).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        headers.forEach(builder::header);
        return builder;
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Answer(int status, Map<String, java.util.List<String>> headers, byte[] bytes) {

        public String body() {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            return JSON.readTree(bytes);
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + body();
        }
    }
}
