package org.openvin.pages;

import static org.assertj.core.api.Assertions.assertThat;

import org.openvin.Browser;
import org.openvin.TestSms;

/**
 * The citizen's journey through the pages, in whatever language the browser has chosen: OTP login
 * (the code read from the SMS the test phone received) → add a member → search by postal code →
 * book → download the slip. Every page on the way is screenshotted, checked for accessibility and
 * weighed against the budget.
 */
record CitizenJourney(Browser browser, String lang, String mobile, String pincode) {

    record Member(String name, String birthYear, String idType, String idNumber) {
    }

    void logIn() {
        browser.open("/");
        shot("01-home");
        browser.submit("main a[href='/login']");
        browser.fill("mobile", mobile);
        shot("02-login");
        browser.submit("main form button[type=submit]");
        assertThat(browser.path()).isEqualTo("/login/otp");
        browser.fill("otp", TestSms.lastOtp(mobile));
        shot("03-otp");
        browser.submit("main form button[type=submit]");
        assertThat(browser.path()).isEqualTo("/account");
    }

    void addMember(Member member) {
        browser.fill("name", member.name());
        browser.fill("birthYear", member.birthYear());
        browser.choose("photoIdType", member.idType());
        browser.fill("photoIdNumber", member.idNumber());
        browser.submit("#add-member button[type=submit]");
        assertThat(browser.path()).isEqualTo("/account");
        assertThat(browser.text(".member h3")).isEqualTo(member.name());
        assertThat(browser.text(".member .muted")).doesNotContain(member.idNumber())
                .contains(member.idNumber().substring(member.idNumber().length() - 4));
        shot("04-account");
    }

    /** Searches by postal code and books the first bookable session; returns the confirmation text. */
    String searchAndBook() {
        browser.open("/search");
        browser.fill("pincode", pincode);
        browser.submit("form:has(#pincode) button[type=submit]");
        assertThat(browser.all("article.centre")).as("centres at " + pincode).isNotEmpty();
        shot("05-search");
        browser.submit("a.button[href^='/book']");
        assertThat(browser.path()).startsWith("/book");
        shot("06-book");
        browser.submit("main form button[type=submit]");
        assertThat(browser.path()).isEqualTo("/account");
        assertThat(browser.all(".notice")).isNotEmpty();
        assertThat(browser.all(".appointment")).hasSize(1);
        shot("07-booked");
        return browser.text(".notice");
    }

    void downloadSlip() {
        String href = browser.find("a[href$='/slip']").getAttribute("href");
        var slip = browser.download(href);
        assertThat(slip.statusCode()).isEqualTo(200);
        assertThat(slip.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(new String(slip.body(), 0, 5)).isEqualTo("%PDF-");
        assertThat(href).doesNotContain(mobile);
    }

    void shot(String name) {
        browser.screenshot(lang + "-" + name);
        browser.checkPage(lang + "-" + name);
    }
}
