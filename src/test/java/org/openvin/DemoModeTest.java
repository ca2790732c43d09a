package org.openvin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * What the README's run command gives a newcomer: demo data, demo staff, the SMS outbox, and an
 * embedded database whose data survives a restart. Started as a real application with its own
 * data directory (not the shared test database).
 */
class DemoModeTest {

    @TempDir
    Path dir;

    private ConfigurableApplicationContext start(boolean demo) {
        return new SpringApplicationBuilder(OpenVinApplication.class).run("--server.port=0", "--management.server.port=0",
                "--openvin.demo=" + demo, "--openvin.embedded-db.dir=" + dir.resolve("postgres"),
                "--openvin.keys.dir=" + dir.resolve("keys"), "--openvin.embedded-db.durable=false");
    }

    private static Api api(ConfigurableApplicationContext app) {
        return new Api(((WebServerApplicationContext) app).getWebServer().getPort());
    }

    @Test
    void demoDataStaffAndOutboxThenARestartKeepsEverythingAndDemoOffHidesTheOutbox() {
        String mobile = "9812345678";
        String day = LocalDate.now(ZoneId.of("Asia/Kolkata")).plusDays(13).format(DateTimeFormatter.ofPattern("dd-MM-yyyy"));
        try (var app = start(true)) {
            Api api = api(app);
            // Demo mode: only this machine can reach it, and the API document is there to try.
            assertThat(app.getEnvironment().getProperty("server.address")).isEqualTo("127.0.0.1");
            assertThat(api.get("/v3/api-docs").status()).isEqualTo(200);
            for (String pin : new String[]{"400080", "560001"}) {
                JsonNode centres = api.get("/api/v2/appointment/sessions/public/calendarByPin?pincode=" + pin + "&date=" + day)
                        .json().get("centers");
                assertThat(centres).as("demo centres at " + pin + " with sessions 13 days ahead").isNotEmpty();
                assertThat(centres.get(0).get("sessions")).isNotEmpty();
            }
            for (String user : new String[]{"national.admin", "state.admin", "district.admin", "facility.admin", "vaccinator"}) {
                var login = api.post("/api/v2/auth/staff/login", Map.of("username", user, "password", "openvin-demo"));
                assertThat(login.status()).as(user).isEqualTo(200);
            }
            Api national = Citizens.staff(api, "national.admin", "openvin-demo");
            assertThat(national.get("/api/v2/admin/stock/lots").body()).as("demo lots a vaccinator can record doses from")
                    .contains("DEMO-COVISHIELD", "DEMO-COVAXIN");
            api.post("/api/v2/auth/public/generateOTP", Map.of("mobile", mobile));
            JsonNode outbox = api.get("/api/dev/sms?mobile=" + mobile).json();
            assertThat(outbox).hasSize(1);
            assertThat(outbox.get(0).get("text").asString()).containsPattern("\\d{6}");
            assertThat(api.get("/api/dev/sms?mobile=abc").status()).isEqualTo(400);

            // The whole OTP journey through the demo outbox (not the test inbox): send, read, confirm, use.
            String other = "9812345679";
            String txn = api.post("/api/v2/auth/public/generateOTP", Map.of("mobile", other)).json().get("txnId").asString();
            var matcher = java.util.regex.Pattern.compile("\\b(\\d{6})\\b")
                    .matcher(api.get("/api/dev/sms?mobile=" + other).json().get(0).get("text").asString());
            assertThat(matcher.find()).isTrue();
            var confirmed = api.post("/api/v2/auth/public/confirmOTP", Map.of("txnId", txn, "otp", sha256(matcher.group(1))));
            assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
            var beneficiaries = api.with("Authorization", "Bearer " + confirmed.json().get("token").asString())
                    .get("/api/v2/appointment/beneficiaries");
            assertThat(beneficiaries.status()).isEqualTo(200);
        }
        try (var app = start(false)) {
            Api api = api(app);
            assertThat(app.getEnvironment().getProperty("server.address")).as("listens where configured").isNull();
            assertThat(api.get("/v3/api-docs").status()).isEqualTo(404);
            assertThat(api.get("/swagger-ui.html").status()).isEqualTo(404);
            // Written before the restart, still there after it: the demo centre and the OTP request.
            assertThat(api.get("/api/v2/appointment/sessions/public/calendarByPin?pincode=400080&date=" + day)
                    .json().get("centers")).isNotEmpty();
            var again = api.post("/api/v2/auth/public/generateOTP", Map.of("mobile", mobile));
            assertThat(again.status()).isEqualTo(429); // the resend gap counts the OTP sent before the restart
            var outbox = api.get("/api/dev/sms?mobile=" + mobile);
            assertThat(outbox.status()).isEqualTo(404);
            assertThat(outbox.json().get("errorCode").asString()).isEqualTo("NOT_FOUND");
        }
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
