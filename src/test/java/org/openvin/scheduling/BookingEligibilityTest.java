package org.openvin.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.openvin.identity.Beneficiary;
import org.openvin.identity.BeneficiaryId;
import org.openvin.profile.CountryProfile;
import org.openvin.profile.ProfileFactory;

/** Every booking rule, without a database. */
class BookingEligibilityTest {

    static final CountryProfile india = ProfileFactory.load("india");
    static final LocalDate day = LocalDate.of(2026, 12, 1);

    static Beneficiary person(int birthYear, int doses, String vaccine, LocalDate lastDose) {
        return new Beneficiary(new BeneficiaryId("12345678901234"), 1, "Test", birthYear, 1, 1, "XXXX1234", "N",
                doses == 0 ? Beneficiary.NOT_VACCINATED : Beneficiary.PARTIALLY_VACCINATED, vaccine, doses,
                doses > 0 ? lastDose : null, null, lastDose, 0);
    }

    private static String refusal(Beneficiary b, int dose, String vaccine, int minAge, Integer maxAge) {
        return BookingEligibility.check(b, dose, india.vaccine(vaccine).orElseThrow(), day, minAge, maxAge)
                .map(BookingEligibility.Refusal::errorCode).orElse("OK");
    }

    @Test
    void dose1ForAnEligibleAdult() {
        assertThat(refusal(person(1980, 0, null, null), 1, "COVISHIELD", 18, null)).isEqualTo("OK");
    }

    @Test
    void ageOutsideTheSessionLimitsIsRefused() {
        assertThat(refusal(person(2000, 0, null, null), 1, "COVISHIELD", 45, null)).isEqualTo("APPOIN0044");
        assertThat(refusal(person(1950, 0, null, null), 1, "COVISHIELD", 18, 44)).isEqualTo("APPOIN0044");
        assertThat(refusal(person(2015, 0, null, null), 1, "COVISHIELD", 0, null)).isEqualTo("APPOIN0044");
    }

    @Test
    void dose2BeforeDose1IsRefused() {
        assertThat(refusal(person(1980, 0, null, null), 2, "COVISHIELD", 18, null)).isEqualTo("APPOIN0050");
    }

    @Test
    void dose1TwiceIsRefused() {
        assertThat(refusal(person(1980, 1, "COVISHIELD", day.minusDays(90)), 1, "COVISHIELD", 18, null))
                .isEqualTo("APPOIN0050");
    }

    @Test
    void dose2MustUseTheSameVaccine() {
        assertThat(refusal(person(1980, 1, "COVAXIN", day.minusDays(30)), 2, "COVISHIELD", 18, null))
                .isEqualTo("APPOIN0051");
    }

    @Test
    void dose2MustFallInsideTheProfileInterval() {
        assertThat(refusal(person(1980, 1, "COVISHIELD", day.minusDays(83)), 2, "COVISHIELD", 18, null)).isEqualTo("APPOIN0052");
        assertThat(refusal(person(1980, 1, "COVISHIELD", day.minusDays(84)), 2, "COVISHIELD", 18, null)).isEqualTo("OK");
        assertThat(refusal(person(1980, 1, "COVISHIELD", day.minusDays(112)), 2, "COVISHIELD", 18, null)).isEqualTo("OK");
        assertThat(refusal(person(1980, 1, "COVISHIELD", day.minusDays(113)), 2, "COVISHIELD", 18, null)).isEqualTo("APPOIN0052");
        assertThat(refusal(person(1980, 1, "COVAXIN", day.minusDays(27)), 2, "COVAXIN", 18, null)).isEqualTo("APPOIN0052");
        assertThat(refusal(person(1980, 1, "COVAXIN", day.minusDays(28)), 2, "COVAXIN", 18, null)).isEqualTo("OK");
    }

    @Test
    void thePrecautionDoseFollowsTheBoosterInterval() {
        assertThat(refusal(person(1980, 2, "COVISHIELD", day.minusDays(269)), 3, "COVISHIELD", 18, null)).isEqualTo("APPOIN0052");
        assertThat(refusal(person(1980, 2, "COVISHIELD", day.minusDays(270)), 3, "COVISHIELD", 18, null)).isEqualTo("OK");
        assertThat(refusal(person(1980, 2, "COVISHIELD", day.minusDays(300)), 4, "COVISHIELD", 18, null)).isEqualTo("APPOIN0053");
    }
}
