package org.openvin.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.Browser;
import org.openvin.Citizens;
import org.openvin.OpenVinTest;
import org.openvin.certificate.codec.QrCodes;
import org.openvin.vaccination.PointOfCare;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The certificate verifier page in a real browser: EU DCC and SMART Health Card checked in the
 * page, a tampered copy refused, a W3C credential checked by the server, and the page still
 * verifying after a reload with the network cut.
 */
@OpenVinTest
class VerifierPageBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
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

    @Test
    void verifiesInThePageRefusesATamperedCopyAndWorksOffline() throws InterruptedException, IOException {
        Api api = new Api(port);
        Api citizen = Citizens.login(api, Citizens.newMobile());
        long centre = PointOfCare.centre(jdbc);
        Api vaccinator = PointOfCare.staff(api, jdbc, passwords, "VACCINATOR", centre);
        String ref = PointOfCare.beneficiary(citizen, "Meera Iyer", "1975");
        var recorded = PointOfCare.record(vaccinator, PointOfCare.dose(ref, null, centre, "COVISHIELD", 1));
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
        String dcc = Certificates.qr(jdbc, citizen, ref, "eu-dcc");
        String shc = Certificates.qr(jdbc, citizen, ref, "shc");
        String w3c = Certificates.qr(jdbc, citizen, ref, "w3c-vc");

        browser.open("/verify?lang=en");
        VerifierPage page = new VerifierPage(browser);
        page.awaitKeys();
        browser.screenshot("en-30-verify");
        browser.checkPage("en-30-verify");

        page.verify(dcc);
        assertThat(page.verdict()).isEqualTo("VALID");
        assertThat(page.holder()).isEqualTo("Meera Iyer");
        assertThat(browser.text("#result")).contains("1975", "Dose 1 of 2");
        browser.screenshot("en-31-verify-valid");
        browser.checkPage("en-31-verify-valid");

        page.verify(Certificates.tampered(dcc));
        assertThat(page.verdict()).isEqualTo("INVALID");
        browser.screenshot("en-32-verify-tampered");
        browser.checkPage("en-32-verify-tampered");

        page.verify(shc);
        assertThat(page.verdict()).isEqualTo("VALID");
        assertThat(page.holder()).isEqualTo("Meera Iyer");
        page.verify(Certificates.tamperedShc(shc));
        assertThat(page.verdict()).isEqualTo("INVALID");
        assertThat(browser.text("#reason")).contains("signature");

        page.verify(w3c);
        assertThat(page.verdict()).isEqualTo("VALID");
        assertThat(browser.text("#result")).contains("Checked by the server");

        // A photo of the QR code: headless Chromium has no BarcodeDetector, so the server reads the
        // picture and the page verifies the text it gets back.
        assertThat(browser.js("return 'BarcodeDetector' in window;")).isEqualTo(false);
        assertThat(browser.text("#scan-note")).contains("read by our server");
        Path photo = Files.createDirectories(Path.of("target", "verifier-photos")).resolve("dcc.png");
        Files.write(photo, QrCodes.euDcc(dcc));
        browser.js("document.querySelector('#result').hidden = true; document.querySelector('#payload').value = '';");
        browser.find("#photo").sendKeys(photo.toAbsolutePath().toString());
        browser.waitUntil("a verdict for the photo", b -> !b.all("#result:not([hidden]) #verdict").isEmpty());
        assertThat(page.verdict()).isEqualTo("VALID");
        assertThat(page.holder()).isEqualTo("Meera Iyer");
        assertThat(browser.find("#payload").getAttribute("value")).isEqualTo(dcc);
        Path blank = photo.resolveSibling("blank.png");
        Files.write(blank, Base64.getDecoder().decode(
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="));
        browser.find("#photo").sendKeys(blank.toAbsolutePath().toString());
        browser.waitUntil("the photo refused", b -> b.text("#scan-note").equals("No QR code found in the picture."));

        page.awaitServiceWorker();
        browser.offline(true);
        browser.open("/verify?lang=en");
        assertThat(browser.text("h1")).isEqualTo("Verify a certificate");
        page.verify(dcc);
        assertThat(page.verdict()).isEqualTo("VALID");
        assertThat(page.holder()).isEqualTo("Meera Iyer");
        page.verify(Certificates.tampered(dcc));
        assertThat(page.verdict()).isEqualTo("INVALID");
        browser.screenshot("en-33-verify-offline");
    }
}
