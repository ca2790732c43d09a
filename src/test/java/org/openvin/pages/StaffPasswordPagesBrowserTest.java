package org.openvin.pages;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openvin.Browser;
import org.openvin.OpenVinTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The staff password pages in a real browser: a one-time password must be replaced at the first sign-in. */
@OpenVinTest
class StaffPasswordPagesBrowserTest {

    static final String ONE_TIME = "Xk7p-9mQa-Rt4w-Hb2n-Zc8v";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PasswordEncoder passwords;

    private Browser browser;

    @BeforeEach
    void start() {
        jdbc.sql("""
                        INSERT INTO staff_account (username, password_hash, name, role, state_id, district_id, centre_id,
                                                   must_change_password)
                        VALUES ('pages.pw.vac', ?, 'New Vaccinator', 'VACCINATOR', 21, 395, 703501, true)
                        ON CONFLICT DO NOTHING""")
                .param(passwords.encode(ONE_TIME)).update();
        jdbc.sql("""
                        INSERT INTO staff_account (username, password_hash, name, role, state_id, district_id)
                        VALUES ('pages.pw.admin', ?, 'District admin', 'DISTRICT_ADMIN', 21, 395) ON CONFLICT DO NOTHING""")
                .param(passwords.encode("pages-test-password")).update();
        browser = Browser.start(port);
    }

    @AfterEach
    void stop() {
        browser.close();
    }

    private void signIn(String username, String password) {
        browser.open("/staff/login?lang=en");
        browser.fill("username", username);
        browser.fill("password", password);
        browser.submit("main form button[type=submit]");
    }

    @Test
    void aOneTimePasswordLeadsToTheNewPasswordFormBeforeAnythingElse() {
        signIn("pages.pw.vac", ONE_TIME);
        assertThat(browser.path()).isEqualTo("/staff/login");
        assertThat(browser.text("h1")).isEqualTo("Choose a new password");

        browser.fill("password", ONE_TIME);
        browser.fill("newPassword", "Password123!");
        browser.fill("repeat", "Password123!");
        browser.submit("#password-form button[type=submit]");
        assertThat(browser.text("#password-error")).contains("too common");
        assertThat(browser.find("#newPassword").getAttribute("aria-invalid")).isEqualTo("true");
        browser.checkPage("en-staff-new-password");

        browser.open("/staff");
        assertThat(browser.path()).as("not signed in before the change").isEqualTo("/staff/login");

        signIn("pages.pw.vac", ONE_TIME);
        browser.fill("password", ONE_TIME);
        browser.fill("newPassword", "harbour violet sixty tram");
        browser.fill("repeat", "harbour violet sixty tram");
        browser.submit("#password-form button[type=submit]");
        assertThat(browser.path()).startsWith("/staff").doesNotStartWith("/staff/login");
        assertThat(browser.text("main")).contains("pages.pw.vac");
        assertThat(jdbc.sql("SELECT must_change_password FROM staff_account WHERE username = 'pages.pw.vac'")
                .query(Boolean.class).single()).isFalse();
    }

    @Test
    void anAdminResetsAPasswordAndSeesTheOneTimePasswordOnce() {
        signIn("pages.pw.admin", "pages-test-password");
        browser.open("/staff/accounts?lang=en");
        browser.submit("button[aria-label='Reset the password of pages.pw.vac']");
        String shown = browser.text("#reset code");
        assertThat(shown).matches("[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){4}");
        assertThat(browser.text("#accounts")).contains("one-time password");
        browser.checkPage("en-staff-accounts-reset");
        String hash = jdbc.sql("SELECT password_hash FROM staff_account WHERE username = 'pages.pw.vac'").query(String.class)
                .single();
        assertThat(passwords.matches(shown, hash)).isTrue();
    }
}
