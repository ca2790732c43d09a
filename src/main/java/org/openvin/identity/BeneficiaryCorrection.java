package org.openvin.identity;

/**
 * The owning citizen corrects name, birth year or gender of a beneficiary, at most the profile's
 * {@code limits.corrections_per_beneficiary} times. Joins the caller's transaction so the
 * certificate module can re-issue certificates with the corrected data in the same commit.
 */
public interface BeneficiaryCorrection {

    record Correction(String name, Integer birthYear, Integer genderId) {
    }

    /** @return the corrected beneficiary; 404 when not in the account, 409 when the limit is used up */
    Beneficiary correct(long accountId, BeneficiaryId id, Correction correction);
}
