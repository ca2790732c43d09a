package org.openvin.pages;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.OpenVinTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** What the pages send over the wire: compression, CSP, CSRF, login redirects, the language cookie. */
@OpenVinTest
class PagesHttpTest {

    @LocalServerPort
    int port;

    @Test
    void pagesAndTheirAssetsAreCompressedAndWithinBudget() {
        Api api = new Api(port).with("Accept-Encoding", "gzip");
        long total = 0;
        for (String path : new String[]{"/search?pincode=400080", "/css/openvin.css",
                "/webjars/htmx.org/2.0.4/dist/htmx.min.js"}) {
            var answer = api.get(path);
            assertThat(answer.status()).as(path).isEqualTo(200);
            assertThat(answer.header("Content-Encoding")).as(path).isEqualTo("gzip");
            total += answer.bytes().length;
        }
        assertThat(total).as("search page + CSS + htmx, gzipped").isLessThan(150 * 1024);
    }

    @Test
    void outsideDemoModeTheOtpPageHasNoDemoHint() {
        PageVisitor visitor = new PageVisitor(port);
        visitor.get("/login");
        var otpPage = visitor.post("/login", java.util.Map.of("mobile", org.openvin.Citizens.newMobile()));
        assertThat(otpPage.path()).isEqualTo("/login/otp");
        assertThat(otpPage.body()).doesNotContain("demo-otp", "/api/dev/sms");
    }

    @Test
    void pagesCarryAStrictContentSecurityPolicy() {
        String csp = new Api(port).get("/").header("Content-Security-Policy");
        assertThat(csp).contains("default-src 'self'", "script-src 'self'", "style-src 'self'")
                .doesNotContain("unsafe-inline");
    }

    @Test
    void aFormPostedWithoutItsCsrfTokenIsRefused() {
        var answer = new Api(port).with("Accept", "text/html").with("Content-Type", "application/x-www-form-urlencoded")
                .method("POST", "/login", "mobile=9876543210");
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.body()).contains("<title>403 — OpenVIN</title>", "href=\"/css/openvin.css\"");
    }

    @Test
    void anUnknownPageShowsTheErrorPageInTheLayout() {
        var missing = new Api(port).with("Accept", "text/html").get("/no-such-page");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).startsWith("text/html");
        assertThat(missing.body()).contains("<title>404 — OpenVIN</title>", "lang=\"en\"");
    }

    @Test
    void citizenPagesSendAnonymousVisitorsToTheLoginAndStaffPagesToTheStaffLogin() {
        var account = new Api(port).get("/account");
        assertThat(account.status()).isEqualTo(302);
        assertThat(account.header("Location")).endsWith("/login");
        var staff = new Api(port).get("/staff");
        assertThat(staff.status()).isEqualTo(302);
        assertThat(staff.header("Location")).endsWith("/staff/login");
    }

    @Test
    void langSelectsAnOfferedLanguageAndRemembersItInACookie() {
        var hindi = new Api(port).get("/?lang=hi");
        assertThat(hindi.body()).contains("lang=\"hi\"", "टीकाकरण केंद्र खोजें");
        assertThat(hindi.header("Set-Cookie")).startsWith("openvin-lang=hi");
        var remembered = new Api(port).with("Cookie", "openvin-lang=hi").get("/login");
        assertThat(remembered.body()).contains("lang=\"hi\"");
        var notOffered = new Api(port).get("/?lang=fr");
        assertThat(notOffered.body()).contains("lang=\"en\"");
    }
}
