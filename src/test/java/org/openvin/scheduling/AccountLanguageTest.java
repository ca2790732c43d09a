package org.openvin.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.Citizens;
import org.openvin.OpenVinTest;
import org.openvin.TestSms;
import org.openvin.identity.internal.TestAadhaar;
import org.openvin.scheduling.internal.PublishingSession;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The account's language: the one the citizen's app asked for at login (or the one chosen on the
 * pages) is kept with the account, and the appointment SMS and the slip downloaded through the API
 * are written in it; an app can still ask for another language for one download.
 */
@OpenVinTest
class AccountLanguageTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PublishingSession publishing;

    /** What a slip says and what its QR code holds, read back from the PDF. */
    record Slip(String text, String qr) {
    }

    @Test
    void theSlipAndTheSmsFollowTheLanguageTheCitizenLoggedInWith() throws Exception {
        long centre = 760_000 + ThreadLocalRandom.current().nextInt(9_000);
        Fixtures.centre(jdbc, centre, 395, "400080");
        UUID session = Fixtures.session(publishing, centre, Fixtures.today().plusDays(2), "COVISHIELD", 10, 0, 18, null);

        String hindiMobile = Citizens.newMobile();
        Api hindi = logIn(hindiMobile, "hi_IN");
        assertThat(languageOf(hindiMobile)).isEqualTo("hi");
        var hindiBooking = book(hindi, session);
        String confirmation = hindiBooking.get("confirmation");
        assertThat(TestSms.messagesTo(hindiMobile).getLast())
                .isEqualTo("आपका टीकाकरण अपॉइंटमेंट " + DateTimeFormatter.ofPattern("dd-MM-yyyy").format(Fixtures.today().plusDays(2))
                        + ", 09:30AM-10:30AM के लिए पक्का हो गया है। पुष्टि संख्या " + confirmation + "। - OpenVIN");

        Slip inAccountLanguage = slip(hindi, hindiBooking.get("appointment"));
        Slip askedForHindi = slip(hindi.with("Accept-Language", "hi-IN,hi;q=0.9"), hindiBooking.get("appointment"));
        Slip askedForEnglish = slip(hindi.with("Accept-Language", "en"), hindiBooking.get("appointment"));
        assertThat(inAccountLanguage.qr()).isEqualTo(confirmation);
        assertThat(askedForEnglish.qr()).isEqualTo(confirmation);
        assertThat(inAccountLanguage.text()).as("the account's language, Hindi")
                .isEqualTo(askedForHindi.text()).contains(confirmation).doesNotContain("Confirmation number");
        assertThat(askedForEnglish.text()).contains("Vaccination appointment", "Confirmation number", confirmation);
        assertThat(languageOf(hindiMobile)).as("one download in English does not change the account").isEqualTo("hi");

        var cancelled = hindi.post("/api/v2/appointment/cancel", Map.of("appointment_id", hindiBooking.get("appointment")));
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(204);
        assertThat(TestSms.messagesTo(hindiMobile).getLast())
                .isEqualTo("आपका टीकाकरण अपॉइंटमेंट " + confirmation + " रद्द कर दिया गया है। - OpenVIN");

        // An app that asks for nothing (or for a language the country does not offer) gets the default, English.
        String plainMobile = Citizens.newMobile();
        Api plain = logIn(plainMobile, "de-DE");
        assertThat(languageOf(plainMobile)).isEqualTo("none");
        var plainBooking = book(plain, session);
        assertThat(TestSms.messagesTo(plainMobile).getLast()).startsWith("Your vaccination appointment is confirmed for ");
        Slip english = slip(plain, plainBooking.get("appointment"));
        assertThat(english.qr()).isEqualTo(plainBooking.get("confirmation"));
        assertThat(english.text()).contains("Vaccination appointment", "Confirmation number");

        // Logging in again in Hindi makes Hindi the account's language; a later login asking for nothing keeps it.
        logIn(plainMobile, "hi");
        logIn(plainMobile, null);
        assertThat(languageOf(plainMobile)).isEqualTo("hi");
    }

    private Api logIn(String mobile, String acceptLanguage) {
        Api api = new Api(port);
        var sent = api.post("/api/v2/auth/generateOTP", Map.of("mobile", mobile));
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        Api asking = acceptLanguage == null ? api : api.with("Accept-Language", acceptLanguage);
        var confirmed = asking.post("/api/v2/auth/confirmOTP", Map.of("otp", Citizens.sha256(TestSms.lastOtp(mobile)),
                "txnId", sent.json().get("txnId").asString()));
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        return api.bearer(confirmed.json().get("token").asString());
    }

    private String languageOf(String mobile) {
        return jdbc.sql("SELECT coalesce(language, 'none') FROM citizen_account WHERE mobile = ?").param(mobile)
                .query(String.class).single();
    }

    private static Map<String, String> book(Api citizen, UUID session) {
        var member = citizen.post("/api/v2/registration/beneficiary/new", Map.of("name", "Meera Iyer", "birth_year", "1979",
                "gender_id", 2, "photo_id_type", 1, "photo_id_number", TestAadhaar.next()));
        assertThat(member.status()).as(member.body()).isEqualTo(200);
        var booked = citizen.post("/api/v2/appointment/schedule", Fixtures.booking(1, session, "09:30AM-10:30AM",
                member.json().get("beneficiary_reference_id").asString()));
        assertThat(booked.status()).as(booked.body()).isEqualTo(200);
        return Map.of("appointment", booked.json().get("appointment_id").asString(),
                "confirmation", booked.json().get("appointment_confirmation_no").asString());
    }

    private static Slip slip(Api citizen, String appointment) throws Exception {
        var answer = citizen.get("/api/v2/appointment/appointmentslip/download?appointment_id=" + appointment);
        assertThat(answer.status()).isEqualTo(200);
        try (PDDocument pdf = Loader.loadPDF(answer.bytes())) {
            // Words only: the extractor's line breaks and spacing around the QR image vary between downloads.
            String text = new PDFTextStripper().getText(pdf).replaceAll("\\s+", " ").trim();
            BufferedImage page = new PDFRenderer(pdf).renderImageWithDPI(0, 150);
            int[] pixels = page.getRGB(0, 0, page.getWidth(), page.getHeight(), null, 0, page.getWidth());
            var bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(page.getWidth(), page.getHeight(), pixels)));
            return new Slip(text, new QRCodeReader().decode(bitmap).getText());
        }
    }
}
