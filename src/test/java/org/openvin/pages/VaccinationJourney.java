package org.openvin.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.Locale;
import org.openvin.Browser;
import org.springframework.context.MessageSource;

/**
 * The journey after a booking, in whatever language the browser has chosen: the vaccinator logs
 * in, finds the appointment by its confirmation number and records the dose with the lot the
 * console offers → the citizen logs in again and sees the certificate → its QR is validated on the
 * verifier page, and a tampered copy is refused. Expected texts come from the message bundles of
 * the journey's language, so the same steps run in every language.
 */
record VaccinationJourney(CitizenJourney citizen, String username, String password, String lot, MessageSource messages) {

    private Browser browser() {
        return citizen.browser();
    }

    private String text(String key) {
        return messages.getMessage(key, null, Locale.forLanguageTag(citizen.lang()));
    }

    /** From the citizen's account page: logs out, vaccinates on the console, logs the citizen back in. */
    void vaccinate(String confirmation, String name) {
        Browser browser = browser();
        browser.submit("header form button[type=submit]");
        browser.open("/vaccinator");
        assertThat(browser.path()).isEqualTo("/staff/login");
        browser.fill("username", username);
        browser.fill("password", password);
        browser.submit("main form button[type=submit]");
        browser.open("/vaccinator");
        assertThat(browser.text("h1")).isEqualTo(text("console.title"));
        assertThat(browser.text(".queue")).contains(name, confirmation);
        citizen.shot("20-console");
        browser.choose("by", "confirmation");
        browser.fill("q", confirmation);
        browser.submit("#find button[type=submit]");
        assertThat(browser.text(".person h3")).isEqualTo(name);
        assertThat(browser.text(".person")).as("a year of birth is not a grouped number").doesNotContainPattern("\\d,\\d{3}");
        noReferenceIdInLinks();
        browser.submit(".person a.button[href^='/vaccinator/dose']");
        assertThat(browser.js("return location.href;").toString()).doesNotContainPattern("\\d{14}");
        assertThat(browser.find("#lot").getAttribute("value")).isEqualTo(lot);
        citizen.shot("21-dose");
        browser.submit("#dose-form button[type=submit]");
        assertThat(browser.path()).isEqualTo("/vaccinator");
        assertThat(browser.text(".notice")).contains(name);
        browser.submit("header form button[type=submit]");
        citizen.logIn();
    }

    /** Waits for the certificate on the account page and returns the text of its QR in {@code format}. */
    String certificateQr(String format) {
        Browser browser = browser();
        browser.waitUntil("the certificate issued", b -> {
            b.open("/account");
            return !b.all(".member a[href$='format=" + format + "']").isEmpty();
        });
        noReferenceIdInLinks();
        browser.submit(".member a[href$='format=" + format + "']");
        assertThat(browser.js("return location.href;").toString()).doesNotContainPattern("\\d{14}");
        citizen.shot("22-qr-" + format);
        return browser.find("#qr-text").getAttribute("value");
    }

    /** A beneficiary reference id (14 digits) identifies the person: links name people by a session handle instead. */
    private void noReferenceIdInLinks() {
        var links = browser().all("a[href], img[src]").stream()
                .map(e -> e.getAttribute(e.getTagName().equals("img") ? "src" : "href")).toList();
        assertThat(links).isNotEmpty().noneMatch(link -> link.matches(".*\\d{14}.*"));
    }

    /** The short name of the month, in the journey's language, {@code days} from today here: the country's today may be another day. */
    private String month(int days) {
        return LocalDate.now().plusDays(days).getMonth().getDisplayName(TextStyle.SHORT, Locale.forLanguageTag(citizen.lang()));
    }

    /** The verifier page says valid, with the holder's name, for the QR and invalid for a copy with one byte changed. */
    void verify(String qr, String tampered, String name) {
        Browser browser = browser();
        browser.open("/verify");
        VerifierPage verifier = new VerifierPage(browser);
        verifier.awaitKeys();
        verifier.verify(qr);
        assertThat(verifier.verdict()).isEqualTo(text("verify.valid"));
        assertThat(verifier.holder()).isEqualTo(name);
        assertThat(browser.text("#result")).as("the dose date in the page's language, not ISO")
                .doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}")
                .containsAnyOf(month(-1), month(0), month(1));
        citizen.shot("23-verify-valid");
        verifier.verify(tampered);
        assertThat(verifier.verdict()).isEqualTo(text("verify.invalid"));
        browser.screenshot(citizen.lang() + "-24-verify-tampered");
    }
}
