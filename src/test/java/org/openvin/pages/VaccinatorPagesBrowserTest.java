package org.openvin.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openvin.Browser;
import org.openvin.Citizens;
import org.openvin.OpenVinTest;
import org.openvin.identity.internal.TestAadhaar;
import org.openvin.scheduling.Fixtures;
import org.openvin.scheduling.internal.PublishingSession;
import org.openvin.vaccination.PointOfCare;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * From booking to a verified certificate in one browser: the citizen books a session of today →
 * the vaccinator logs in, finds the appointment by its confirmation number, sees the rule that
 * blocks a wrong dose and records the right one → the citizen downloads the certificate and shows
 * its QR codes → the verifier page says VALID (and refuses a tampered copy), also offline. The
 * same journey runs once more in Hindi.
 */
@OpenVinTest
class VaccinatorPagesBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PublishingSession publishing;
    @Autowired
    PasswordEncoder passwords;

    private Browser browser;

    @BeforeEach
    void start() {
        browser = Browser.start(port);
    }

    @AfterEach
    void stop() {
        browser.offline(false);
        browser.close();
    }

    /** A centre of its own with a session of today, stock and a vaccinator; answers the vaccinator's username. */
    private String centreWithVaccinator(long centre, String pincode) {
        Fixtures.centre(jdbc, centre, 395, pincode);
        PointOfCare.receive(jdbc, centre, "COVISHIELD", PointOfCare.LOT, 20);
        Fixtures.allDaySession(publishing, centre, Fixtures.today(), "COVISHIELD", 20, 20);
        String username = "pages.vaccinator." + centre;
        jdbc.sql("""
                        INSERT INTO staff_account (username, password_hash, name, role, state_id, district_id, centre_id)
                        VALUES (?, ?, 'Vaccinator', 'VACCINATOR', 21, 395, ?) ON CONFLICT DO NOTHING""")
                .params(username, passwords.encode("pages-test-password"), centre).update();
        return username;
    }

    @Test
    void theSameJourneyInHindi(@Autowired MessageSource messages) {
        long centre = 780_000 + ThreadLocalRandom.current().nextInt(9_000);
        String pincode = "48" + (1000 + ThreadLocalRandom.current().nextInt(9_000));
        String username = centreWithVaccinator(centre, pincode);
        var journey = new CitizenJourney(browser, "hi", Citizens.newMobile(), pincode);
        browser.open("/?lang=hi");
        journey.logIn();
        journey.addMember(new CitizenJourney.Member("Sunita Devi", "1975", "1", TestAadhaar.next()));
        String booked = journey.searchAndBook();
        assertThat(booked).startsWith("बुक हो गया।");
        journey.downloadSlip();
        var vaccination = new VaccinationJourney(journey, username, "pages-test-password", PointOfCare.LOT, messages);
        vaccination.vaccinate(booked.replaceAll("\\D*([0-9]{10}).*", "$1"), "Sunita Devi");
        String dcc = vaccination.certificateQr("eu-dcc");
        assertThat(dcc).startsWith("HC1:");
        vaccination.verify(dcc, Certificates.tampered(dcc), "Sunita Devi");
        assertThat(browser.text("#verdict")).as("in Hindi").isEqualTo("अमान्य");
    }

    @Test
    void bookVaccinateDownloadAndVerify() {
        long centre = 790_000 + ThreadLocalRandom.current().nextInt(9_000);
        String pincode = "49" + (1000 + ThreadLocalRandom.current().nextInt(9_000));
        String username = centreWithVaccinator(centre, pincode);

        String mobile = Citizens.newMobile();
        var journey = new CitizenJourney(browser, "en", mobile, pincode);
        browser.open("/?lang=en");
        journey.logIn();
        journey.addMember(new CitizenJourney.Member("Kavya Menon", "1985", "1", TestAadhaar.next()));
        String booked = journey.searchAndBook();
        String confirmation = booked.replaceAll(".*confirmation number is ([A-Za-z0-9-]+).*", "$1");
        browser.submit("header form button[type=submit]");

        browser.open("/vaccinator");
        assertThat(browser.path()).isEqualTo("/staff/login");
        browser.fill("username", username);
        browser.fill("password", "pages-test-password");
        browser.submit("main form button[type=submit]");
        browser.open("/vaccinator");
        assertThat(browser.text(".queue")).contains("Kavya Menon", confirmation);
        browser.screenshot("en-20-console");
        browser.checkPage("en-20-console");

        browser.choose("by", "confirmation");
        browser.fill("q", confirmation);
        browser.submit("#find button[type=submit]");
        assertThat(browser.text(".person h3")).isEqualTo("Kavya Menon");
        assertThat(browser.js("return location.search;")).as("no search term in the URL").isEqualTo("");
        browser.screenshot("en-21-console-found");
        browser.checkPage("en-21-console-found");
        browser.submit(".person a.button");
        assertThat(browser.path()).startsWith("/vaccinator/dose");
        assertThat(browser.find("#dose").getAttribute("value")).isEqualTo("1");
        assertThat(browser.find("#lot").getAttribute("value")).isEqualTo(PointOfCare.LOT);
        assertThat(browser.all("#overrideReason")).as("only a facility admin may override").isEmpty();
        browser.screenshot("en-22-dose");
        browser.checkPage("en-22-dose");

        browser.fill("dose", "2");
        browser.submit("#dose-form button[type=submit]");
        assertThat(browser.text("#refusal")).contains("Dose 1 comes first", "VACCIN0001");
        assertThat(browser.find("#dose").getAttribute("aria-invalid")).as("the refusal marks the dose number").isEqualTo("true");
        assertThat(browser.find("#dose").getAttribute("aria-describedby")).isEqualTo("refusal");
        assertThat(browser.find("#lot").getAttribute("aria-invalid")).isNull();
        browser.screenshot("en-23-dose-refused");
        browser.checkPage("en-23-dose-refused");
        browser.fill("dose", "1");
        browser.submit("#dose-form button[type=submit]");
        assertThat(browser.path()).isEqualTo("/vaccinator");
        assertThat(browser.text(".notice")).startsWith("Dose 1 recorded for Kavya Menon.");
        assertThat(browser.all(".queue")).isEmpty();

        // She faints a few minutes later: the vaccinator reports it against that dose from the console.
        browser.choose("by", "confirmation");
        browser.fill("q", confirmation);
        browser.submit("#find button[type=submit]");
        browser.submit(".person a[href^='/vaccinator/side-effects']");
        assertThat(browser.path()).startsWith("/vaccinator/side-effects");
        browser.checkPage("en-28-staff-side-effect");
        browser.js("document.querySelector('#onsetDate').value = arguments[0];", Fixtures.today().toString());
        browser.submit("#aefi-form button[type=submit]");
        assertThat(browser.text("#symptoms-error")).as("a refusal next to the field").isEqualTo("Tick at least one symptom.");
        assertThat(browser.find("fieldset[aria-describedby=symptoms-error]").isDisplayed()).isTrue();
        assertThat(browser.find("#onsetDate").getAttribute("value")).as("what was typed is kept")
                .isEqualTo(Fixtures.today().toString());
        browser.checkPage("en-29-staff-side-effect-refused");
        browser.find("input[name=symptoms][value=SYNCOPE]").click();
        browser.submit("#aefi-form button[type=submit]");
        assertThat(browser.path()).isEqualTo("/vaccinator");
        assertThat(browser.text(".notice")).contains("side effect of Kavya Menon has been reported");
        browser.submit("header form button[type=submit]");

        journey.logIn();
        browser.waitUntil("the certificate issued", b -> {
            b.open("/account");
            return !b.all(".member a[href$='/pdf']").isEmpty();
        });
        journey.shot("24-account-certificate");
        var pdf = browser.download(browser.find(".member a[href$='/pdf']").getAttribute("href"));
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(new String(pdf.body(), 0, 5)).isEqualTo("%PDF-");

        browser.submit(".member a[href^='/account/side-effects']");
        browser.js("document.querySelector('#onsetDate').value = arguments[0];", Fixtures.today().toString());
        browser.find("input[name=symptoms][value=FEVER]").click();
        journey.shot("28-side-effect");
        browser.submit("#aefi-form button[type=submit]");
        assertThat(browser.all("main .error")).as("refusal on the side-effect form: %s", browser.pageText()).isEmpty();
        assertThat(browser.text(".notice")).contains("side effect of Kavya Menon has been reported");

        browser.submit(".member a[href$='format=eu-dcc']");
        journey.shot("25-qr-eu-dcc");
        String dcc = browser.find("#qr-text").getAttribute("value");
        assertThat(dcc).startsWith("HC1:");
        var png = browser.download(browser.find("img.qr").getAttribute("src"));
        assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
        browser.open("/account");
        browser.submit(".member a[href$='format=shc']");
        String shc = browser.find("#qr-text").getAttribute("value");
        assertThat(shc).startsWith("shc:/");

        browser.open("/verify");
        VerifierPage verifier = new VerifierPage(browser);
        verifier.awaitKeys();
        verifier.verify(dcc);
        assertThat(verifier.verdict()).isEqualTo("VALID");
        assertThat(verifier.holder()).isEqualTo("Kavya Menon");
        journey.shot("26-verify-valid");
        verifier.verify(Certificates.tampered(dcc));
        assertThat(verifier.verdict()).isEqualTo("INVALID");
        verifier.verify(shc);
        assertThat(verifier.verdict()).isEqualTo("VALID");
        assertThat(verifier.holder()).isEqualTo("Kavya Menon");
        verifier.verify(Certificates.tamperedShc(shc));
        assertThat(verifier.verdict()).isEqualTo("INVALID");

        verifier.awaitServiceWorker();
        browser.offline(true);
        browser.open("/verify");
        verifier.verify(dcc);
        assertThat(verifier.verdict()).isEqualTo("VALID");
        assertThat(verifier.holder()).isEqualTo("Kavya Menon");
        browser.screenshot("en-27-verify-offline");
        browser.offline(false);

        // Both reports, the vaccinator's and the citizen's, are counted against the lot the dose came from.
        browser.open("/account");
        browser.submit("header form button[type=submit]");
        browser.open("/staff/login");
        browser.fill("username", username);
        browser.fill("password", "pages-test-password");
        browser.submit("main form button[type=submit]");
        browser.open("/staff/aefi");
        assertThat(browser.text("#per-lot tbody tr")).isEqualTo("COVISHIELD " + PointOfCare.LOT + " 2 0 1 1");
        assertThat(browser.pageText()).contains("Fainting", "Fever");
        browser.screenshot("en-30-staff-aefi-per-lot");
        browser.checkPage("en-30-staff-aefi-per-lot");
        assertThat(jdbc.sql("""
                        SELECT string_agg(source || ' ' || lot_number, ',' ORDER BY source) FROM aefi_report r
                        JOIN vaccination v ON v.id = r.vaccination_id WHERE v.centre_id = ? AND r.lot_id IS NOT NULL""")
                .param(centre).query(String.class).single())
                .isEqualTo("CITIZEN " + PointOfCare.LOT + ",STAFF " + PointOfCare.LOT);
    }
}
