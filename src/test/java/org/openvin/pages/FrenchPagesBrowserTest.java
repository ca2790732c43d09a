package org.openvin.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openvin.Browser;
import org.openvin.OpenVinApplication;
import org.openvin.TestSms;
import org.openvin.scheduling.Fixtures;
import org.openvin.scheduling.NewSession;
import org.openvin.scheduling.internal.PublishingSession;
import org.openvin.vaccination.PointOfCare;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The same journey in French, on the Senegal profile (French by default, English offered): a
 * centre in Dakar, a passport-holder, booking and the slip, the dose recorded on the French
 * vaccinator console, and the certificate's EU DCC validated on the verifier page.
 */
class FrenchPagesBrowserTest {

    private static final long CENTRE = 990_101;
    private static final String POSTAL_CODE = "10200";
    private static final String USERNAME = "pages.vaccinatrice";
    private static final String PASSWORD = "pages-test-password";
    private static ConfigurableApplicationContext app;

    @BeforeAll
    static void startSenegal() {
        app = new SpringApplicationBuilder(OpenVinApplication.class, TestSms.Config.class)
                .profiles("test")
                .run("--openvin.profile=senegal", "--server.port=0");
        JdbcClient jdbc = app.getBean(JdbcClient.class);
        jdbc.sql("""
                        INSERT INTO centre (id, name, address, state_id, district_id, block_name, pincode, lat, lng,
                                            opens_at, closes_at, fee_type, vaccine_fees)
                        VALUES (?, 'Centre de santé de Médina', 'Rue 11 x Blaise Diagne', 1, 101, 'Médina', ?, 14.68,
                                -17.45, '08:00', '13:00', 'Free', '{}'::jsonb)
                        ON CONFLICT DO NOTHING""")
                .params(CENTRE, POSTAL_CODE).update();
        LocalDate today = LocalDate.now(ZoneId.of("Africa/Dakar"));
        app.getBean(PublishingSession.class).publish(new NewSession(UUID.randomUUID(), CENTRE, today, "COMIRNATY",
                18, null, 40, 40, 0, 0, Fixtures.ALL_DAY));
        PointOfCare.receive(jdbc, CENTRE, "COMIRNATY", PointOfCare.LOT, 10);
        jdbc.sql("""
                        INSERT INTO staff_account (username, password_hash, name, role, state_id, district_id, centre_id)
                        VALUES (?, ?, 'Vaccinatrice', 'VACCINATOR', 1, 101, ?) ON CONFLICT DO NOTHING""")
                .params(USERNAME, app.getBean(PasswordEncoder.class).encode(PASSWORD), CENTRE).update();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void frenchJourneyFromBookingToAVerifiedCertificate() {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        String mobile = "77" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
        String passport = "A" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
        try (Browser browser = Browser.start(port)) {
            var journey = new CitizenJourney(browser, "fr", mobile, POSTAL_CODE);
            browser.open("/?lang=fr");
            assertThat(browser.find("html").getAttribute("lang")).isEqualTo("fr");
            assertThat(browser.text("h1")).isEqualTo("Trouver un centre de vaccination");
            // Hindi is not offered by this profile: asking for it changes nothing.
            browser.open("/?lang=hi");
            assertThat(browser.find("html").getAttribute("lang")).isEqualTo("fr");
            journey.logIn();
            assertThat(browser.text("h1")).isEqualTo("Mon compte");
            journey.addMember(new CitizenJourney.Member("Awa Ndiaye", "1985", "3", passport));
            String booked = journey.searchAndBook();
            assertThat(booked).startsWith("Rendez-vous pris.");
            journey.downloadSlip();
            String confirmation = booked.replaceAll("\\D*([0-9]{10}).*", "$1");
            var vaccination = new VaccinationJourney(journey, USERNAME, PASSWORD, PointOfCare.LOT,
                    app.getBean(MessageSource.class));
            vaccination.vaccinate(confirmation, "Awa Ndiaye");
            String dcc = vaccination.certificateQr("eu-dcc");
            assertThat(dcc).startsWith("HC1:");
            vaccination.verify(dcc, Certificates.tampered(dcc), "Awa Ndiaye");
            String month = LocalDate.now(ZoneId.of("Africa/Dakar")).getMonth().getDisplayName(TextStyle.SHORT, Locale.FRENCH);
            assertThat(browser.text("#keys-note")).as("the keys' date in French").contains(month).doesNotContain("AM", "PM");
            assertThat(browser.text("#verdict")).as("in French").isEqualTo("NON VALIDE");
        }
    }
}
