package org.openvin.identity;

/**
 * A vaccinator registers a person who walked in without an account: the citizen account of the
 * mobile number is found or created, then the beneficiary is registered under the same rules as
 * a citizen's own registration — but kept apart from the number's owner (not in their family list,
 * not counted in its limit), since nobody confirmed the number by OTP.
 */
public interface WalkInRegistration {

    record WalkIn(String mobile, String name, String birthYear, Integer genderId, Integer photoIdType,
                  String photoIdNumber, String comorbidityInd) {
    }

    BeneficiaryId register(WalkIn walkIn);

    /** A walk-in registered now, or the person already registered with that photo ID (matched: true). */
    record Registered(BeneficiaryId id, boolean matched) {
    }

    /**
     * For walk-ins recorded offline and synced later: the device sends the whole registration with
     * the full photo-ID number of the person who was there, and gets back the person registered
     * with that number if there is one — never a list, never a partial match, never their details
     * — instead of a duplicate. The caller audits it.
     */
    Registered registerOrMatch(WalkIn walkIn);

    /**
     * Which field of a registration form (a citizen's member form or the console's walk-in form) a
     * refusal is about, by its error code: {@code name}, {@code birthYear}, {@code genderId},
     * {@code photoIdType}, {@code mobile}, {@code form} (the whole form) or else {@code photoIdNumber}.
     */
    static String fieldOf(String errorCode) {
        return switch (errorCode) {
            case "BENREG0006" -> "name";
            case "BENREG0005" -> "birthYear";
            case "BENREG0004" -> "genderId";
            case "BENREG0007" -> "photoIdType";
            case "BENREG0010" -> "mobile";
            case "BENREG0001" -> "form";
            default -> "photoIdNumber";
        };
    }
}
