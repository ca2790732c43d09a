package org.openvin.notification.internal;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openvin.notification.SmsGateway;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Any provider with an HTTPS API: a POST to the configured URL with an auth header and a body made
 * from a template. 2xx means accepted (the provider's message id is read from the answer at a JSON
 * pointer, if configured); 408, 429 and 5xx and network failures are retried; any other answer
 * is the provider refusing this message for good. Neither request nor answer is logged: both may
 * hold the OTP.
 */
class HttpSmsGateway implements SmsGateway {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(mobile|msisdn|text|id)}");
    private static final JsonMapper json = JsonMapper.builder().build();

    private final SmsProperties.Http config;
    private final String callingCode;
    private final HttpClient client;

    HttpSmsGateway(SmsProperties.Http config, String countryCallingCode) {
        if (config.url() == null) {
            throw new IllegalStateException("openvin.sms.gateway=http needs openvin.sms.http.url");
        }
        this.config = config;
        this.callingCode = countryCallingCode == null ? "" : countryCallingCode.replaceAll("[^0-9]", "");
        this.client = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).build();
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public String send(Message message) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(config.url())
                .timeout(config.timeout())
                .header("Content-Type", config.contentType())
                .POST(HttpRequest.BodyPublishers.ofString(body(message)));
        if (!config.authValue().isBlank()) {
            request.header(config.authHeader(), config.authValue());
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return messageId(response.body());
        }
        if (status == 408 || status == 429 || status >= 500) {
            throw new IOException("SMS provider answered HTTP " + status);
        }
        throw new Refused("SMS provider answered HTTP " + status);
    }

    /** The template with each placeholder replaced by its value, escaped for a JSON string. */
    String body(Message message) {
        Map<String, String> values = Map.of("mobile", message.mobile(), "msisdn", callingCode + message.mobile(),
                "text", message.text(), "id", Long.toString(message.outboxId()));
        Matcher m = PLACEHOLDER.matcher(config.bodyTemplate());
        return m.replaceAll(r -> Matcher.quoteReplacement(
                new String(JsonStringEncoder.getInstance().quoteAsCharArray(values.get(r.group(1))))));
    }

    private String messageId(String body) {
        if (config.messageIdPointer().isBlank() || body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode id = json.readTree(body).at(config.messageIdPointer());
            return id.isMissingNode() || id.isNull() ? null : id.asString();
        } catch (RuntimeException e) {
            return null; // accepted all the same; only the id for delivery reports is missing
        }
    }
}
