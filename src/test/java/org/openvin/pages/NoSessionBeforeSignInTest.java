package org.openvin.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.Citizens;
import org.openvin.OpenVinTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A visitor who has not signed in costs the server no stored session (anyone could otherwise fill
 * the session table with GETs of /login), yet every form post still needs its CSRF token.
 */
@OpenVinTest
class NoSessionBeforeSignInTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    private long sessions() {
        return jdbc.sql("SELECT count(*) FROM spring_session").query(Long.class).single();
    }

    @Test
    void anonymousPagesStoreNoSession() {
        long before = sessions();
        Api anonymous = new Api(port).with("Accept", "text/html");
        for (int i = 0; i < 100; i++) {
            var login = anonymous.get("/login");
            assertThat(login.status()).isEqualTo(200);
            assertThat(login.body()).contains("name=\"_csrf\"");
        }
        for (String page : List.of("/", "/search?pincode=400080", "/staff/login", "/login/otp", "/verify", "/dashboard",
                "/account", "/staff", "/vaccinator")) {
            assertThat(anonymous.get(page).status()).as(page).isIn(200, 302);
        }
        assertThat(sessions()).isEqualTo(before);
    }

    @Test
    void aFormPostWithoutItsCsrfTokenIsStillRefused() {
        long before = sessions();
        String mobile = Citizens.newMobile();
        var withoutToken = new Api(port).post("/login", "application/x-www-form-urlencoded", ("mobile=" + mobile).getBytes());
        assertThat(withoutToken.status()).isEqualTo(403);
        var staffWithoutToken = new Api(port).post("/staff/login", "application/x-www-form-urlencoded",
                "username=vaccinator&password=openvin-demo".getBytes());
        assertThat(staffWithoutToken.status()).isEqualTo(403);

        PageVisitor visitor = new PageVisitor(port);
        visitor.get("/login");
        assertThat(sessions()).isEqualTo(before);
        // With the token the visitor gets on, and the session starts when the OTP is sent.
        var otp = visitor.post("/login", Map.of("mobile", mobile));
        assertThat(otp.path()).isEqualTo("/login/otp");
        assertThat(sessions()).isEqualTo(before + 1);
        var account = visitor.post("/login/otp", Map.of("otp", org.openvin.TestSms.lastOtp(mobile)));
        assertThat(account.path()).isEqualTo("/account");
    }

    @Test
    void afterLoginTheVisitorIsSentBackToThePageAsked() {
        String mobile = Citizens.newMobile();
        PageVisitor visitor = new PageVisitor(port);
        var login = visitor.get("/account/mobile");
        assertThat(login.path()).isEqualTo("/login");
        visitor.post("/login", Map.of("mobile", mobile));
        var landed = visitor.post("/login/otp", Map.of("otp", org.openvin.TestSms.lastOtp(mobile)));
        assertThat(landed.path()).isEqualTo("/account/mobile");
    }
}
