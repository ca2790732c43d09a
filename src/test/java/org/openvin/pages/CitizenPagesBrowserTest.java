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
import org.openvin.TestSms;
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
        assertThat(TestSms.messagesTo(journey.mobile()).getLast()).endsWith(" is cancelled. - OpenVIN");

        // Switching the pages to Hindi while logged in makes Hindi the account's language, for its SMS and slips.
        assertThat(accountLanguage(journey.mobile())).isEqualTo("en");
        browser.open("/account?lang=hi");
        assertThat(browser.text("h1")).isEqualTo("मेरा खाता");
        assertThat(accountLanguage(journey.mobile())).isEqualTo("hi");
        browser.open("/account?lang=en");
        assertThat(accountLanguage(journey.mobile())).isEqualTo("en");

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
        assertThat(accountLanguage(journey.mobile())).as("logged in on Hindi pages").isEqualTo("hi");
        assertThat(TestSms.messagesTo(journey.mobile()).getLast()).startsWith("आपका टीकाकरण अपॉइंटमेंट ")
                .contains("पुष्टि संख्या");
    }

    private String accountLanguage(String mobile) {
        return jdbc.sql("SELECT coalesce(language, 'none') FROM citizen_account WHERE mobile = ?").param(mobile)
                .query(String.class).single();
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
        browser.screenshot("hi-11-search-error");
        browser.checkPage("hi-11-search-error");

        // A page that does not exist answers 404 with the error page, in the reader's language.
        browser.open("/no-such-page");
        assertThat(browser.text("h1")).isEqualTo("404");
        assertThat(browser.text("main p")).isEqualTo("यह पृष्ठ मौजूद नहीं है।");
        browser.screenshot("hi-12-not-found");
        browser.checkPage("hi-12-not-found");
        browser.open("/?lang=en");
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
        assertThat(browser.find("#password").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.find("#password").getAttribute("aria-describedby")).isEqualTo("login-error");
        browser.fill("password", "pages-test-password");
        browser.screenshot("en-12-staff-login");
        browser.checkPage("en-12-staff-login");
        browser.submit("main form button[type=submit]");
        assertThat(browser.path()).startsWith("/staff/centres");
        assertThat(browser.text("main")).contains("Centre " + CENTRE, "COVISHIELD", "0 / 50");
        browser.screenshot("en-13-staff-centres");
        browser.checkPage("en-13-staff-centres");
        browser.open("/staff");
        assertThat(browser.text("main")).as("the role in words").contains("pages.district (District admin)");
        browser.screenshot("en-13-staff-home");
        browser.checkPage("en-13-staff-home");
        browser.open("/staff/centres");

        // Publishing from the page: a refused form shows the rule next to its field and stores nothing.
        int before = jdbc.sql("SELECT count(*) FROM vaccination_session WHERE centre_id = ?").param(CENTRE)
                .query(Integer.class).single();
        browser.find("#publish-" + CENTRE).findElement(org.openqa.selenium.By.xpath("..")).findElement(
                org.openqa.selenium.By.tagName("summary")).click();
        browser.fill("capacity1-" + CENTRE, "20");
        browser.fill("minAge-" + CENTRE, "45");
        browser.fill("maxAge-" + CENTRE, "30");
        browser.submit("#publish-" + CENTRE + " button[type=submit]");
        assertThat(browser.text("#publish-error-" + CENTRE)).isNotBlank();
        assertThat(browser.find("#maxAge-" + CENTRE).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(jdbc.sql("SELECT count(*) FROM vaccination_session WHERE centre_id = ?").param(CENTRE)
                .query(Integer.class).single()).isEqualTo(before);
        browser.fill("capacity1-" + CENTRE, "20");
        browser.fill("capacity2-" + CENTRE, "five");
        browser.submit("#publish-" + CENTRE + " button[type=submit]");
        assertThat(browser.text("#publish-error-" + CENTRE)).isEqualTo("Places must be whole numbers");
        assertThat(browser.find("#capacity2-" + CENTRE).getAttribute("aria-invalid")).as("the field typed in").isEqualTo("true");
        assertThat(browser.find("#capacity1-" + CENTRE).getAttribute("aria-invalid")).isNull();
        browser.fill("capacity1-" + CENTRE, "20");
        browser.fill("capacity2-" + CENTRE, "5");
        browser.fill("minAge-" + CENTRE, "18");
        browser.fill("maxAge-" + CENTRE, "");
        browser.js("document.getElementById(arguments[0]).value = arguments[1];", "date-" + CENTRE,
                Fixtures.today().plusDays(3).toString());
        browser.submit("#publish-" + CENTRE + " button[type=submit]");
        assertThat(browser.text("main")).contains("Session published.", "0 / 20", "0 / 5");
        assertThat(jdbc.sql("SELECT count(*) FROM vaccination_session WHERE centre_id = ? AND session_date = ?"
                + " AND capacity_dose1 = 20 AND capacity_dose2 = 5").params(CENTRE, Fixtures.today().plusDays(3))
                .query(Integer.class).single()).isOne();
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'SESSION_PUBLISH' AND actor LIKE '%pages.district%'")
                .query(Integer.class).single()).isOne();
        browser.screenshot("en-15-staff-publish");
    }

    @Test
    void aDistrictAdminAddsEditsClosesAndReopensACentre(@Autowired PasswordEncoder passwords) {
        jdbc.sql("""
                        INSERT INTO staff_account (username, password_hash, name, role, state_id, district_id)
                        VALUES ('pages.registry', ?, 'District admin', 'DISTRICT_ADMIN', 21, 395)
                        ON CONFLICT DO NOTHING""")
                .param(passwords.encode("pages-test-password")).update();
        String name = "Sion Hospital " + System.nanoTime() % 100_000;
        browser.open("/staff/centres?district=395&lang=en");
        browser.fill("username", "pages.registry");
        browser.fill("password", "pages-test-password");
        browser.submit("main form button[type=submit]");
        browser.open("/staff/centres?district=395");
        browser.submit("#new-centre");
        assertThat(browser.path()).startsWith("/staff/centres/new");
        assertThat(browser.find("#district").getAttribute("value")).isEqualTo("395");
        browser.checkPage("en-31-centre-new");

        // A refusal is shown next to the field that caused it, what was typed is kept, and nothing is stored.
        browser.fill("name", name);
        browser.fill("address", "Sion Road");
        browser.fill("pincode", "012345");
        browser.submit("#centre-form button[type=submit]");
        assertThat(browser.text("#pincode-error")).isEqualTo("Invalid Pincode");
        assertThat(browser.find("#pincode").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.find("#name").getAttribute("value")).isEqualTo(name);
        assertThat(jdbc.sql("SELECT count(*) FROM centre WHERE name = ?").param(name).query(Integer.class).single()).isZero();
        browser.screenshot("en-32-centre-refused");
        browser.checkPage("en-32-centre-refused");

        browser.fill("pincode", "400022");
        browser.fill("lat", "19.04");
        browser.fill("long", "72.86");
        browser.js("document.getElementById('from').value = '08:00'; document.getElementById('to').value = '14:00';");
        browser.find("#feeType-paid").click();
        browser.fill("fee-COVISHIELD", "250");
        browser.submit("#centre-form button[type=submit]");
        assertThat(browser.path()).isEqualTo("/staff/centres?district=395");
        assertThat(browser.text(".notice")).isEqualTo("The centre is saved.");
        long id = jdbc.sql("SELECT id FROM centre WHERE name = ?").param(name).query(Long.class).single();
        assertThat(jdbc.sql("""
                        SELECT concat_ws(' ', district_id, pincode, lat, lng, opens_at, closes_at, fee_type,
                                         vaccine_fees ->> 'COVISHIELD', active) FROM centre WHERE id = ?""")
                .param(id).query(String.class).single())
                .isEqualTo("395 400022 19.040000 72.860000 08:00:00 14:00:00 Paid 250 t");
        assertThat(browser.text("main")).contains(name);

        browser.open("/staff/centres/" + id + "/edit");
        assertThat(browser.find("#fee-COVISHIELD").getAttribute("value")).isEqualTo("250");
        assertThat(browser.find("#from").getAttribute("value")).isEqualTo("08:00");
        browser.screenshot("en-33-centre-edit");
        browser.checkPage("en-33-centre-edit");
        browser.fill("name", name + " Annexe");
        browser.submit("#centre-form button[type=submit]");
        assertThat(browser.text(".notice")).isEqualTo("The centre is saved.");
        assertThat(jdbc.sql("SELECT name || ' ' || pincode FROM centre WHERE id = ?").param(id).query(String.class).single())
                .isEqualTo(name + " Annexe 400022");

        browser.submit("#active-" + id + " button");
        assertThat(jdbc.sql("SELECT active FROM centre WHERE id = ?").param(id).query(Boolean.class).single()).isFalse();
        assertThat(browser.find("#active-" + id + " button").getText()).isEqualTo("Open the centre again");
        browser.submit("#active-" + id + " button");
        assertThat(jdbc.sql("SELECT active FROM centre WHERE id = ?").param(id).query(Boolean.class).single()).isTrue();
        browser.screenshot("en-33-centre-saved");
        assertThat(jdbc.sql("""
                        SELECT string_agg(action, ',' ORDER BY id) FROM audit_event
                        WHERE subject = ? AND actor LIKE 'staff:%:pages.registry'""")
                .param("centre:" + id).query(String.class).single())
                .isEqualTo("CENTRE_CREATE,CENTRE_EDIT,CENTRE_DEACTIVATE,CENTRE_ACTIVATE");
    }

    @Test
    void aDistrictAdminCreatesAndDisablesAVaccinatorInsideTheDistrictOnly(@Autowired PasswordEncoder passwords) {
        jdbc.sql("""
                        INSERT INTO staff_account (username, password_hash, name, role, state_id, district_id)
                        VALUES ('pages.accounts', ?, 'District admin', 'DISTRICT_ADMIN', 21, 395)
                        ON CONFLICT DO NOTHING""")
                .param(passwords.encode("pages-test-password")).update();
        Fixtures.centre(jdbc, 703_099, 392, "411001");
        browser.open("/staff/accounts?lang=en");
        assertThat(browser.path()).isEqualTo("/staff/login");
        browser.fill("username", "pages.accounts");
        browser.fill("password", "pages-test-password");
        browser.submit("main form button[type=submit]");
        assertThat(browser.path()).startsWith("/staff/accounts");
        // Only roles below a district admin are offered, and only its own district.
        assertThat(browser.all("#role option")).extracting(o -> o.getAttribute("value"))
                .containsExactly("FACILITY_ADMIN", "VACCINATOR");
        assertThat(browser.all("#district option")).extracting(o -> o.getAttribute("value")).containsExactly("", "395");

        // A centre of another district (Thane, 392) is refused next to the centre field, and audited.
        browser.fill("username", "pages.vacc.thane");
        browser.fill("name", "Outside Vaccinator");
        browser.fill("password", "a-long-password");
        browser.choose("role", "VACCINATOR");
        browser.fill("centre", "703099");
        browser.submit("#new-account button[type=submit]");
        assertThat(browser.text("#form-error")).contains("outside your scope");
        assertThat(browser.find("#centre").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(jdbc.sql("SELECT count(*) FROM staff_account WHERE username = 'pages.vacc.thane'").query(Integer.class)
                .single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'STAFF_CREATE' AND subject = 'staff:pages.vacc.thane' AND outcome = 'REFUSED'")
                .query(Integer.class).single()).isOne();

        browser.fill("username", "pages.vacc.mumbai");
        browser.fill("name", "Mumbai Vaccinator");
        browser.fill("password", "a-long-password");
        browser.choose("role", "VACCINATOR");
        browser.fill("centre", String.valueOf(CENTRE));
        browser.submit("#new-account button[type=submit]");
        assertThat(browser.path()).isEqualTo("/staff/accounts");
        assertThat(browser.text("main")).contains("Account pages.vacc.mumbai created.");
        assertThat(browser.text("#accounts")).contains("pages.vacc.mumbai", "Mumbai Vaccinator", "Vaccinator", "#" + CENTRE);
        browser.screenshot("en-14-staff-accounts");
        browser.checkPage("en-14-staff-accounts");

        browser.submit("button[aria-label='Disable pages.vacc.mumbai']");
        assertThat(browser.text("main")).contains("The account is disabled.");
        assertThat(jdbc.sql("SELECT active FROM staff_account WHERE username = 'pages.vacc.mumbai'").query(Boolean.class)
                .single()).isFalse();
    }

    @Test
    void aFacilityAdminReceivesVialsAndWritesOffWastageAndTheLedgerSumsToTheBalance(@Autowired PasswordEncoder passwords) {
        jdbc.sql("""
                        INSERT INTO staff_account (username, password_hash, name, role, state_id, district_id, centre_id)
                        VALUES ('pages.stock', ?, 'Facility admin', 'FACILITY_ADMIN', 21, 395, ?)
                        ON CONFLICT DO NOTHING""")
                .params(passwords.encode("pages-test-password"), CENTRE).update();
        long lot = org.openvin.vaccination.PointOfCare.receive(jdbc, CENTRE, "COVISHIELD", "PAGES-LOT-1", 2);
        browser.open("/staff/stock?lang=en");
        browser.fill("username", "pages.stock");
        browser.fill("password", "pages-test-password");
        browser.submit("main form button[type=submit]");
        assertThat(browser.path()).startsWith("/staff/stock");
        assertThat(browser.text("#held")).contains("COVISHIELD · PAGES-LOT-1", "2", "20");

        browser.choose("receive-lot", String.valueOf(lot));
        browser.fill("receive-vials", "5");
        browser.submit("#receive button[type=submit]");
        assertThat(browser.text("main")).contains("Receipt recorded.");
        assertThat(browser.text("#held")).contains("7", "70");

        // More than the centre holds is refused next to the field, and the ledger is untouched.
        browser.choose("waste-lot", String.valueOf(lot));
        browser.choose("waste-reason", "BROKEN");
        browser.fill("waste-vials", "99");
        browser.submit("#waste button[type=submit]");
        assertThat(browser.text("#waste-error")).contains("7 sealed vial(s)");
        assertThat(browser.find("#waste-vials").getAttribute("aria-invalid")).isEqualTo("true");
        browser.choose("waste-lot", String.valueOf(lot));
        browser.fill("waste-vials", "1");
        browser.submit("#waste button[type=submit]");
        assertThat(browser.text("main")).contains("Wastage written off.");
        assertThat(jdbc.sql("SELECT sealed_vials FROM stock_balance WHERE centre_id = ? AND lot_id = ?").params(CENTRE, lot)
                .query(Integer.class).single()).isEqualTo(6);
        assertThat(jdbc.sql("SELECT sum(vials_delta) FROM stock_ledger WHERE centre_id = ? AND lot_id = ?").params(CENTRE, lot)
                .query(Integer.class).single()).isEqualTo(6);
        // A transfer to another centre of the district: two ledger rows, one balance each side.
        Fixtures.centre(jdbc, 703_002, 395, "400080");
        browser.choose("transfer-lot", String.valueOf(lot));
        browser.fill("transfer-to", "703002");
        browser.fill("transfer-vials", "2");
        browser.submit("#transfer button[type=submit]");
        assertThat(browser.text("main")).contains("Transfer recorded at both centres.");
        assertThat(jdbc.sql("SELECT sealed_vials FROM stock_balance WHERE centre_id = ? AND lot_id = ?").params(703_002L, lot)
                .query(Integer.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT sum(vials_delta) FROM stock_ledger WHERE centre_id = ? AND lot_id = ?").params(CENTRE, lot)
                .query(Integer.class).single()).isEqualTo(4);
        // A physical count finds one vial fewer: a signed adjustment with its reason, and a count that
        // would leave negative stock is refused next to the field without touching the ledger.
        browser.choose("adjust-lot", String.valueOf(lot));
        browser.fill("adjust-vials", "-9");
        browser.fill("adjust-note", "Count on the shelf");
        browser.submit("#adjust button[type=submit]");
        assertThat(browser.text("#adjust-error")).contains("-5 sealed vial(s)");
        assertThat(browser.find("#adjust-vials").getAttribute("aria-invalid")).isEqualTo("true");
        browser.choose("adjust-lot", String.valueOf(lot));
        browser.fill("adjust-vials", "-1");
        browser.fill("adjust-note", "Count on the shelf: one vial missing");
        browser.submit("#adjust button[type=submit]");
        assertThat(browser.text("main")).contains("Adjustment recorded.");
        assertThat(browser.text("#ledger tbody tr:first-child")).contains("Adjusted", "-1", "Count on the shelf: one vial missing");
        assertThat(browser.text("#ledger")).contains("Transferred out", "Centre 703002", "Wasted: broken", "Received");
        assertThat(jdbc.sql("SELECT sealed_vials FROM stock_balance WHERE centre_id = ? AND lot_id = ?").params(CENTRE, lot)
                .query(Integer.class).single()).isEqualTo(3);
        assertThat(jdbc.sql("SELECT sum(vials_delta) FROM stock_ledger WHERE centre_id = ? AND lot_id = ?").params(CENTRE, lot)
                .query(Integer.class).single()).isEqualTo(3);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'STOCK_ADJUST' AND subject = ? AND actor LIKE 'staff:%:pages.stock'")
                .param("lot:" + lot).query(Integer.class).single()).isEqualTo(1);
        browser.screenshot("en-16-staff-stock");
        browser.checkPage("en-16-staff-stock");
    }

    @Test
    void aDistrictAdminInvestigatesAndClassifiesASeriousAdverseEventStepByStep(@Autowired PasswordEncoder passwords) {
        jdbc.sql("""
                        INSERT INTO staff_account (username, password_hash, name, role, state_id, district_id)
                        VALUES ('pages.aefi', ?, 'District admin', 'DISTRICT_ADMIN', 21, 395)
                        ON CONFLICT DO NOTHING""")
                .param(passwords.encode("pages-test-password")).update();
        // A serious report as the AEFI module stores it (reporting itself is tested in AefiTest).
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO aefi_report (id, vaccination_id, beneficiary_id, dose, vaccine, lot_number, centre_id, state_id,
                            district_id, onset_date, symptoms, severity, serious, outcome, source, reported_by, reported_at, updated_at)
                        VALUES (?, ?, '12345678901234', 1, 'COVISHIELD', 'PAGES-AEFI-LOT', ?, 21, 395, CURRENT_DATE,
                            ARRAY['ANAPHYLAXIS'], 'SEVERE', true, 'RECOVERING', 'STAFF', 'test', now(), now())""")
                .params(id, UUID.randomUUID(), CENTRE).update();
        browser.open("/staff/aefi?lang=en");
        browser.fill("username", "pages.aefi");
        browser.fill("password", "pages-test-password");
        browser.submit("main form button[type=submit]");
        assertThat(browser.path()).startsWith("/staff/aefi");
        assertThat(browser.text("#f-" + id)).contains("COVISHIELD", "PAGES-AEFI-LOT", "Anaphylaxis", "Reported");
        browser.checkPage("en-17-staff-aefi");

        browser.fill("f-notes-" + id, "Hospital records read");
        browser.submit("#f-" + id + " button[type=submit]");
        assertThat(browser.text("main")).contains("The case is updated.");
        assertThat(browser.text("#f-" + id)).contains("Investigated");
        browser.choose("f-class-" + id, "A1_VACCINE_PRODUCT");
        browser.submit("#f-" + id + " button[type=submit]");
        // Classified: no longer flagged, listed with its category, and every step audited.
        assertThat(browser.all("#f-" + id)).isEmpty();
        assertThat(browser.text("#a-" + id)).contains("Classified", "A1 · Vaccine product-related reaction").doesNotContain("A1_VACCINE_PRODUCT");
        assertThat(jdbc.sql("SELECT status || ' ' || classification || ' ' || investigation_notes FROM aefi_report WHERE id = ?")
                .param(id).query(String.class).single()).isEqualTo("CLASSIFIED A1_VACCINE_PRODUCT Hospital records read");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'AEFI_STATUS' AND subject = ?").param("aefi:" + id)
                .query(Integer.class).single()).isEqualTo(2);
        browser.screenshot("en-17-staff-aefi");
    }

    @Test
    void aStateAdminRegistersALotSeesWhoGotItAndRecallsIt(@Autowired PasswordEncoder passwords) {
        jdbc.sql("""
                        INSERT INTO staff_account (username, password_hash, name, role, state_id)
                        VALUES ('pages.lots', ?, 'State admin', 'STATE_ADMIN', 21)
                        ON CONFLICT DO NOTHING""")
                .param(passwords.encode("pages-test-password")).update();
        browser.open("/staff/lots?lang=en");
        browser.fill("username", "pages.lots");
        browser.fill("password", "pages-test-password");
        browser.submit("main form button[type=submit]");
        assertThat(browser.path()).startsWith("/staff/lots");

        browser.choose("vaccine", "COVAXIN");
        browser.fill("lotNumber", "PAGES-LOT-9");
        browser.js("document.getElementById('expiry').value = arguments[0];", Fixtures.today().plusMonths(6).toString());
        browser.fill("dosesPerVial", "20");
        browser.submit("#new-lot button[type=submit]");
        assertThat(browser.text("main")).contains("Lot PAGES-LOT-9 registered.");
        long lot = jdbc.sql("SELECT id FROM stock_lot WHERE lot_number = 'PAGES-LOT-9'").query(Long.class).single();
        assertThat(browser.text("#lot-" + lot)).contains("COVAXIN · PAGES-LOT-9", "20 doses a vial");

        // The same lot twice is refused in the form.
        browser.choose("vaccine", "COVAXIN");
        browser.fill("lotNumber", "PAGES-LOT-9");
        browser.js("document.getElementById('expiry').value = arguments[0];", Fixtures.today().plusMonths(6).toString());
        browser.submit("#new-lot button[type=submit]");
        assertThat(browser.text("#register-error")).contains("already registered");
        assertThat(browser.find("#lotNumber").getAttribute("aria-invalid")).as("next to the lot number").isEqualTo("true");
        assertThat(browser.find("#lotNumber").getAttribute("value")).as("what was typed is kept").isEqualTo("PAGES-LOT-9");
        assertThat(browser.find("#register-error").findElement(org.openqa.selenium.By.xpath("..")).getAttribute("class"))
                .isEqualTo("field");
        browser.fill("lotNumber", "PAGES-LOT-10");
        browser.fill("dosesPerVial", "500");
        browser.submit("#new-lot button[type=submit]");
        assertThat(browser.find("#dosesPerVial").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.find("#lotNumber").getAttribute("aria-invalid")).isNull();

        browser.open("/staff/lots?recipients=" + lot + "&lang=en");
        assertThat(browser.text("#recipients")).contains("Nobody inside your scope received this lot.");
        browser.checkPage("en-18-staff-lots");

        browser.submit("#lot-" + lot + " button[type=submit]");
        assertThat(browser.find("#reason-" + lot).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(jdbc.sql("SELECT recalled_at IS NULL FROM stock_lot WHERE id = ?").param(lot).query(Boolean.class).single())
                .isTrue();
        browser.fill("reason-" + lot, "Cold chain breach at the depot");
        browser.submit("#lot-" + lot + " button[type=submit]");
        assertThat(browser.text("main")).contains("The lot is recalled");
        assertThat(browser.text("#lot-" + lot)).contains("(recalled) Cold chain breach at the depot");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'LOT_RECALL' AND subject = ?").param("lot:" + lot)
                .query(Integer.class).single()).isOne();
        browser.screenshot("en-18-staff-lots");
    }

    @Test
    void pagesOfTheAccountNeedALogin() {
        browser.open("/account?lang=en");
        assertThat(browser.path()).startsWith("/login");
        browser.open("/book?session=" + UUID.randomUUID());
        assertThat(browser.path()).startsWith("/login");
    }
}
