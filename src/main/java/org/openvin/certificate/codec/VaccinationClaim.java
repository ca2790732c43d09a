package org.openvin.certificate.codec;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What one dose certificate says, following the WHO DDCC:VS core data set. Every codec in this
 * package turns this one record into its own wire format, so a dose recorded once reads the same
 * in every certificate a country chooses to issue.
 *
 * @param birthDate       {@code YYYY} or {@code YYYY-MM-DD}: many registries know only the year
 * @param gender          {@code male}, {@code female} or {@code other}
 * @param holderId        the identifier the holder is known by, e.g. the beneficiary reference id
 * @param certificateId   the certificate's own id (a UVCI for EU DCC)
 * @param issuerCountry   ISO 3166-1 alpha-2
 * @param diseaseCode     SNOMED CT disease targeted, {@code 840539006} for COVID-19
 * @param vaccine         the brand name as shown to people
 * @param euProduct       EU product code, e.g. {@code EU/1/20/1528}
 * @param euManufacturer  EU manufacturer code, e.g. {@code ORG-100030215}
 * @param cvx             CDC CVX code, null where the vaccine has none
 * @param vaccinatorName  null where the country does not print the vaccinator
 * @param validUntil      null for a certificate that does not expire
 */
public record VaccinationClaim(
        String familyName,
        String givenName,
        String birthDate,
        String gender,
        String holderId,
        String certificateId,
        String issuerName,
        String issuerCountry,
        String issuerUrl,
        String diseaseCode,
        String vaccine,
        String vaccineTypeSnomed,
        String atc,
        String euProduct,
        String euManufacturer,
        String manufacturerName,
        String icd11,
        String cvx,
        String lot,
        LocalDate vaccinationDate,
        int dose,
        int totalDoses,
        String centreName,
        String centreAddress,
        String vaccinatorName,
        Instant issuedAt,
        Instant validUntil) {

    public VaccinationClaim {
        Objects.requireNonNull(familyName, "familyName");
        Objects.requireNonNull(birthDate, "birthDate");
        Objects.requireNonNull(certificateId, "certificateId");
        Objects.requireNonNull(vaccinationDate, "vaccinationDate");
        Objects.requireNonNull(issuedAt, "issuedAt");
        if (!birthDate.matches("\\d{4}(-\\d{2}-\\d{2})?")) {
            throw new IllegalArgumentException("birthDate must be YYYY or YYYY-MM-DD: " + birthDate);
        }
        if (dose < 1 || totalDoses < 1) {
            throw new IllegalArgumentException("dose and totalDoses start at 1");
        }
    }
}
