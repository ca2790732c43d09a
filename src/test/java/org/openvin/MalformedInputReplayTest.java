package org.openvin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.openvin.identity.internal.TestAadhaar;
import org.openvin.scheduling.Fixtures;
import org.openvin.scheduling.internal.PublishingSession;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The hostile tester's replay, generated from the OpenAPI document at test time so that a new
 * endpoint is covered without touching this test: every operation gets, in every parameter and
 * every JSON body property, at least 40 kinds of bad value (one field at a time, the others kept
 * plausible), plus malformed bodies and headers; unauthenticated and with citizen and staff
 * tokens. No answer may be a 5xx, and every error under {@code /api} must be the
 * {@code {"errorCode","error"}} envelope. Requests go out over a raw socket, byte for byte.
 */
@OpenVinTest
@TestPropertySource(properties = "springdoc.api-docs.enabled=true")
class MalformedInputReplayTest {

    private static final String PASSWORD = "replay-password-1";
    private static final long CENTRE = 990_001L;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    PublishingSession publishing;

    /** A request to send: who sends it, and what it is meant to probe (shown when it fails). */
    record Probe(String operation, String field, String identity, String method, String target,
                 Map<String, String> headers, String contentType, byte[] body) {
    }

    /** Bad values for any text: sent percent-encoded in a URL, as a header value, or as a JSON string. */
    static final List<String> BAD_TEXT = List.of(
            "", " ", "a".repeat(5_000), "\u0000", "abc\u0000def", "\u0001\u0002\u001f", "\u007f", "\u0085\u009f",
            "\r\n", "\t", "\u202e\u202dabc", "\ufeff", "\ud800", "\udc00x", "😀".repeat(50), "e\u0301\u0301\u0301",
            "０１２３４５", "١٢٣٤٥٦", "-1", "0", "-0", "-2147483649", "2147483648", "9223372036854775808",
            "-9223372036854775809", "1e309", "NaN", "Infinity", "1.5", "0x1F", " 1", "31-02-2021", "00-00-0000",
            "99-99-9999", "2021-09-24", "24/09/2021", "01-01-999999999", "' OR '1'='1", "1; DROP TABLE staff_account;--",
            "<script>alert(1)</script>", "%00", "%zz", "../../etc/passwd", "${jndi:ldap://127.0.0.1/a}",
            "[[${7*7}]]", "null", "true", "a,b", "a&b=c", "\\u0000", "\u200b", "\uffff", "\ud83c\udff3\ufe0f\u200d\ud83c\udf08");

    /** Bad JSON values that are not strings: wrong types, out-of-range and odd numbers, nesting. */
    static final List<String> BAD_JSON = List.of(
            "null", "true", "false", "0", "-1", "1.5", "-2147483649", "2147483648", "9223372036854775808",
            "-9223372036854775809", "1e309", "-1e309", "1e-400", "123456789012345678901234567890", "[]", "[1,2]",
            "[\"a\",\"b\"]", "{}", "{\"a\":{\"b\":[]}}", "[".repeat(1_500) + "]".repeat(1_500));

    /** Percent-escapes that do not decode to UTF-8 text: sent as they are in a query or path. */
    static final List<String> BAD_ENCODINGS = List.of("%", "%zz", "%ED%A0%80", "%FF", "%C0%AF", "%e0%a4");

    static final int MINIMUM_PER_FIELD = 40;

    /** Which sample of bad values each field gets; set {@code -Dreplay.seed=} to try another. */
    static final long SEED = Long.getLong("replay.seed", 18);

    private final Map<String, Api> identities = new LinkedHashMap<>();
    private final Map<String, String> known = new HashMap<>();

    @Test
    void everyOperationAnswersMalformedInputWithoutA5xxAndWithTheEnvelope() throws Exception {
        prepareIdentitiesAndKnownValues();
        JsonNode document = new Api(port).get("/v3/api-docs").json();
        List<Probe> probes = new ArrayList<>();
        Map<String, AtomicInteger> perField = new ConcurrentHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").properties().iterator();
        int operations = 0;
        while (paths.hasNext()) {
            var path = paths.next();
            for (var operation : path.getValue().properties()) {
                operations++;
                probes.addAll(probesOf(document, path.getKey(), operation.getKey().toUpperCase(), operation.getValue(),
                        perField));
            }
        }
        assertThat(operations).as("operations in /v3/api-docs").isGreaterThan(80);
        assertThat(perField).allSatisfy((field, count) ->
                assertThat(count.get()).as(field).isGreaterThanOrEqualTo(MINIMUM_PER_FIELD));
        Collections.shuffle(probes, new Random(SEED));

        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger sent = new AtomicInteger();
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (Probe probe : probes) {
                pool.submit(() -> {
                    sent.incrementAndGet();
                    String failure = check(probe);
                    if (failure != null) {
                        failures.add(failure);
                    }
                });
            }
        }
        assertThat(sent.get()).isEqualTo(probes.size());
        assertThat(failures).as(failures.size() + " of " + probes.size() + " answers failed (seed " + SEED + ")").isEmpty();
    }

    private String check(Probe probe) {
        RawHttp.Answer answer;
        try {
            answer = send(probe);
        } catch (RuntimeException e) {
            return describe(probe) + " → no answer: " + e;
        }
        if (answer.status() >= 500) {
            return describe(probe) + " → " + answer.status() + " " + snippet(answer.body());
        }
        boolean api = probe.target().startsWith("/api") || probe.target().startsWith("/.well-known");
        if (api && answer.status() >= 400 && !isEnvelope(answer)) {
            return describe(probe) + " → " + answer.status() + " not the envelope: " + snippet(answer.body());
        }
        return null;
    }

    private static boolean isEnvelope(RawHttp.Answer answer) {
        String type = answer.header("content-type");
        if (type == null || !type.startsWith("application/json")) {
            return false;
        }
        try {
            JsonNode body = Api.JSON.readTree(answer.bytes());
            return body.isObject() && body.path("errorCode").isString() && !body.path("errorCode").asString().isBlank()
                    && body.path("error").isString();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private RawHttp.Answer send(Probe probe) {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.writeBytes((probe.method() + " " + probe.target() + " HTTP/1.1").getBytes(StandardCharsets.UTF_8));
        Map<String, String> headers = new LinkedHashMap<>();
        String token = identities.get(probe.identity()) == null ? null
                : identities.get(probe.identity()).headerValue("Authorization");
        if (token != null) {
            headers.put("Authorization", token);
        }
        headers.putAll(probe.headers());
        if (probe.contentType() != null) {
            headers.put("Content-Type", probe.contentType());
        }
        headers.forEach((name, value) -> head.writeBytes(("\r\n" + name + ": " + value.replace("\r", " ").replace("\n", " "))
                .getBytes(StandardCharsets.UTF_8)));
        return RawHttp.send(port, head.toByteArray(), probe.body());
    }

    private static String describe(Probe probe) {
        return probe.operation() + " [" + probe.field() + ", " + probe.identity() + "] " + probe.method() + " "
                + snippet(probe.target()) + (probe.headers().isEmpty() ? "" : " " + snippet(probe.headers().toString())) + (probe.body() == null ? "" : " body " + snippet(new String(probe.body(),
                StandardCharsets.UTF_8)));
    }

    private static String snippet(String text) {
        String shown = text.length() > 160 ? text.substring(0, 160) + "…(" + text.length() + ")" : text;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }

    // ---- generating probes from the document ----

    private List<Probe> probesOf(JsonNode document, String path, String method, JsonNode operation,
                                 Map<String, AtomicInteger> perField) {
        String name = method + " " + path;
        String main = identityFor(path);
        List<JsonNode> parameters = new ArrayList<>();
        operation.path("parameters").forEach(parameters::add);
        JsonNode bodySchema = resolve(document, operation.path("requestBody").path("content").path("application/json")
                .path("schema"));
        boolean hasBody = method.equals("POST") || method.equals("PUT");
        ObjectNode baseline = bodySchema.isObject() ? (ObjectNode) baselineOf(document, bodySchema) : Api.JSON.createObjectNode();
        List<Probe> probes = new ArrayList<>();
        for (String identity : identitiesFor(main)) {
            // The identity that passes the door gets 40 bad values per field (a different sample of the
            // lists above per field and per seed) and every malformed body and header; the others a few.
            boolean passes = identity.equals(main);
            int limit = passes ? MINIMUM_PER_FIELD : 3;
            Random random = new Random(SEED + name.hashCode() + identity.hashCode());
            for (JsonNode parameter : parameters) {
                String field = parameter.path("name").asString();
                String in = parameter.path("in").asString();
                List<Probe> forField = new ArrayList<>();
                for (String bad : BAD_TEXT) {
                    forField.add(withParameter(name, identity, method, path, parameters, baseline, hasBody, field, in,
                            encodeText(in, bad)));
                }
                if (!in.equals("header")) {
                    for (String bad : BAD_ENCODINGS) {
                        forField.add(withParameter(name, identity, method, path, parameters, baseline, hasBody, field, in,
                                bad));
                    }
                }
                if (in.equals("query")) {
                    forField.add(withParameter(name, identity, method, path, parameters, baseline, hasBody, field, "repeat", "1"));
                    forField.add(withParameter(name, identity, method, path, parameters, baseline, hasBody, field, "missing", null));
                    forField.add(withParameter(name, identity, method, path, parameters, baseline, hasBody, field, "bare", null));
                }
                add(probes, forField, limit, random, perField, identity.equals(main) ? name + " " + in + " " + field : null);
            }
            for (String property : propertyNames(baseline)) {
                List<Probe> forField = new ArrayList<>();
                for (String bad : BAD_TEXT) {
                    forField.add(withBodyValue(name, identity, method, path, parameters, baseline, property, jsonString(bad)));
                }
                for (String bad : BAD_JSON) {
                    forField.add(withBodyValue(name, identity, method, path, parameters, baseline, property, bad));
                }
                add(probes, forField, limit, random, perField, identity.equals(main) ? name + " body " + property : null);
            }
            add(probes, malformedBodies(name, identity, method, path, parameters, baseline, hasBody),
                    passes ? Integer.MAX_VALUE : 4, random, perField, null);
            add(probes, malformedHeaders(name, identity, method, path, parameters, baseline, hasBody),
                    passes ? Integer.MAX_VALUE : 4, random, perField, null);
        }
        return probes;
    }

    private static void add(List<Probe> probes, List<Probe> candidates, int limit, Random random,
                            Map<String, AtomicInteger> perField, String countedAs) {
        List<Probe> chosen = new ArrayList<>(candidates);
        if (chosen.size() > limit) {
            Collections.shuffle(chosen, random);
            chosen = chosen.subList(0, limit);
        }
        probes.addAll(chosen);
        if (countedAs != null) {
            perField.computeIfAbsent(countedAs, k -> new AtomicInteger()).addAndGet(chosen.size());
        }
    }

    private static List<String> propertyNames(ObjectNode baseline) {
        List<String> names = new ArrayList<>();
        baseline.propertyNames().forEach(names::add);
        return names;
    }

    /** The operation with one parameter replaced by an already encoded bad value (null: left out). */
    private Probe withParameter(String name, String identity, String method, String path, List<JsonNode> parameters,
                                ObjectNode baseline, boolean hasBody, String field, String how, String encoded) {
        String target = path;
        StringBuilder query = new StringBuilder();
        Map<String, String> headers = new LinkedHashMap<>();
        for (JsonNode parameter : parameters) {
            String p = parameter.path("name").asString();
            String in = parameter.path("in").asString();
            boolean mutated = p.equals(field);
            String value = mutated ? encoded : encodeText(in, goodValue(p, parameter.path("schema")));
            switch (in) {
                case "path" -> target = target.replace("{" + p + "}", value);
                case "header" -> {
                    if (!mutated || !how.equals("missing")) {
                        headers.put(p, value);
                    }
                }
                default -> {
                    if (mutated && how.equals("missing")) {
                        continue;
                    }
                    String pair = mutated && how.equals("bare") ? p
                            : mutated && how.equals("repeat") ? p + "=1&" + p + "=2&" + p + "[]=3"
                            : p + "=" + value;
                    query.append(query.isEmpty() ? "?" : "&").append(pair);
                }
            }
        }
        return new Probe(name, field, identity, method, target + query, headers, hasBody ? "application/json" : null,
                hasBody ? Api.JSON.writeValueAsBytes(baseline) : null);
    }

    private Probe withBodyValue(String name, String identity, String method, String path, List<JsonNode> parameters,
                                ObjectNode baseline, String property, String jsonFragment) {
        ObjectNode body = baseline.deepCopy();
        body.put(property, "__BAD_VALUE__");
        String text = Api.JSON.writeValueAsString(body).replace("\"__BAD_VALUE__\"", jsonFragment);
        return withBody(name, property, identity, method, path, parameters, "application/json",
                text.getBytes(StandardCharsets.UTF_8));
    }

    private Probe withBody(String name, String field, String identity, String method, String path,
                           List<JsonNode> parameters, String contentType, byte[] body) {
        Probe plain = withParameter(name, identity, method, path, parameters, Api.JSON.createObjectNode(), false, "", "", "");
        return new Probe(name, field, identity, method.equals("GET") ? "POST" : method, plain.target(), plain.headers(),
                contentType, body);
    }

    private List<Probe> malformedBodies(String name, String identity, String method, String path,
                                        List<JsonNode> parameters, ObjectNode baseline, boolean hasBody) {
        if (!hasBody) {
            return List.of();
        }
        String good = Api.JSON.writeValueAsString(baseline);
        byte[] goodBytes = good.getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        for (String text : List.of("", "{", "{\"a\":", "[", "]", "null", "[]", "\"text\"", "123", "{\"a\":1,}", "{'a':1}",
                "\u0000", "{\"a\":\"\\ud800\"}", "\ufeff" + good, good + good, good + "garbage")) {
            bodies.put("application/json|" + text, text.getBytes(StandardCharsets.UTF_8));
        }
        bodies.put("application/json|invalid UTF-8", concat("{\"name\":\"".getBytes(StandardCharsets.UTF_8),
                new byte[]{(byte) 0xff, (byte) 0xfe, (byte) 0xc0}, "\"}".getBytes(StandardCharsets.UTF_8)));
        bodies.put("application/json|huge", ("{\"name\":\"" + "x".repeat(1_000_000) + "\"}").getBytes(StandardCharsets.UTF_8));
        bodies.put("application/json|deep", ("{\"a\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}").getBytes(StandardCharsets.UTF_8));
        for (String form : List.of("mobile=%zz", "%", "a=%e0%a4", "=&=&", "a=%00", "name=" + "x".repeat(2_200_000))) {
            bodies.put("application/x-www-form-urlencoded|" + form, form.getBytes(StandardCharsets.UTF_8));
        }
        bodies.put("application/x-www-form-urlencoded|json", goodBytes);
        bodies.put("text/plain|json", goodBytes);
        bodies.put("application/xml|<a/>", "<a/>".getBytes(StandardCharsets.UTF_8));
        bodies.put("multipart/form-data|json", goodBytes);
        bodies.put("multipart/form-data; boundary=xyz|garbage", "--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--x"
                .getBytes(StandardCharsets.UTF_8));
        bodies.put("application/json; charset=klingon|json", goodBytes);
        bodies.put("application/json;charset=UTF-16|json", goodBytes);
        bodies.put(";;;|json", goodBytes);
        bodies.put("*/*|json", goodBytes);
        bodies.put("image/png|bytes", new byte[]{(byte) 0x89, 'P', 'N', 'G', 0, 0, 0});
        bodies.put("|json without a content type", goodBytes);
        List<Probe> probes = new ArrayList<>();
        bodies.forEach((key, body) -> {
            String type = key.substring(0, key.indexOf('|'));
            probes.add(withBody(name, "body " + snippet(key), identity, method, path, parameters,
                    type.isEmpty() ? null : type, body));
        });
        return probes;
    }

    private List<Probe> malformedHeaders(String name, String identity, String method, String path,
                                         List<JsonNode> parameters, ObjectNode baseline, boolean hasBody) {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("X-Oversized", "a".repeat(9_000));
        bad.put("Authorization", "Bearer");
        bad.put("Authorization ", "Bearer ");
        bad.put("Authorization  ", "Bearer not-a-token");
        bad.put("Authorization   ", "Bearer a.b.c");
        bad.put("Authorization    ", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.");
        bad.put("Authorization     ", "Bearer " + "a".repeat(6_000));
        bad.put("Authorization      ", "Basic Zm9vOmJhcg==");
        bad.put("Authorization       ", "Bearer \u00ff\u0001");
        bad.put("Accept-Language", "xx");
        bad.put("Accept-Language ", "en;q=abc");
        bad.put("Accept-Language  ", "*;q=2");
        bad.put("Accept-Language   ", ";;;,,,-");
        bad.put("Accept-Language    ", "a".repeat(300));
        bad.put("Accept-Language     ", "hi_IN\u0000");
        bad.put("Accept-Language      ", "zh-Hant-TW-x-private-1234567890");
        bad.put("Accept", "application/xml");
        bad.put("Accept ", "image/png");
        bad.put("Accept  ", "*/*;q=x");
        bad.put("X-Forwarded-For", "not-an-ip, 999.1.1.1");
        bad.put("Content-Length", "-1");
        List<Probe> probes = new ArrayList<>();
        Probe plain = withParameter(name, identity, method, path, parameters, baseline, hasBody, "", "", "");
        bad.forEach((header, value) -> {
            Map<String, String> headers = new LinkedHashMap<>(plain.headers());
            headers.put(header.trim(), value);
            String id = header.startsWith("Authorization") ? "anonymous" : identity;
            boolean lengthProbe = header.equals("Content-Length");
            probes.add(new Probe(name, "header " + header.trim() + ": " + snippet(value), id, method, plain.target(), headers,
                    plain.contentType(), lengthProbe ? null : plain.body()));
        });
        return probes;
    }

    // ---- values ----

    private static String encodeText(String in, String text) {
        if (in.equals("header")) {
            return text;
        }
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String jsonString(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }

    private static JsonNode resolve(JsonNode document, JsonNode schema) {
        String ref = schema.path("$ref").asString("");
        if (ref.startsWith("#/components/schemas/")) {
            return document.path("components").path("schemas").path(ref.substring("#/components/schemas/".length()));
        }
        return schema;
    }

    /** A plausible body: known values by property name, else one of the schema's type. */
    private JsonNode baselineOf(JsonNode document, JsonNode schema) {
        schema = resolve(document, schema);
        ObjectNode body = Api.JSON.createObjectNode();
        for (var property : schema.path("properties").properties()) {
            body.set(property.getKey(), goodJson(document, property.getKey(), resolve(document, property.getValue())));
        }
        return body;
    }

    private JsonNode goodJson(JsonNode document, String name, JsonNode schema) {
        String type = schema.path("type").asString("object");
        String knownValue = known.get(name);
        return switch (type) {
            case "integer", "number" -> Api.JSON.getNodeFactory().numberNode(knownValue != null && knownValue.matches("-?\\d+")
                    ? Long.parseLong(knownValue) : 1L);
            case "boolean" -> Api.JSON.getNodeFactory().booleanNode(false);
            case "array" -> Api.JSON.createArrayNode().add(goodJson(document, name, resolve(document, schema.path("items"))));
            case "string" -> Api.JSON.getNodeFactory().stringNode(knownValue != null ? knownValue : "plain text");
            default -> schema.has("properties") ? baselineOf(document, schema) : Api.JSON.createObjectNode();
        };
    }

    private String goodValue(String name, JsonNode schema) {
        String value = known.get(name);
        if (value != null) {
            return value;
        }
        return switch (schema.path("type").asString("string")) {
            case "integer", "number" -> "999999";
            case "boolean" -> "false";
            default -> "plain";
        };
    }

    // ---- who calls ----

    private static String identityFor(String path) {
        if (path.startsWith("/api/v2/vaccinator/")) {
            return "facility";
        }
        if (path.startsWith("/api/v2/admin/") && !path.startsWith("/api/v2/admin/location/")) {
            return "national";
        }
        if ((path.startsWith("/api/v2/registration/") || path.startsWith("/api/v2/appointment/"))
                && !path.contains("/public/") && !path.endsWith("/idTypes") && !path.endsWith("/genders")) {
            return "citizen";
        }
        return "anonymous";
    }

    private static List<String> identitiesFor(String main) {
        List<String> all = new ArrayList<>(List.of(main));
        for (String other : List.of("anonymous", "citizen", "national")) {
            if (!all.contains(other)) {
                all.add(other);
            }
        }
        return all;
    }

    private void prepareIdentitiesAndKnownValues() {
        Api api = new Api(port);
        // Ids well above any a bad value could name ("1", " 1"), so the replay never disables its own accounts.
        jdbc.sql("SELECT setval(pg_get_serial_sequence('staff_account', 'id'), 1000000)").query(Long.class).single();
        Fixtures.centre(jdbc, CENTRE, 395, "400080");
        var day = Fixtures.today().plusDays(1);
        UUID session = Fixtures.session(publishing, CENTRE, day, "COVISHIELD", 50, 50, 18, null);
        jdbc.sql("""
                        INSERT INTO staff_account (username, password_hash, name, role, state_id, district_id, centre_id)
                        VALUES ('replay.national', ?, 'Replay National', 'NATIONAL_ADMIN', NULL, NULL, NULL),
                               ('replay.facility', ?, 'Replay Facility', 'FACILITY_ADMIN', 21, 395, ?)""")
                .params(passwords.encode(PASSWORD), passwords.encode(PASSWORD), CENTRE).update();
        var family = Fixtures.family(api, 1, 1980);
        identities.put("anonymous", null);
        identities.put("citizen", family.api());
        identities.put("national", Citizens.staff(api, "replay.national", PASSWORD));
        identities.put("facility", Citizens.staff(api, "replay.facility", PASSWORD));
        String member = family.members().getFirst();
        String slot = api.get("/api/v2/appointment/sessions/public/calendarByCenter?center_id=" + CENTRE + "&date="
                + day.format(DateTimeFormatter.ofPattern("dd-MM-yyyy"))).json().path("centers").path("sessions").path(0)
                .path("slots").path(0).asString("09:00AM-11:00AM");
        known.putAll(Map.ofEntries(
                Map.entry("beneficiary_reference_id", member), Map.entry("beneficiaries", member),
                Map.entry("beneficiariesToCancel", member), Map.entry("session_id", session.toString()),
                Map.entry("center_id", String.valueOf(CENTRE)), Map.entry("from_center_id", String.valueOf(CENTRE)),
                Map.entry("to_center_id", String.valueOf(CENTRE)), Map.entry("slot", slot),
                Map.entry("date", day.format(DateTimeFormatter.ofPattern("dd-MM-yyyy"))),
                Map.entry("pincode", "400080"), Map.entry("district_id", "395"), Map.entry("state_id", "21"),
                Map.entry("lat", "19"), Map.entry("long", "72"), Map.entry("vaccine", "COVISHIELD"),
                Map.entry("dose", "1"), Map.entry("name", "Asha Devi"), Map.entry("birth_year", "1980"),
                Map.entry("gender_id", "1"), Map.entry("photo_id_type", "1"), Map.entry("photo_id_number", TestAadhaar.next()),
                Map.entry("mobile", Citizens.newMobile()), Map.entry("mobile_number", Citizens.newMobile()),
                Map.entry("new_mobile", Citizens.newMobile()), Map.entry("username", "replay.nobody"),
                Map.entry("password", "not-the-password"), Map.entry("format", "json"), Map.entry("id", "999999999"),
                Map.entry("otp", Citizens.sha256("123456")), Map.entry("txnId", UUID.randomUUID().toString()),
                Map.entry("appointment_id", UUID.randomUUID().toString()), Map.entry("Idempotency-Key", UUID.randomUUID().toString()),
                Map.entry("Accept-Language", "hi_IN"), Map.entry("lot_number", "LOT-1"), Map.entry("vials", "1"),
                Map.entry("doses", "1"), Map.entry("expiry_date", Fixtures.today().plusYears(1)
                        .format(DateTimeFormatter.ofPattern("dd-MM-yyyy"))), Map.entry("kid", "no-such-key"),
                Map.entry("dimension", "vaccine"), Map.entry("role", "VACCINATOR"), Map.entry("comorbidity_ind", "N")));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
