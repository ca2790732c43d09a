package org.openvin.identity;

/** A beneficiary's reference id: 14 digits, as CoWIN issued them. */
public record BeneficiaryId(String value) {

    public BeneficiaryId {
        if (value == null || !value.matches("[0-9]{14}")) {
            throw new IllegalArgumentException("A beneficiary reference id is 14 digits");
        }
    }

    public static boolean isValid(String value) {
        return value != null && value.matches("[0-9]{14}");
    }

    @Override
    public String toString() {
        return value;
    }
}
