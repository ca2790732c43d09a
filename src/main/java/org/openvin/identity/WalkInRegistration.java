package org.openvin.identity;

/**
 * A vaccinator registers a person who walked in without an account: the citizen account of the
 * mobile number is found or created, then the beneficiary is registered under the same rules as
 * a citizen's own registration.
 */
public interface WalkInRegistration {

    record WalkIn(String mobile, String name, String birthYear, Integer genderId, Integer photoIdType,
                  String photoIdNumber, String comorbidityInd) {
    }

    BeneficiaryId register(WalkIn walkIn);
}
