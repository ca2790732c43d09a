package org.openvin.certificate.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VaccinationClaimTest {

    @Test
    void acceptsAFullOrYearOnlyBirthDate() {
        VaccinationClaim c = SampleClaims.secondDose();
        assertThat(withBirthDateAndDose(c, "1984", 1).birthDate()).isEqualTo("1984");
        assertThat(c.birthDate()).isEqualTo("1984-07-21");
    }

    @Test
    void rejectsOtherBirthDateFormatsAndDoseZero() {
        VaccinationClaim c = SampleClaims.secondDose();
        assertThatThrownBy(() -> withBirthDateAndDose(c, "21/07/1984", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> withBirthDateAndDose(c, "1984-07", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> withBirthDateAndDose(c, "1984", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static VaccinationClaim withBirthDateAndDose(VaccinationClaim c, String birthDate, int dose) {
        return new VaccinationClaim(c.familyName(), c.givenName(), birthDate, c.gender(), c.holderId(), c.certificateId(),
                c.issuerName(), c.issuerCountry(), c.issuerUrl(), c.diseaseCode(), c.vaccine(), c.vaccineTypeSnomed(), c.atc(),
                c.euProduct(), c.euManufacturer(), c.manufacturerName(), c.icd11(), c.cvx(), c.lot(), c.vaccinationDate(),
                dose, c.totalDoses(), c.centreName(), c.centreAddress(), c.vaccinatorName(), c.issuedAt(), c.validUntil());
    }
}
