package org.openvin.certificate.internal;

import java.util.List;
import org.openvin.identity.Beneficiaries;
import org.openvin.identity.Beneficiary;
import org.openvin.identity.BeneficiaryCorrection;
import org.openvin.identity.BeneficiaryId;
import org.openvin.identity.CurrentUser;
import org.openvin.identity.StaffPrincipal;
import org.openvin.platform.ApiException;
import org.openvin.platform.AuditTrail;
import org.openvin.profile.CountryProfile;
import org.openvin.vaccination.Vaccinations;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Certificates for their holders (citizen account) and for the facility that vaccinated them. */
@RestController
class CertificateController {

    private final Beneficiaries beneficiaries;
    private final Vaccinations vaccinations;
    private final CertificateStore store;
    private final CertificatePdf pdf;
    private final CorrectingCertificate correcting;
    private final CountryProfile profile;
    private final AuditTrail audit;

    CertificateController(Beneficiaries beneficiaries, Vaccinations vaccinations, CertificateStore store, CertificatePdf pdf,
                          CorrectingCertificate correcting, CountryProfile profile, AuditTrail audit) {
        this.beneficiaries = beneficiaries;
        this.vaccinations = vaccinations;
        this.store = store;
        this.pdf = pdf;
        this.correcting = correcting;
        this.profile = profile;
        this.audit = audit;
    }

    record Qr(String format, String payload) {
    }

    record Correct(String beneficiary_reference_id, String name, Integer birth_year, Integer gender_id) {
    }

    @GetMapping({"/api/v2/registration/certificate/download", "/api/v2/registration/certificate/public/download"})
    ResponseEntity<byte[]> download(@RequestParam(name = "beneficiary_reference_id", required = false) String ref) {
        Beneficiary b = ownBeneficiary(ref);
        List<CertificateStore.Stored> certificates = issued(b.id());
        audit.record("CERTIFICATE_DOWNLOAD", "beneficiary:" + b.id().value(), "by holder");
        return pdf(b, certificates);
    }

    @GetMapping("/api/v2/registration/certificate/qr")
    Qr qr(@RequestParam(name = "beneficiary_reference_id", required = false) String ref,
          @RequestParam(name = "format", required = false) String format) {
        if (format == null || !profile.certificates().formats().contains(format)) {
            throw ApiException.badRequest("CERTIF0002", "format must be one of " + profile.certificates().formats());
        }
        Beneficiary b = ownBeneficiary(ref);
        String payload = CertificatePdf.payload(issued(b.id()).getLast(), format);
        if (payload == null) {
            throw ApiException.notFound("CERTIF0003", "No certificate in format " + format);
        }
        return new Qr(format, payload);
    }

    @PostMapping("/api/v2/registration/certificate/correct")
    ResponseEntity<Void> correct(@RequestBody Correct body) {
        long account = CurrentUser.citizen().accountId();
        if (!BeneficiaryId.isValid(body.beneficiary_reference_id())) {
            throw ApiException.badRequest("CERTIF0004", "beneficiary_reference_id must be 14 digits");
        }
        correcting.correct(account, new BeneficiaryId(body.beneficiary_reference_id()),
                new BeneficiaryCorrection.Correction(body.name(), body.birth_year(), body.gender_id()));
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/v2/vaccinator/certificate/download")
    ResponseEntity<byte[]> vaccinatorDownload(@RequestParam(name = "beneficiary_reference_id", required = false) String ref) {
        StaffPrincipal staff = CurrentUser.staff();
        if (!BeneficiaryId.isValid(ref)) {
            throw ApiException.badRequest("CERTIF0004", "beneficiary_reference_id must be 14 digits");
        }
        BeneficiaryId id = new BeneficiaryId(ref);
        Long centre = staff.scope().centreId();
        if (centre == null || !vaccinations.givenAt(id, centre)) {
            audit.refused("CERTIFICATE_DOWNLOAD", "beneficiary:" + ref, "not vaccinated at the staff member's facility");
            throw ApiException.notFound("CERTIF0003", "No certificate of a dose given at your facility");
        }
        Beneficiary b = beneficiaries.find(id).orElseThrow(() -> ApiException.notFound("CERTIF0004", "Beneficiary not found"));
        List<CertificateStore.Stored> certificates = issued(id);
        audit.record("CERTIFICATE_DOWNLOAD", "beneficiary:" + ref, "by facility staff");
        return pdf(b, certificates);
    }

    private Beneficiary ownBeneficiary(String ref) {
        long account = CurrentUser.citizen().accountId();
        if (!BeneficiaryId.isValid(ref)) {
            throw ApiException.badRequest("CERTIF0004", "beneficiary_reference_id must be 14 digits");
        }
        return beneficiaries.find(new BeneficiaryId(ref)).filter(b -> b.accountId() == account)
                .orElseThrow(() -> ApiException.notFound("CERTIF0004", "Beneficiary not found in your account"));
    }

    private List<CertificateStore.Stored> issued(BeneficiaryId id) {
        List<CertificateStore.Stored> certificates = store.issuedFor(id);
        if (certificates.isEmpty()) {
            throw ApiException.notFound("CERTIF0003", "No certificate has been issued for this beneficiary yet");
        }
        return certificates;
    }

    private ResponseEntity<byte[]> pdf(Beneficiary b, List<CertificateStore.Stored> certificates) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"certificate-" + b.id().value() + ".pdf\"")
                .body(pdf.render(b, certificates));
    }
}
