package org.openvin.identity;

/** A citizen removed a beneficiary; modules holding its future plans (appointments) drop them. */
public record BeneficiaryDeleted(BeneficiaryId beneficiaryId, long accountId) {
}
