package org.openvin.certificate.internal;

import com.lowagie.text.Document;
import com.lowagie.text.Font;
import com.lowagie.text.Image;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import org.openvin.certificate.codec.QrCodes;
import org.openvin.certificate.codec.SmartHealthCard;
import org.openvin.certificate.codec.W3cVerifiableCredential;
import org.openvin.identity.Beneficiary;
import org.openvin.profile.CountryProfile;
import org.springframework.stereotype.Component;

/** The printable certificate: holder, doses, certificate id and the QR of the latest dose. */
@Component
class CertificatePdf {

    private final CountryProfile profile;

    CertificatePdf(CountryProfile profile) {
        this.profile = profile;
    }

    byte[] render(Beneficiary b, List<CertificateStore.Stored> certificates) {
        CertificateStore.Stored latest = certificates.getLast();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document document = new Document(PageSize.A4);
        try {
            PdfWriter.getInstance(document, out);
            document.open();
            document.add(new Paragraph(profile.certificates().issuer().name(), new Font(Font.HELVETICA, 12, Font.BOLD)));
            document.add(new Paragraph((latest.isFinal() ? "Final" : "Provisional") + " Certificate for COVID-19 Vaccination",
                    new Font(Font.HELVETICA, 16, Font.BOLD)));
            document.add(new Paragraph(" "));
            PdfPTable table = new PdfPTable(2);
            row(table, "Beneficiary Name", b.name());
            row(table, "Birth year", String.valueOf(b.birthYear()));
            row(table, "Gender", profile.gender(b.genderId()).map(g -> g.name()).orElse(""));
            row(table, "ID", profile.idType(b.photoIdType()).map(t -> t.name()).orElse("") + " " + b.photoIdMasked());
            row(table, "Beneficiary Reference ID", b.id().value());
            row(table, "Certificate ID", latest.id());
            row(table, "Vaccination status", b.vaccinationStatus());
            for (CertificateStore.Stored c : certificates) {
                row(table, "Dose " + c.dose() + " of " + c.totalDoses(), c.id());
            }
            document.add(table);
            byte[] qr = qr(latest);
            if (qr != null) {
                Image image = Image.getInstance(qr);
                image.scaleToFit(300, 300);
                document.add(image);
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

    private static void row(PdfPTable table, String label, String value) {
        table.addCell(label);
        table.addCell(value == null ? "" : value);
    }
}
