package org.openvin.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.Browser;
import org.openvin.Citizens;
import org.openvin.OpenVinTest;
import org.openvin.vaccination.PointOfCare;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The public dashboard in a real browser: charts drawn, and a new dose shows without a reload. */
@OpenVinTest
class DashboardBrowserTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PasswordEncoder passwords;

    private long doses() {
        return jdbc.sql("SELECT count(*) FROM vaccination").query(Long.class).single();
    }

    @Test
    void chartsRenderAndANewDoseAppearsWithoutAReload() {
        Api api = new Api(port);
        long centre = PointOfCare.centre(jdbc);
        Api vaccinator = PointOfCare.staff(api, jdbc, passwords, "VACCINATOR", centre);
        Api citizen = Citizens.login(api, Citizens.newMobile());
        String first = PointOfCare.beneficiary(citizen, "Dashboard One", "1950");
        String second = PointOfCare.beneficiary(citizen, "Dashboard Two", "1992");
        assertThat(PointOfCare.record(vaccinator, PointOfCare.dose(first, null, centre, "COVAXIN", 1)).status()).isEqualTo(201);

        try (Browser browser = Browser.start(port)) {
            browser.open("/dashboard");
            browser.waitUntil("the first dose is counted", b -> b.text("#total-doses").equals(String.valueOf(doses())));
            assertThat(browser.all("svg.chart rect.bar")).isNotEmpty();
            assertThat(browser.all("table.regions tbody tr")).hasSize(37);
            assertThat(browser.pageText()).contains("Maharashtra").contains("COVAXIN").contains("60+");
            browser.checkPage("dashboard");
            browser.screenshot("dashboard-before");

            // Mark the page, so a reload would be noticed.
            browser.js("window.openvinMarker = 42;");
            assertThat(PointOfCare.record(vaccinator, PointOfCare.dose(second, null, centre, "COVAXIN", 1)).status()).isEqualTo(201);
            long started = System.nanoTime();
            browser.waitUntil("the second dose shows", b -> b.text("#total-doses").equals(String.valueOf(doses())));
            long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
            assertThat(seconds).as("seconds until the new dose showed").isLessThanOrEqualTo(12);
            assertThat(browser.js("return window.openvinMarker;")).isEqualTo(42L);
            assertThat(doses()).isEqualTo(2);
            browser.screenshot("dashboard-after");

            browser.open("/dashboard?state=21&lang=hi");
            assertThat(browser.pageText()).contains("टीकाकरण डैशबोर्ड");
            assertThat(browser.all("table.regions tbody tr")).hasSize(35);
            browser.checkPage("dashboard-hi");
            browser.screenshot("dashboard-hi");
        }
    }
}
