package org.openvin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;

/**
 * Errors the container, the firewall or the request's own bytes cause, on a real socket: the API
 * answers its {@code {"errorCode","error"}} JSON, pages an HTML error page, never Tomcat's page,
 * an empty body or a 500.
 */
@OpenVinTest
class ContainerErrorsTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PasswordEncoder passwords;

    private RawHttp.Answer get(String target, String... headers) {
        return RawHttp.send(port, "GET " + target + " HTTP/1.1" + (headers.length == 0 ? "" : "\r\n" + String.join("\r\n", headers)),
                null);
    }

    private RawHttp.Answer post(String target, String contentType, String body) {
        return RawHttp.send(port, "POST " + target + " HTTP/1.1\r\nContent-Type: " + contentType,
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode envelope(RawHttp.Answer answer, int status) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.header("content-type")).as(answer.body()).startsWith("application/json");
        JsonNode body = Api.JSON.readTree(answer.bytes());
        assertThat(body.get("errorCode").asString()).isNotBlank();
        assertThat(body.get("error").isString()).isTrue();
        return body;
    }

    private static void page(RawHttp.Answer answer, int status) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.header("content-type")).startsWith("text/html");
        assertThat(answer.body()).contains("OpenVIN").doesNotContain("Apache Tomcat").doesNotContain("HTTP Status");
    }

    @Test
    void whatTomcatRefusesBeforeTheApplicationGetsTheEnvelopeOrThePage() {
        String big = "X-Big: " + "a".repeat(9_000);
        envelope(get("/api/v2/admin/location/states", big), 400);
        page(get("/search", big), 400);
        envelope(get("/api/v2/admin/location/states?q=" + "a".repeat(100_000)), 400);
        envelope(get("/api/v2/appointment/sessions/public/a%2Fb"), 400);
        envelope(get("/api/v2/appointment/sessions/public/a%00b"), 400);
        page(get("/search/a%2Fb"), 400);
        envelope(get("/api/v2/admin/location/states", "Accept-Language: hi\u0000"), 400);
        envelope(get("/api/v2/admin/location/states?a[]=1"), 400);
    }

    @Test
    void theFirewallsRefusalsGetTheEnvelopeWithTheirCode() {
        assertThat(envelope(get("/api/v2/appointment/sessions/public/a%25b"), 400).get("errorCode").asString())
                .isEqualTo("REQUEST_REJECTED");
        // A header value the firewall refuses: the error page would meet the same refusal, so it is answered at once.
        var refusedHeader = RawHttp.send(port, concat("GET /api/v2/admin/location/states HTTP/1.1\r\nAccept-Language: ",
                new byte[]{(byte) 0xc2, (byte) 0x85}), null);
        assertThat(envelope(refusedHeader, 400).get("errorCode").asString()).isEqualTo("REQUEST_REJECTED");
        page(RawHttp.send(port, concat("GET /search HTTP/1.1\r\nAccept-Language: ", new byte[]{(byte) 0xc2, (byte) 0x85}), null),
                400);
    }

    @Test
    void springsOwnRefusalsGetTheEnvelope() {
        envelope(RawHttp.send(port, "DELETE /api/v2/admin/location/states HTTP/1.1", null), 405);
        envelope(post("/api/v2/auth/public/generateOTP", "text/plain", "x"), 415);
        envelope(post("/api/v2/auth/public/generateOTP", "*/*", "{}"), 415);
        envelope(post("/api/v2/auth/public/generateOTP", ";;;", "{}"), 415);
        envelope(post("/api/v2/auth/public/generateOTP", "multipart/form-data", "{}"), 400);
        envelope(get("/api/v2/appointment/sessions/public/findByPin?date=01-01-2027"), 400);
        envelope(get("/api/v2/appointment/sessions/public/findByDistrict?district_id=x&date=01-01-2027"), 400);
    }

    @Test
    void badPercentEncodingAndControlCharactersAreA400NotA500() {
        // 30 of 33 POST/PUT endpoints answered 500 to this before.
        assertThat(envelope(post("/api/v2/auth/public/generateOTP", "application/x-www-form-urlencoded", "mobile=%zz"), 400)
                .get("errorCode").asString()).isEqualTo("INVALID_ENCODING");
        envelope(RawHttp.send(port, "PUT /api/v2/admin/centres/1 HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded",
                "a=%".getBytes(StandardCharsets.UTF_8)), 401);
        page(post("/login", "application/x-www-form-urlencoded", "mobile=%zz"), 400);
        page(get("/search?q=%zz"), 400);
        assertThat(envelope(get("/api/v2/admin/location/states?q=a%00b"), 400).get("errorCode").asString())
                .isEqualTo("INVALID_CHARACTERS");
        Api api = new Api(port);
        var nul = api.post("/api/v2/auth/public/generateOTP", "{\"mobile\":\"98765\\u000043210\"}");
        assertThat(nul.status()).isEqualTo(400);
        assertThat(nul.json().get("errorCode").asString()).isEqualTo("INVALID_BODY");
    }

    @Test
    void aStaffPasswordLongerThanBcryptReadsIsRefusedNotA500() {
        jdbc.sql("""
                        INSERT INTO staff_account (username, password_hash, name, role)
                        VALUES ('long.password.admin', ?, 'Admin', 'NATIONAL_ADMIN') ON CONFLICT DO NOTHING""")
                .param(passwords.encode("a-good-password-1")).update();
        Api api = new Api(port);
        String tooLong = "p".repeat(73);
        var login = api.post("/api/v2/auth/staff/login", Map.of("username", "long.password.admin", "password", tooLong));
        assertThat(login.status()).as(login.body()).isEqualTo(401);
        Api admin = Citizens.staff(api, "long.password.admin", "a-good-password-1");
        // Beyond BCrypt's 72 bytes every character still counts (BCrypt of the SHA-256), never a 500.
        String phrase = "Monsoon över Kanyakumari, drei Elefanten tanzen à minuit près du phare — 1977!";
        assertThat(phrase.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isGreaterThan(72);
        var created = admin.post("/api/v2/admin/staff", Map.of("username", "long.one", "password", phrase,
                "name", "Long", "role", "STATE_ADMIN", "state_id", 21));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(api.post("/api/v2/auth/staff/login", Map.of("username", "long.one", "password", phrase)).status())
                .isEqualTo(200);
        String first72Bytes = new String(java.util.Arrays.copyOf(phrase.getBytes(java.nio.charset.StandardCharsets.UTF_8), 72),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(api.post("/api/v2/auth/staff/login", Map.of("username", "long.one", "password",
                first72Bytes.replace("\uFFFD", ""))).status()).isEqualTo(401);
    }

    @Test
    void aBodyTheApiReadsRawIsLeftUnreadEvenWhenCurlCallsItAForm() {
        jdbc.sql("""
                        INSERT INTO staff_account (username, password_hash, name, role)
                        VALUES ('form.curl.admin', ?, 'Admin', 'NATIONAL_ADMIN') ON CONFLICT DO NOTHING""")
                .param(passwords.encode("a-good-password-1")).update();
        String token = Citizens.staff(new Api(port), "form.curl.admin", "a-good-password-1").headerValue("Authorization");
        String line = Citizens.newMobile() + ",Asha Devi,1980,2,1," + org.openvin.identity.internal.TestAadhaar.next();
        var imported = RawHttp.send(port, "POST /api/v2/admin/beneficiaries/import HTTP/1.1\r\nAuthorization: " + token
                + "\r\nContent-Type: application/x-www-form-urlencoded", line.getBytes(StandardCharsets.UTF_8));
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(Api.JSON.readTree(imported.bytes()).get("accepted").asInt()).isEqualTo(1);
    }

    private static byte[] concat(String text, byte[] bytes) {
        byte[] head = text.getBytes(StandardCharsets.UTF_8);
        byte[] all = java.util.Arrays.copyOf(head, head.length + bytes.length);
        System.arraycopy(bytes, 0, all, head.length, bytes.length);
        return all;
    }
}
