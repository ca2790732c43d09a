package org.openvin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openvin.scheduling.Fixtures;
import org.openvin.scheduling.internal.PublishingSession;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What unmodified CoWIN clients send and the real CoWIN accepted (docs/CONTRACT-NOTES.md): a JSON
 * body without any Content-Type, a search date with a two-digit year, and the captcha older
 * clients ask for.
 */
@OpenVinTest
class ContractClientsTest {

    private static final long CENTRE = 980_001L;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PublishingSession publishing;

    @TempDir
    Path dir;

    private RawHttp.Answer postWithoutContentType(String path, String json, String token) {
        String head = "POST " + path + " HTTP/1.1" + (token == null ? "" : "\r\nAuthorization: " + token);
        return RawHttp.send(port, head, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aJsonBodyWithoutContentTypeIsReadAsJsonOnTheContractsEndpoints() {
        String mobile = Citizens.newMobile();
        var sent = postWithoutContentType("/api/v2/auth/generateOTP", "{\"mobile\":\"" + mobile + "\"}", null);
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        String txnId = Api.JSON.readTree(sent.bytes()).get("txnId").asString();
        var confirmed = postWithoutContentType("/api/v2/auth/confirmOTP",
                "{\"otp\":\"" + Citizens.sha256(TestSms.lastOtp(mobile)) + "\",\"txnId\":\"" + txnId + "\"}", null);
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        String token = "Bearer " + Api.JSON.readTree(confirmed.bytes()).get("token").asString();

        var registered = postWithoutContentType("/api/v2/registration/beneficiary/new", Api.JSON.writeValueAsString(Map.of(
                "name", "Asha Devi", "birth_year", "1980", "gender_id", 2, "photo_id_type", 1,
                "photo_id_number", org.openvin.identity.internal.TestAadhaar.next())), token);
        assertThat(registered.status()).as(registered.body()).isEqualTo(200);

        // A body that is not JSON is still refused with the envelope, and an explicit wrong type stays a 415.
        var garbage = postWithoutContentType("/api/v2/auth/generateOTP", "mobile=" + mobile, null);
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.body()).contains("\"errorCode\":\"INVALID_BODY\"");
        var plain = RawHttp.send(port, "POST /api/v2/auth/generateOTP HTTP/1.1\r\nContent-Type: text/plain",
                ("{\"mobile\":\"" + mobile + "\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(plain.status()).isEqualTo(415);
        assertThat(plain.body()).contains("UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void aSearchDateWithATwoDigitYearIsTheContractsDate() {
        Fixtures.centre(jdbc, CENTRE, 395, "400080");
        var day = Fixtures.today().plusDays(2);
        Fixtures.session(publishing, CENTRE, day, "COVISHIELD", 10, 10, 18, null);
        String shortDate = day.format(DateTimeFormatter.ofPattern("dd-MM-yy"));
        Api api = new Api(port);
        for (String path : new String[]{"/api/v2/appointment/sessions/public/findByPin?pincode=400080&date=",
                "/api/v2/appointment/sessions/public/calendarByPin?pincode=400080&date=",
                "/api/v2/appointment/sessions/public/findByDistrict?district_id=395&date=",
                "/api/v2/appointment/sessions/public/calendarByCenter?center_id=" + CENTRE + "&date="}) {
            var answer = api.get(path + shortDate);
            assertThat(answer.status()).as(path + shortDate + " " + answer.body()).isEqualTo(200);
            assertThat(answer.body()).as(path).contains("\"center_id\":" + CENTRE);
        }
        Api citizen = Citizens.login(api, Citizens.newMobile());
        var live = citizen.get("/api/v2/appointment/sessions/findByPin?pincode=400080&date=" + shortDate);
        assertThat(live.status()).as(live.body()).isEqualTo(200);
        assertThat(live.body()).contains("\"center_id\":" + CENTRE);
        var impossible = api.get("/api/v2/appointment/sessions/public/findByPin?pincode=400080&date=31-02-27");
        assertThat(impossible.status()).isEqualTo(400);
        assertThat(impossible.json().get("errorCode").asString()).isEqualTo("APPOIN0016");
    }

    @Test
    void getRecaptchaAnswersAnSvgAndIsNotRequiredUnlessTheProfileSaysSo() {
        Api api = new Api(port);
        var captcha = api.post("/api/v2/auth/getRecaptcha", "{}");
        assertThat(captcha.status()).as(captcha.body()).isEqualTo(200);
        assertThat(captcha.json().get("captcha").asString()).startsWith("<svg").endsWith("</svg>");
        assertThat(api.post("/api/v2/auth/public/generateOTP", Map.of("mobile", Citizens.newMobile())).status())
                .isEqualTo(200);
    }

    @Test
    void whenTheProfileRequiresACaptchaAnOtpIsSentOnlyAgainstASolvedOne() throws Exception {
        String india = new String(getClass().getResourceAsStream("/profiles/india.yaml").readAllBytes(), StandardCharsets.UTF_8);
        Path profile = dir.resolve("india-with-captcha.yaml");
        Files.writeString(profile, india.replace("captcha: {required: false}", "captcha: {required: true}"));
        try (var app = new SpringApplicationBuilder(OpenVinApplication.class).profiles("test")
                .run("--openvin.profile=" + profile, "--server.port=0")) {
            Api api = new Api(((WebServerApplicationContext) app).getWebServer().getPort());
            JdbcClient appJdbc = app.getBean(JdbcClient.class);
            String mobile = Citizens.newMobile();

            var without = api.post("/api/v2/auth/public/generateOTP", Map.of("mobile", mobile));
            assertThat(without.status()).isEqualTo(400);
            assertThat(without.json().get("errorCode").asString()).isEqualTo("APPOIN0045");

            assertThat(api.post("/api/v2/auth/getRecaptcha", "").status()).isEqualTo(200);
            String answer = appJdbc.sql("SELECT answer FROM captcha ORDER BY expires_at DESC LIMIT 1")
                    .query(String.class).single();
            var wrong = api.post("/api/v2/auth/generateOTP", Map.of("mobile", mobile, "captcha", "WRONG"));
            assertThat(wrong.json().get("errorCode").asString()).isEqualTo("APPOIN0045");
            var solved = api.post("/api/v2/auth/generateOTP", Map.of("mobile", mobile, "captcha", answer.toLowerCase()));
            assertThat(solved.status()).as(solved.body()).isEqualTo(200);
            var again = api.post("/api/v2/auth/generateOTP", Map.of("mobile", mobile, "captcha", answer));
            assertThat(again.json().get("errorCode").asString()).as("an answer is good once").isEqualTo("APPOIN0045");
        }
    }
}
