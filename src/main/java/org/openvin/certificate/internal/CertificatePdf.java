package org.openvin.certificate.internal;

import com.lowagie.text.Document;
import com.lowagie.text.Font;
import com.lowagie.text.Image;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.openvin.platform.PdfFonts;
import org.openvin.profile.PrintLanguage;
import org.springframework.context.MessageSource;
import org.openvin.certificate.codec.QrCodes;
import org.openvin.certificate.codec.SmartHealthCard;
import org.openvin.certificate.codec.W3cVerifiableCredential;
import org.openvin.identity.Beneficiary;
import org.openvin.profile.CountryProfile;
import org.springframework.stereotype.Component;

/**
 * The printable certificate: holder, doses, certificate id and the QR of the latest dose, in the
 * language the request asks for (among the profile's), printed in a font that covers Hindi too.
 */
@Component
class CertificatePdf {

    private final CountryProfile profile;
    private final MessageSource messages;

    CertificatePdf(CountryProfile profile, MessageSource messages) {
        this.profile = profile;
        this.messages = messages;
    }

    byte[] render(Beneficiary b, List<CertificateStore.Stored> certificates) {
        String language = PrintLanguage.of(profile);
        Locale locale = Locale.forLanguageTag(language);
        CertificateStore.Stored latest = certificates.getLast();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document document = new Document(PageSize.A4);
        Font label = PdfFonts.bold(10);
        Font value = PdfFonts.regular(11);
        try {
            PdfWriter.getInstance(document, out);
            document.open();
            document.add(new Paragraph(profile.certificates().issuer().name(), PdfFonts.bold(12)));
            Paragraph title = new Paragraph(text(latest.isFinal() ? "cert.title.final" : "cert.title.provisional", locale,
                    profile.certificates().disease().name()), PdfFonts.bold(16));
            title.setSpacingAfter(10);
            document.add(title);
            document.add(new Paragraph(" "));
            PdfPTable table = new PdfPTable(2);
            table.setWidthPercentage(100);
            row(table, text("cert.name", locale), b.name(), label, value);
            row(table, text("cert.birthYear", locale), String.valueOf(b.birthYear()), label, value);
            row(table, text("cert.gender", locale), profile.gender(b.genderId()).map(g -> g.name(language)).orElse(""),
                    label, value);
            row(table, text("cert.id", locale), profile.idType(b.photoIdType()).map(t -> t.name(language)).orElse("")
                    + " " + b.photoIdMasked(), label, value);
            row(table, text("cert.reference", locale), b.id().value(), label, value);
            row(table, text("cert.certificateId", locale), latest.id(), label, value);
            row(table, text("cert.status", locale), b.vaccinationStatus(), label, value);
            for (CertificateStore.Stored c : certificates) {
                row(table, text("cert.dose", locale, c.dose(), c.totalDoses()), c.id(), label, value);
            }
            document.add(table);
            byte[] qr = qr(latest);
            if (qr != null) {
                Image image = Image.getInstance(qr);
                image.scaleToFit(300, 300);
                document.add(image);
                document.add(new Paragraph(text("cert.scan", locale), value));
            }
            document.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] qr(CertificateStore.Stored c) {
        if (c.euDcc() != null) {
            return QrCodes.euDcc(c.euDcc());
        }
        if (c.shc() != null) {
            return QrCodes.smartHealthCard(SmartHealthCard.toQrText(c.shc()));
        }
        if (c.w3cVc() != null) {
            return QrCodes.w3cZip(W3cVerifiableCredential.zip(c.w3cVc()));
        }
        return null;
    }

    /** The exact QR text of a format; for w3c-vc the base64 of the ZIP. Null when not issued in it. */
    static String payload(CertificateStore.Stored c, String format) {
        return switch (format) {
            case "eu-dcc" -> c.euDcc();
            case "shc" -> c.shc() == null ? null : SmartHealthCard.toQrText(c.shc());
            case "w3c-vc" -> c.w3cVc() == null ? null : Base64.getEncoder().encodeToString(W3cVerifiableCredential.zip(c.w3cVc()));
            default -> null;
        };
    }

    private String text(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, locale);
    }

    private static void row(PdfPTable table, String name, String text, Font label, Font value) {
        table.addCell(new Phrase(name, label));
        table.addCell(new Phrase(text == null ? "" : text, value));
    }
}
