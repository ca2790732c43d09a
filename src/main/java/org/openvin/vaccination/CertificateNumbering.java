package org.openvin.vaccination;

import java.util.UUID;

/**
 * Names the certificate a dose will get, at the moment the dose is recorded, so the answer to the
 * vaccinator can carry it before issuance completes. Implemented by the certificate module (which
 * knows the identifier scheme); declared here so vaccination does not depend on certificates.
 */
public interface CertificateNumbering {

    String certificateIdFor(UUID vaccinationId);
}
