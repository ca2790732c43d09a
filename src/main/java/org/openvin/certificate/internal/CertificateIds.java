package org.openvin.certificate.internal;

import java.util.UUID;
import org.openvin.certificate.codec.Uvci;
import org.openvin.profile.CountryProfile;
import org.openvin.vaccination.CertificateNumbering;
import org.springframework.stereotype.Component;

/**
 * UVCIs from the vaccination id: {@code URN:UVCI:01:<CC>:<32 hex digits>#<check>} for the first
 * certificate of a dose, {@code …/R<n>} for the n-th after corrections. Deterministic, so the
 * recording's answer names the certificate before issuance runs.
 */
@Component
class CertificateIds implements CertificateNumbering {

    private final CountryProfile profile;

    CertificateIds(CountryProfile profile) {
        this.profile = profile;
    }

    @Override
    public String certificateIdFor(UUID vaccinationId) {
        return idFor(vaccinationId, 1);
    }

    String idFor(UUID vaccinationId, int revision) {
        String hex = vaccinationId.toString().replace("-", "").toUpperCase();
        return Uvci.of(profile.certificates().issuer().country(), revision == 1 ? hex : hex + "/R" + revision);
    }
}
