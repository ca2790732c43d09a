package org.openvin.scheduling.internal;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.lowagie.text.Document;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.Image;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.openvin.identity.Beneficiaries;
import org.openvin.identity.CurrentUser;
import org.openvin.platform.ApiException;
import org.openvin.platform.PdfFonts;
import org.openvin.profile.CountryProfile;
import org.springframework.context.MessageSource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The appointment slip: a one-page PDF with the confirmation number, a QR of it for the
 * vaccinator to scan, and where and when to go. Only for the account that booked it.
 */
@RestController
class AppointmentSlip {

    private final JdbcClient jdbc;
    private final CountryProfile profile;
    private final MessageSource messages;
    private final Beneficiaries beneficiaries;

    AppointmentSlip(JdbcClient jdbc, CountryProfile profile, MessageSource messages, Beneficiaries beneficiaries) {
        this.beneficiaries = beneficiaries;
        this.jdbc = jdbc;
        this.profile = profile;
        this.messages = messages;
    }

    /**
     * The slip for an app: in the language the app asks for in {@code Accept-Language} when the
     * country offers it, else in the account's language, else in the country's default.
     */
    @GetMapping("/api/v2/appointment/appointmentslip/download")
    ResponseEntity<byte[]> download(@RequestParam("appointment_id") String appointmentId,
                                    @RequestHeader(value = "Accept-Language", required = false) String acceptLanguage) {
        UUID id;
        try {
            id = UUID.fromString(appointmentId.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("APPOIN0030", "appointment_id is not valid");
        }
        long account = CurrentUser.citizen().accountId();
        String language = profile.languageOf(acceptLanguage);
        if (language == null) {
            language = beneficiaries.contactOf(account).map(Beneficiaries.Contact::language)
                    .filter(profile.languages()::contains).orElse(profile.defaultLanguage());
        }
        return slip(id, account, Locale.forLanguageTag(language));
    }

    /**
     * The same slip for the citizen logged in to the pages (session, not token), in the page's
     * language, which is also the account's: choosing a language on the pages makes it the account's.
     */
    @GetMapping("/appointments/{id}/slip")
    ResponseEntity<byte[]> pageDownload(@PathVariable UUID id, Locale locale) {
        return slip(id, CurrentUser.citizen().accountId(), locale);
    }

    private ResponseEntity<byte[]> slip(UUID id, long account, Locale locale) {
        var rows = jdbc.sql("""
                        SELECT a.confirmation_no, a.dose, a.slot_position, b.name AS person, s.session_date, s.vaccine,
                               s.slot_labels, c.name AS centre, c.address, c.pincode, c.district_id
                        FROM appointment a
                        JOIN vaccination_session s ON s.id = a.session_id
                        JOIN centre c ON c.id = s.centre_id
                        JOIN beneficiary b ON b.reference_id = a.beneficiary_id
                        WHERE a.appointment_id = ? AND a.account_id = ? AND a.status = 'BOOKED'
                        ORDER BY b.name""")
                .params(id, account)
                .query((rs, n) -> Map.<String, Object>of("confirmation", rs.getString("confirmation_no"),
                        "dose", rs.getInt("dose"), "person", rs.getString("person"),
                        "date", rs.getObject("session_date", LocalDate.class), "vaccine", rs.getString("vaccine"),
                        "slot", ((String[]) rs.getArray("slot_labels").getArray())[rs.getInt("slot_position")],
                        "centre", rs.getString("centre"), "address", rs.getString("address") + ", " + rs.getString("pincode"),
                        "district", profile.district(rs.getInt("district_id")).map(d -> d.name()).orElse("")))
                .list();
        if (rows.isEmpty()) {
            throw ApiException.notFound("APPOIN0030", "No open appointment with that id in your account");
        }
        byte[] pdf = render(rows, locale);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header("Content-Disposition", ContentDisposition.attachment()
                        .filename("appointment-" + rows.getFirst().get("confirmation") + ".pdf").build().toString())
                .body(pdf);
    }

    private byte[] render(List<Map<String, Object>> rows, Locale locale) {
        Map<String, Object> first = rows.getFirst();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document document = new Document(PageSize.A4, 48, 48, 48, 48);
        PdfWriter.getInstance(document, out);
        document.open();
        Font title = PdfFonts.bold(18);
        Font label = PdfFonts.bold(10);
        Font value = PdfFonts.regular(11);
        document.add(new Paragraph(text("slip.title", locale), title));
        document.add(new Paragraph(" "));
        Image qr = qrImage((String) first.get("confirmation"));
        qr.setAlignment(Element.ALIGN_CENTER);
        document.add(qr);
        PdfPTable table = new PdfPTable(2);
        table.setWidthPercentage(100);
        row(table, text("slip.confirmation", locale), (String) first.get("confirmation"), label, value);
        row(table, text("slip.date", locale), AvailabilitySearch.DAY.format((LocalDate) first.get("date")), label, value);
        row(table, text("slip.slot", locale), (String) first.get("slot"), label, value);
        row(table, text("slip.centre", locale), first.get("centre") + "\n" + first.get("address") + "\n" + first.get("district"),
                label, value);
        row(table, text("slip.vaccine", locale), first.get("vaccine") + " — " + text("slip.dose", locale) + " " + first.get("dose"),
                label, value);
        for (Map<String, Object> r : rows) {
            row(table, text("slip.beneficiary", locale), (String) r.get("person"), label, value);
        }
        document.add(table);
        document.add(new Paragraph(" "));
        document.add(new Paragraph(text("slip.bring", locale), value));
        document.close();
        return out.toByteArray();
    }

    private String text(String key, Locale locale) {
        return messages.getMessage(key, null, locale);
    }

    private static void row(PdfPTable table, String name, String text, Font label, Font value) {
        table.addCell(new com.lowagie.text.Phrase(name, label));
        table.addCell(new com.lowagie.text.Phrase(text, value));
    }

    private static Image qrImage(String text) {
        try {
            BitMatrix matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 200, 200,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 2));
            BufferedImage image = new BufferedImage(matrix.getWidth(), matrix.getHeight(), BufferedImage.TYPE_INT_RGB);
            for (int x = 0; x < matrix.getWidth(); x++) {
                for (int y = 0; y < matrix.getHeight(); y++) {
                    image.setRGB(x, y, matrix.get(x, y) ? 0x000000 : 0xFFFFFF);
                }
            }
            return Image.getInstance(image, null);
        } catch (WriterException | java.io.IOException e) {
            throw new IllegalStateException("Cannot draw the QR code", e);
        }
    }
}
