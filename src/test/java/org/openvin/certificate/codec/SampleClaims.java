package org.openvin.certificate.codec;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.LocalDate;

/** A realistic dose certificate and fresh keys, shared by the codec tests. */
final class SampleClaims {

    static final Instant ISSUED_AT = Instant.parse("2026-03-02T09:30:00Z");

    private SampleClaims() {
    }

    static VaccinationClaim secondDose() {
        return new VaccinationClaim(
                "Müller-Lüdenscheidt", "Zoë Anaïs", "1984-07-21", "female", "REF-4711-0815",
                Uvci.of("LK", "OPENVIN/2026/000123"), "Ministry of Health, Sri Lanka", "LK", "https://vaccines.health.gov.lk",
                "840539006", "Comirnaty", "1119349007", "J07BX03", "EU/1/20/1528", "ORG-100030215",
                "BioNTech Manufacturing GmbH", "XM0GQ8", "208", "FK4176", LocalDate.of(2026, 3, 1), 2, 2,
                "MOH Office Colombo 05", "12 Havelock Road, Colombo 05", "Dr. N. Perera",
                ISSUED_AT, Instant.parse("2027-03-02T09:30:00Z"));
    }

    static KeyPair p256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
