package org.openvin.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.openvin.TestSms;

/**
 * A visitor of the pages without a browser: keeps its cookies, follows redirects and posts forms
 * with the CSRF token of the last page it saw — for page rules that need no JavaScript.
 */
public final class PageVisitor {

    public record Page(int status, String path, String body) {
    }

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private final String base;
    private String csrf;

    public PageVisitor(int port) {
        this.base = "http://localhost:" + port;
    }

    public Page get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** Posts the form fields (a field may repeat: give its values joined by a newline). */
    public Page post(String path, Map<String, String> fields) {
        Map<String, String> form = new LinkedHashMap<>(fields);
        String body = form.entrySet().stream()
                .flatMap(e -> e.getValue().lines().map(v -> enc(e.getKey()) + "=" + enc(v)))
                .collect(Collectors.joining("&"));
        if (csrf != null) {
            body = (body.isEmpty() ? "" : body + "&") + "_csrf=" + enc(csrf);
        }
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Logs in with the OTP sent to this mobile; answers the page the login lands on. */
    public Page logIn(String mobile) {
        get("/login");
        Page otp = post("/login", Map.of("mobile", mobile));
        assertThat(otp.path()).isEqualTo("/login/otp");
        Page landed = post("/login/otp", Map.of("otp", TestSms.lastOtp(mobile)));
        assertThat(landed.path()).isEqualTo("/account");
        return landed;
    }

    private Page send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> answer = http.send(request.header("Accept", "text/html").build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            Matcher m = CSRF.matcher(answer.body());
            if (m.find()) {
                csrf = m.group(1);
            }
            return new Page(answer.statusCode(), answer.uri().getPath(), answer.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
