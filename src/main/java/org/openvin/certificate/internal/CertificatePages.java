package org.openvin.certificate.internal;

import java.util.ArrayList;
import java.util.List;
import org.openvin.certificate.codec.QrCodes;
import org.openvin.certificate.codec.W3cVerifiableCredential;
import org.openvin.identity.Beneficiaries;
import org.openvin.identity.Beneficiary;
import org.openvin.identity.BeneficiaryId;
import org.openvin.identity.CurrentUser;
import org.openvin.identity.MemberLinks;
import org.openvin.platform.ApiException;
import org.openvin.platform.AuditTrail;
import org.openvin.platform.PersonHandles;
import org.openvin.profile.CountryProfile;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The holder's certificates on the account page: under each vaccinated member, the PDF and one
 * page per QR format (the image and its text). Session-authenticated, the member's own account
 * only, the same store and PDF as the API's download.
 */
@Controller
class CertificatePages implements MemberLinks {

    private final Beneficiaries beneficiaries;
    private final CertificateStore store;
    private final CertificatePdf pdf;
    private final CountryProfile profile;
    private final AuditTrail audit;
    private final PersonHandles handles;

    CertificatePages(Beneficiaries beneficiaries, CertificateStore store, CertificatePdf pdf, CountryProfile profile,
                     AuditTrail audit, PersonHandles handles) {
        this.handles = handles;
        this.beneficiaries = beneficiaries;
        this.store = store;
        this.pdf = pdf;
        this.profile = profile;
        this.audit = audit;
    }

    @Override
    public List<Link> linksFor(Beneficiary member) {
        if (member.dosesReceived() == 0 || store.latestFor(member.id()).isEmpty()) {
            return List.of();
        }
        List<Link> links = new ArrayList<>();
        String base = "/account/certificates/" + handles.of(member.id().value());
        links.add(new Link(base + "/pdf", "cert.link.pdf"));
        for (String format : profile.certificates().formats()) {
            links.add(new Link(base + "/qr?format=" + format, "cert.link." + format));
        }
        return links;
    }

    @GetMapping("/account/certificates/{handle}/pdf")
    ResponseEntity<byte[]> download(@PathVariable String handle) {
        Beneficiary b = own(handle);
        List<CertificateStore.Stored> issued = issued(b);
        audit.record("CERTIFICATE_DOWNLOAD", "beneficiary:" + b.id().value(), "by holder (page)");
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"certificate-" + b.id().value() + ".pdf\"")
                .body(pdf.render(b, issued));
    }

    @GetMapping("/account/certificates/{handle}/qr")
    String qrPage(@PathVariable String handle, @RequestParam(defaultValue = "") String format, Model model) {
        Beneficiary b = own(handle);
        String payload = payload(b, format);
        model.addAttribute("name", b.name());
        model.addAttribute("format", format);
        model.addAttribute("formatKey", "cert.link." + format);
        model.addAttribute("payload", payload);
        model.addAttribute("image", "/account/certificates/" + handle + "/qr.png?format=" + format);
        return "certificate/qr";
    }

    @GetMapping(value = "/account/certificates/{handle}/qr.png", produces = MediaType.IMAGE_PNG_VALUE)
    ResponseEntity<byte[]> qrImage(@PathVariable String handle, @RequestParam(defaultValue = "") String format) {
        Beneficiary b = own(handle);
        CertificateStore.Stored latest = issued(b).getLast();
        String payload = payload(b, format);
        byte[] png = switch (format) {
            case "eu-dcc" -> QrCodes.euDcc(payload);
            case "shc" -> QrCodes.smartHealthCard(payload);
            default -> QrCodes.w3cZip(W3cVerifiableCredential.zip(latest.w3cVc()));
        };
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).contentType(MediaType.IMAGE_PNG).body(png);
    }

    private String payload(Beneficiary b, String format) {
        if (!profile.certificates().formats().contains(format)) {
            throw ApiException.badRequest("CERTIF0002", "format must be one of " + profile.certificates().formats());
        }
        String payload = CertificatePdf.payload(issued(b).getLast(), format);
        if (payload == null) {
            throw ApiException.notFound("CERTIF0003", "No certificate in format " + format);
        }
        return payload;
    }

    /** The account's own member that a link's handle stands for. */
    private Beneficiary own(String handle) {
        long account = CurrentUser.citizen().accountId();
        String ref = handles.ref(handle).orElse("");
        return (BeneficiaryId.isValid(ref) ? beneficiaries.find(new BeneficiaryId(ref)) : java.util.Optional.<Beneficiary>empty())
                .filter(b -> b.accountId() == account)
                .orElseThrow(() -> ApiException.notFound("CERTIF0004", "Beneficiary not found in your account"));
    }

    private List<CertificateStore.Stored> issued(Beneficiary b) {
        List<CertificateStore.Stored> issued = store.issuedFor(b.id());
        if (issued.isEmpty()) {
            throw ApiException.notFound("CERTIF0003", "No certificate has been issued for this beneficiary yet");
        }
        return issued;
    }
}
