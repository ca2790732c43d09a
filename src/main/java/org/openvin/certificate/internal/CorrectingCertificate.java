package org.openvin.certificate.internal;

import org.openvin.identity.Beneficiary;
import org.openvin.identity.BeneficiaryCorrection;
import org.openvin.identity.BeneficiaryId;
import org.openvin.platform.AuditTrail;
import org.openvin.vaccination.Vaccination;
import org.openvin.vaccination.Vaccinations;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A citizen corrects a beneficiary's details: in one transaction the beneficiary is updated, its
 * certificates revoked, and each dose re-issued under the next revision with the corrected data.
 */
@Service
class CorrectingCertificate {

    private final BeneficiaryCorrection correction;
    private final Vaccinations vaccinations;
    private final CertificateStore store;
    private final IssuingCertificate issuing;
    private final AuditTrail audit;

    CorrectingCertificate(BeneficiaryCorrection correction, Vaccinations vaccinations, CertificateStore store,
                          IssuingCertificate issuing, AuditTrail audit) {
        this.correction = correction;
        this.vaccinations = vaccinations;
        this.store = store;
        this.issuing = issuing;
        this.audit = audit;
    }

    @Transactional
    void correct(long accountId, BeneficiaryId id, BeneficiaryCorrection.Correction c) {
        Beneficiary corrected = correction.correct(accountId, id, c);
        int revoked = store.revokeAll(id);
        for (Vaccination v : vaccinations.ofBeneficiary(id)) {
            issuing.issue(v, corrected, store.nextRevision(v.id()));
        }
        audit.record("CERTIFICATE_REVOKE", "beneficiary:" + id.value(), revoked + " certificate(s) revoked after correction");
    }
}
