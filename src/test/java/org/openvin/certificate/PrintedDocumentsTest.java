package org.openvin.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import com.lowagie.text.pdf.PdfReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.OpenVinTest;
import org.openvin.scheduling.Fixtures;
import org.openvin.scheduling.internal.PublishingSession;
import org.openvin.vaccination.PointOfCare;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The appointment slip and the certificate print in the language asked for, Hindi included,
 * with the embedded font that can show it. Copies are kept under target/pdfs for a human look.
 */
@OpenVinTest
class PrintedDocumentsTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    PublishingSession publishing;

    private static String keep(String name, byte[] pdf) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "pdfs"));
        Files.write(dir.resolve(name), pdf);
        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        PdfReader reader = new PdfReader(pdf);
        assertThat(reader.getNumberOfPages()).isEqualTo(1);
        reader.close();
        return new String(pdf, StandardCharsets.ISO_8859_1);
    }

    @Test
    void slipAndCertificateInHindiAndEnglish() throws Exception {
        Api api = new Api(port);
        long centre = PointOfCare.centre(jdbc);
        UUID session = Fixtures.session(publishing, centre, Fixtures.today().plusDays(1), "COVISHIELD", 10, 0, 18, null);
        var family = Fixtures.family(api, 1, 1980);
        String ref = family.members().getFirst();
        String appointment = family.api().post("/api/v2/appointment/schedule",
                Fixtures.booking(1, session, "09:00AM-10:00AM", ref)).json().get("appointment_id").asString();
        for (String lang : new String[]{"hi_IN", "en"}) {
            var slip = family.api().with("Accept-Language", lang)
                    .get("/api/v2/appointment/appointmentslip/download?appointment_id=" + appointment);
            assertThat(slip.status()).isEqualTo(200);
            assertThat(keep("slip-" + lang + ".pdf", slip.bytes())).contains("NotoSansDevanagari");
        }
        Api vaccinator = PointOfCare.staff(api, jdbc, passwords, "VACCINATOR", centre);
        assertThat(PointOfCare.record(vaccinator, PointOfCare.dose(ref, null, centre, "COVISHIELD", 1)).status()).isEqualTo(201);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                jdbc.sql("SELECT count(*) FROM certificate WHERE beneficiary_id = ?").param(ref).query(Integer.class).single() == 1);
        var hindi = family.api().with("Accept-Language", "hi_IN")
                .get("/api/v2/registration/certificate/download?beneficiary_reference_id=" + ref);
        var english = family.api().get("/api/v2/registration/certificate/download?beneficiary_reference_id=" + ref);
        assertThat(keep("certificate-hi.pdf", hindi.bytes())).contains("NotoSansDevanagari");
        keep("certificate-en.pdf", english.bytes());
        // Different words, so different documents.
        assertThat(hindi.bytes()).isNotEqualTo(english.bytes());
    }
}
