package org.openvin.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openvin.Api;
import org.openvin.OpenVinApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/**
 * A newcomer in a browser after {@code ./mvnw spring-boot:run}: the home page leads to the
 * dashboard, the verifier and the staff log-in, and the OTP page says where the demo OTP is —
 * the whole login works from the pages alone.
 */
class DemoPagesTest {

    @TempDir
    Path dir;

    @Test
    void theHomePageLeadsEverywhereAndTheOtpPageSaysWhereTheDemoOtpIs() {
        try (var app = new SpringApplicationBuilder(OpenVinApplication.class).run("--server.port=0", "--openvin.demo=true",
                "--openvin.embedded-db.dir=" + dir.resolve("postgres"), "--openvin.keys.dir=" + dir.resolve("keys"),
                "--openvin.embedded-db.durable=false")) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            PageVisitor visitor = new PageVisitor(port);

            for (String lang : new String[]{"en", "hi"}) {
                String home = visitor.get("/?lang=" + lang).body();
                assertThat(home).as(lang).contains("href=\"/dashboard\"", "href=\"/verify\"", "href=\"/staff/login\"");
            }
            assertThat(visitor.get("/?lang=hi").body()).contains("डैशबोर्ड", "कर्मचारी लॉग इन");
            visitor.get("/?lang=en");

            String mobile = "9812345601";
            visitor.get("/login");
            var otpPage = visitor.post("/login", Map.of("mobile", mobile));
            assertThat(otpPage.path()).isEqualTo("/login/otp");
            assertThat(otpPage.body()).contains("id=\"demo-otp\"", "Demo mode");
            Matcher link = Pattern.compile("href=\"(/api/dev/sms\\?mobile=\\d+)\"").matcher(otpPage.body());
            assertThat(link.find()).isTrue();
            Matcher otp = Pattern.compile("\\b(\\d{6})\\b")
                    .matcher(new Api(port).get(link.group(1)).json().get(0).get("text").asString());
            assertThat(otp.find()).isTrue();
            assertThat(visitor.post("/login/otp", Map.of("otp", otp.group(1))).path()).isEqualTo("/account");
        }
    }
}
