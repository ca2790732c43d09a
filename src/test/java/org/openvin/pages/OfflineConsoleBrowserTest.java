package org.openvin.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.Browser;
import org.openvin.Citizens;
import org.openvin.OpenVinTest;
import org.openvin.identity.internal.TestAadhaar;
import org.openvin.vaccination.PointOfCare;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The offline console in real Chromium: prepare the session online, cut the network (DevTools
 * offline emulation), record 18 queued doses and 2 walk-ins with their doses, reload the page and
 * restart the browser on its profile while offline (the queue is still there), reconnect, sign in
 * again and sync: every dose recorded once with its certificate, the stock down by 20; sending the
 * whole queue again records nothing new.
 */
@OpenVinTest
class OfflineConsoleBrowserTest {

    private static final int QUEUED = 18;
    private static final int WALK_INS = 2;

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

    private int count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Integer.class).single();
    }

    private int counted(String which) {
        String shown = browser.find("#counts").getAttribute("data-" + which);
        return shown == null ? -1 : Integer.parseInt(shown); // -1: the page has not drawn the counts yet
    }

    private void waitForCounts(int pending, int synced, int refused) {
        new org.openqa.selenium.support.ui.WebDriverWait(
                ((org.openqa.selenium.WrapsDriver) browser.find("body")).getWrappedDriver(), Duration.ofSeconds(60))
                .withMessage(() -> "counts pending " + pending + ", synced " + synced + ", refused " + refused + "; shown: "
                        + browser.text("#counts") + " " + browser.text("#message") + " " + browser.text("#refused"))
                .until(d -> counted("pending") == pending && counted("synced") == synced && counted("refused") == refused);
    }

    @Test
    void aWholeSessionRecordedOfflineSyncsEachDoseOnce() {
        long centre = PointOfCare.unstockedCentre(jdbc);
        PointOfCare.receive(jdbc, centre, "COVISHIELD", PointOfCare.LOT, 3); // 30 doses
        UUID session = PointOfCare.session(jdbc, centre, "COVISHIELD", 18, null);
        Api api = new Api(port);
        List<String> queued = new ArrayList<>();
        for (int account = 0; account < QUEUED / 3; account++) {
            Api citizen = Citizens.login(api, Citizens.newMobile());
            for (int member = 0; member < 3; member++) {
                String ref = PointOfCare.beneficiary(citizen, "Queued " + (char) ('A' + account) + (char) ('a' + member), "1980");
                jdbc.sql("""
                                INSERT INTO appointment (appointment_id, beneficiary_id, account_id, confirmation_no, session_id, slot_position, dose)
                                SELECT ?, reference_id, account_id, ?, ?, ?, 1 FROM beneficiary WHERE reference_id = ?""")
                        .params(UUID.randomUUID(), "OFF" + ThreadLocalRandom.current().nextInt(100_000_000), session,
                                queued.size(), ref).update();
                queued.add(ref);
            }
        }
        String username = "offline.vaccinator." + centre;
        jdbc.sql("""
                        INSERT INTO staff_account (username, password_hash, name, role, state_id, district_id, centre_id)
                        VALUES (?, ?, 'Vaccinator', 'VACCINATOR', 21, 395, ?)""")
                .params(username, passwords.encode("offline-test-password"), centre).update();

        // online: sign in, open the console, let the service worker keep it, prepare the session
        browser.open("/staff/login");
        browser.fill("username", username);
        browser.fill("password", "offline-test-password");
        browser.submit("main form button[type=submit]");
        browser.open("/vaccinator/offline");
        assertThat(browser.text("h1")).isEqualTo("Offline console");
        browser.waitUntil("the service worker keeps the console", b -> Boolean.TRUE.equals(b.js("""
                caches.match('/vaccinator/offline').then(r => { window.openvinCached = !!r; });
                return window.openvinCached === true && !!navigator.serviceWorker.controller;""")));
        browser.find("#prepare").click();
        browser.waitUntil("the session prepared", b -> b.text("#pack-status").contains(QUEUED + " people"));
        browser.checkPage("offline console");

        // offline: 18 doses from the queue, 2 walk-ins and their doses
        browser.offline(true);
        browser.waitUntil("the console sees it is offline", b -> b.text("#network").startsWith("Offline"));
        for (int i = 0; i < queued.size(); i++) {
            browser.choose("dose-person", queued.get(i));
            browser.choose("dose-lot", "COVISHIELD|" + PointOfCare.LOT);
            browser.fill("dose-number", "1");
            browser.find("#save-dose").click();
            int saved = i + 1;
            browser.waitUntil("dose " + saved + " kept on the device", b -> counted("pending") == saved);
        }
        for (int w = 0; w < WALK_INS; w++) {
            browser.fill("w-name", "Walk In " + (char) ('A' + w));
            browser.fill("w-birth", "1970");
            browser.choose("w-idtype", "1");
            browser.fill("w-idnumber", TestAadhaar.next());
            browser.fill("w-mobile", Citizens.newMobile());
            browser.find("#save-walkin").click();
            int kept = QUEUED + 2 * w + 1;
            browser.waitUntil("walk-in " + w + " kept", b -> counted("pending") == kept);
            browser.choose("dose-lot", "COVISHIELD|" + PointOfCare.LOT);
            browser.fill("dose-number", "1");
            browser.find("#save-dose").click();
            browser.waitUntil("the walk-in's dose kept", b -> counted("pending") == kept + 1);
        }
        int records = QUEUED + 2 * WALK_INS;
        // the device refuses what the pack says cannot be: a second dose 1 for the same person
        browser.choose("dose-person", queued.get(0));
        browser.fill("dose-number", "1");
        browser.find("#save-dose").click();
        browser.waitUntil("the device's dose rule", b -> b.text("#message").contains("next dose for this person is dose 2"));
        assertThat(counted("pending")).isEqualTo(records);
        assertThat(count("SELECT count(*) FROM vaccination WHERE centre_id = ?", centre)).isZero();

        // a reload while offline: the page comes from the service worker, the queue from IndexedDB
        browser.open("/vaccinator/offline");
        waitForCounts(records, 0, 0);
        assertThat(browser.text("#pack-status")).contains(QUEUED + " people");

        // the tablet restarted, still offline: the console and its queue are still there
        browser.restart(true);
        browser.open("/vaccinator/offline");
        waitForCounts(records, 0, 0);
        assertThat(browser.text("#network")).startsWith("Offline");

        // back online: the sign-in ended with the browser, so the console asks for it before syncing
        browser.offline(false);
        browser.find("#sync").click();
        browser.waitUntil("asked to sign in again", b -> b.find("#sign-in").isDisplayed());
        assertThat(counted("pending")).isEqualTo(records);
        assertThat(count("SELECT count(*) FROM vaccination WHERE centre_id = ?", centre)).isZero();
        browser.open("/staff/login");
        browser.fill("username", username);
        browser.fill("password", "offline-test-password");
        browser.submit("main form button[type=submit]");
        browser.open("/vaccinator/offline"); // syncs on opening when online; the button does the same
        waitForCounts(0, records, 0);
        assertThat(count("SELECT count(*) FROM vaccination WHERE centre_id = ?", centre)).isEqualTo(QUEUED + WALK_INS);
        assertThat(count("SELECT count(DISTINCT beneficiary_id) FROM vaccination WHERE centre_id = ?", centre))
                .isEqualTo(QUEUED + WALK_INS);
        for (String ref : queued) {
            assertThat(count("SELECT count(*) FROM vaccination WHERE beneficiary_id = ?", ref)).as(ref).isEqualTo(1);
        }
        assertThat(count("SELECT count(*) FROM stock_ledger WHERE centre_id = ? AND reason = 'ADMINISTERED'", centre))
                .isEqualTo(QUEUED + WALK_INS);
        assertThat(count("SELECT sum(doses) FROM stock_balance WHERE centre_id = ?", centre)).isEqualTo(30 - QUEUED - WALK_INS);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> count("""
                SELECT count(*) FROM certificate c JOIN vaccination v ON v.certificate_id = c.id
                WHERE v.centre_id = ? AND c.status = 'ISSUED'""", centre) == QUEUED + WALK_INS);

        // the whole queue sent again (as after a lost answer): nothing new is recorded
        browser.js("""
                const request = indexedDB.open('openvin-vaccinator');
                request.onsuccess = () => {
                  const tx = request.result.transaction('records', 'readwrite');
                  const store = tx.objectStore('records');
                  store.getAll().onsuccess = e => e.target.result.forEach(r => { r.status = 'PENDING'; store.put(r); });
                  tx.oncomplete = () => { window.openvinRequeued = true; };
                };""");
        browser.waitUntil("the queue marked pending again", b -> Boolean.TRUE.equals(b.js("return window.openvinRequeued === true;")));
        browser.open("/vaccinator/offline");
        waitForCounts(0, records, 0);
        assertThat(count("SELECT count(*) FROM vaccination WHERE centre_id = ?", centre)).isEqualTo(QUEUED + WALK_INS);
        assertThat(count("SELECT count(*) FROM stock_ledger WHERE centre_id = ? AND reason = 'ADMINISTERED'", centre))
                .isEqualTo(QUEUED + WALK_INS);
        assertThat(count("SELECT count(*) FROM beneficiary WHERE name LIKE 'Walk In %' AND reference_id IN "
                + "(SELECT beneficiary_id FROM vaccination WHERE centre_id = ?)", centre)).isEqualTo(WALK_INS);
    }
}
