package org.openvin.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openvin.Browser;
import org.openvin.Citizens;
import org.openvin.OpenVinTest;
import org.openvin.identity.internal.TestAadhaar;
import org.openvin.scheduling.Fixtures;
import org.openvin.scheduling.internal.PublishingSession;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The citizen portal in a real browser, India profile: the whole journey in English and in Hindi. */
@OpenVinTest
class CitizenPagesBrowserTest {

    private static final long CENTRE = 703_001;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PublishingSession publishing;

    private Browser browser;

    @BeforeAll
    static void centreWithSessions(@Autowired JdbcClient jdbc, @Autowired PublishingSession publishing) {
        Fixtures.centre(jdbc, CENTRE, 395, "400080");
        Fixtures.session(publishing, CENTRE, Fixtures.today().plusDays(1), "COVISHIELD", 50, 50, 18, null);
        Fixtures.session(publishing, CENTRE, Fixtures.today().plusDays(2), "COVISHIELD", 30, 30, 45, null);
    }

    @BeforeEach
    void start() {
        browser = Browser.start(port);
    }

    @AfterEach
    void stop() {
        browser.close();
    }

    private CitizenJourney.Member member(String name) {
        return new CitizenJourney.Member(name, "1980", "1", TestAadhaar.next());
    }

    @Test
    void englishJourneyLogInAddMemberSearchBookSlipRescheduleCancel() {
        var journey = new CitizenJourney(browser, "en", Citizens.newMobile(), "400080");
        browser.open("/?lang=en");
        assertThat(browser.find("html").getAttribute("lang")).isEqualTo("en");
        journey.logIn();
        journey.addMember(member("Asha Rao"));
        assertThat(journey.searchAndBook()).startsWith("Booked. Your confirmation number is ");
        journey.downloadSlip();

        browser.submit("a[href$='/reschedule']");
        journey.shot("08-reschedule");
        browser.find("input[name=choice]").click();
        browser.submit("main form button[type=submit]");
        assertThat(browser.text(".notice")).isEqualTo("Your appointment has been moved.");
        browser.submit(".appointment form button");
        assertThat(browser.text(".notice")).isEqualTo("Your appointment has been cancelled.");
        assertThat(browser.all(".appointment")).isEmpty();

        browser.open("/account/mobile");
        journey.shot("09-mobile");
    }

    @Test
    void hindiJourneyThroughTheWholeBooking() {
        var journey = new CitizenJourney(browser, "hi", Citizens.newMobile(), "400080");
        browser.open("/?lang=hi");
        assertThat(browser.find("html").getAttribute("lang")).isEqualTo("hi");
        assertThat(browser.text("h1")).isEqualTo("टीकाकरण केंद्र खोजें");
        journey.logIn();
        assertThat(browser.text("h1")).isEqualTo("मेरा खाता");
        journey.addMember(member("Ravi Kumar"));
        assertThat(journey.searchAndBook()).startsWith("बुक हो गया।");
        journey.downloadSlip();
    }

    @Test
    void errorsAreShownNextToTheFieldThatCausedThem() {
        browser.open("/login?lang=en");
        browser.fill("mobile", "12345");
        browser.submit("main form button[type=submit]");
        assertThat(browser.text("#mobile-error")).isEqualTo("Please enter a valid mobile number");
        assertThat(browser.find("#mobile").getAttribute("aria-describedby")).isEqualTo("mobile-error");
        browser.screenshot("en-10-login-error");
        browser.checkPage("en-10-login-error");

        browser.open("/search?pincode=12&lang=hi");
        assertThat(browser.text("#pincode-error")).isEqualTo("पिन कोड सही नहीं है।");
    }

    @Test
    void theDistrictPickerFillsWithHtmxAndTheSearchShowsTheWeek() {
        browser.open("/search?lang=en");
        browser.choose("state", "21");
        browser.waitUntil("districts of Maharashtra loaded by htmx",
                b -> b.all("#district option[value='395']").size() == 1);
        browser.choose("district", "395");
        browser.submit("form:has(#district) button[type=submit]");
        assertThat(browser.path()).contains("district=395");
        assertThat(browser.all("article.centre")).isNotEmpty();
        assertThat(browser.all("article.centre").getFirst().findElements(org.openqa.selenium.By.cssSelector(".day")))
                .hasSize(7);
        browser.screenshot("en-11-district-search");
        browser.checkPage("en-11-district-search");
    }

    @Test
    void aDistrictAdminLogsInAndSeesTheCentresAndSessionsOfTheDistrict(@Autowired PasswordEncoder passwords) {
        jdbc.sql("""
                        INSERT INTO staff_account (username, password_hash, name, role, state_id, district_id)
                        VALUES ('pages.district', ?, 'District admin', 'DISTRICT_ADMIN', 21, 395)
                        ON CONFLICT DO NOTHING""")
                .param(passwords.encode("pages-test-password")).update();
        browser.open("/staff/centres?lang=en");
        assertThat(browser.path()).isEqualTo("/staff/login");
        browser.fill("username", "pages.district");
        browser.fill("password", "wrong");
        browser.submit("main form button[type=submit]");
        assertThat(browser.all("#login-error")).hasSize(1);
        browser.fill("password", "pages-test-password");
        browser.screenshot("en-12-staff-login");
        browser.checkPage("en-12-staff-login");
        browser.submit("main form button[type=submit]");
        assertThat(browser.path()).startsWith("/staff/centres");
        assertThat(browser.text("main")).contains("Centre " + CENTRE, "COVISHIELD", "0 / 50");
        browser.screenshot("en-13-staff-centres");
        browser.checkPage("en-13-staff-centres");
    }

    @Test
    void pagesOfTheAccountNeedALogin() {
        browser.open("/account?lang=en");
        assertThat(browser.path()).startsWith("/login");
        browser.open("/book?session=" + UUID.randomUUID());
        assertThat(browser.path()).startsWith("/login");
    }
}
