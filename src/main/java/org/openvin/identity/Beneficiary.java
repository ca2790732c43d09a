package org.openvin.identity;

import java.time.LocalDate;

/**
 * A registered beneficiary as other modules see it. The photo-ID number is only ever masked here;
 * the vaccination summary is kept up to date by the vaccination module as doses are recorded.
 */
public record Beneficiary(BeneficiaryId id, long accountId, String name, int birthYear, int genderId,
                          int photoIdType, String photoIdMasked, String comorbidityInd, String vaccinationStatus,
                          String vaccine, int dosesReceived, LocalDate dose1Date, LocalDate dose2Date,
                          LocalDate lastDoseDate, int corrections) {

    public static final String NOT_VACCINATED = "Not Vaccinated";
    public static final String PARTIALLY_VACCINATED = "Partially Vaccinated";
    public static final String VACCINATED = "Vaccinated";

    public int ageIn(int year) {
        return year - birthYear;
    }
}
