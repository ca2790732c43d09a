package org.openvin.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
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
 * The whole journey in Spanish, on the Peru profile (Spanish and English offered): a
 * citizen in Lima books a session of today and gets the slip in Spanish; the vaccinator's console
 * in Spanish finds the appointment and records the dose from the centre's stock; the citizen
 * reports a side effect and shows the certificate's QR; the verifier page says VÁLIDO, and NO
 * VÁLIDO for a tampered copy.
 */
class SpanishPagesBrowserTest {

    private static final long CENTRE = 991_501;
    private static final String POSTAL_CODE = "15074";
    private static final String USERNAME = "pages.vacunador";
    private static final String PASSWORD = "pages-test-password";
    private static ConfigurableApplicationContext app;

    @BeforeAll
    static void startPeru() {
        app = new SpringApplicationBuilder(OpenVinApplication.class, TestSms.Config.class)
                .profiles("test")
                .run("--openvin.profile=peru", "--server.port=0");
        JdbcClient jdbc = app.getBean(JdbcClient.class);
        jdbc.sql("""
                        INSERT INTO centre (id, name, address, state_id, district_id, block_name, pincode, lat, lng,
                                            opens_at, closes_at, fee_type, vaccine_fees)
                        VALUES (?, 'Centro de Salud San Isidro', 'Av. Petit Thouars 3690', 15, 1501, 'San Isidro', ?,
                                -12.09, -77.03, '08:00', '14:00', 'Free', '{}'::jsonb)
                        ON CONFLICT DO NOTHING""")
                .params(CENTRE, POSTAL_CODE).update();
        LocalDate today = LocalDate.now(ZoneId.of("America/Lima"));
        app.getBean(PublishingSession.class).publish(new NewSession(UUID.randomUUID(), CENTRE, today, "COMIRNATY",
                18, null, 40, 40, 0, 0, Fixtures.ALL_DAY));
        PointOfCare.receive(jdbc, CENTRE, "COMIRNATY", PointOfCare.LOT, 10);
        jdbc.sql("""
                        INSERT INTO staff_account (username, password_hash, name, role, state_id, district_id, centre_id)
                        VALUES (?, ?, 'Vacunadora', 'VACCINATOR', 15, 1501, ?) ON CONFLICT DO NOTHING""")
                .params(USERNAME, app.getBean(PasswordEncoder.class).encode(PASSWORD), CENTRE).update();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void spanishJourneyFromBookingToAVerifiedCertificate() throws Exception {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        JdbcClient jdbc = app.getBean(JdbcClient.class);
        String mobile = "9" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
        String dni = String.valueOf(10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
        try (Browser browser = Browser.start(port)) {
            var journey = new CitizenJourney(browser, "es", mobile, POSTAL_CODE);
            browser.open("/");
            assertThat(browser.find("html").getAttribute("lang")).as("the browser asks for English, which Peru offers")
                    .isEqualTo("en");
            browser.open("/?lang=es");
            assertThat(browser.find("html").getAttribute("lang")).isEqualTo("es");
            assertThat(browser.text("h1")).isEqualTo("Buscar un centro de vacunación");
            browser.open("/?lang=fr");
            assertThat(browser.find("html").getAttribute("lang")).as("French is not offered here").isEqualTo("es");
            journey.logIn();
            assertThat(browser.text("h1")).isEqualTo("Mi cuenta");
            journey.addMember(new CitizenJourney.Member("Rosa Quispe Mamani", "1982", "1", dni));
            String booked = journey.searchAndBook();
            assertThat(booked).startsWith("Reserva hecha. Su número de confirmación es ");
            String confirmation = booked.replaceAll(".*confirmación es ([0-9]+).*", "$1");
            assertThat(TestSms.messagesTo(mobile).getLast()).startsWith("Su cita de vacunación está confirmada para el ")
                    .contains(confirmation);
            journey.downloadSlip();
            var slip = browser.download(browser.find("a[href$='/slip']").getAttribute("href"));
            try (PDDocument pdf = Loader.loadPDF(slip.body())) {
                assertThat(new PDFTextStripper().getText(pdf)).contains("Cita de vacunación", "Número de confirmación",
                        confirmation, "Centro de Salud San Isidro");
            }
            var vaccination = new VaccinationJourney(journey, USERNAME, PASSWORD, PointOfCare.LOT,
                    app.getBean(MessageSource.class));
            vaccination.vaccinate(confirmation, "Rosa Quispe Mamani");
            browser.open("/account");
            browser.submit(".member a[href^='/account/side-effects']");
            journey.shot("22-efecto-secundario");
            browser.submit("#aefi-form button[type=submit]");
            assertThat(browser.text("#onsetDate-error")).startsWith("Indique la fecha en que empezó el efecto secundario");
            assertThat(browser.find("#onsetDate").getAttribute("aria-invalid")).isEqualTo("true");
            browser.js("document.querySelector('#onsetDate').value = arguments[0];",
                    LocalDate.now(ZoneId.of("America/Lima")).toString());
            browser.find("input[name=symptoms][value=FEVER]").click();
            browser.submit("#aefi-form button[type=submit]");
            assertThat(browser.text(".notice")).startsWith("Gracias: el efecto secundario de Rosa Quispe Mamani");
            assertThat(jdbc.sql("SELECT count(*) FROM aefi_report WHERE lot_number = ? AND source = 'CITIZEN'")
                    .param(PointOfCare.LOT).query(Integer.class).single()).isOne();

            String shc = vaccination.certificateQr("shc");
            assertThat(shc).startsWith("shc:/");
            vaccination.verify(shc, Certificates.tamperedShc(shc), "Rosa Quispe Mamani");
            assertThat(browser.text("#verdict")).as("in Spanish").isEqualTo("NO VÁLIDO");
        }
    }
}
