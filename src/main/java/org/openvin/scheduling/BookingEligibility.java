package org.openvin.scheduling;

import java.time.LocalDate;
import java.util.Optional;
import org.openvin.identity.Beneficiary;
import org.openvin.profile.ProfileDocument.Vaccine;

/**
 * Who may book which dose of which session, from the profile's rules and the beneficiary's
 * history. Pure: no database, so every rule is tested on its own. Returns the refusal, if any.
 */
public final class BookingEligibility {

    public record Refusal(String errorCode, String message) {
    }

    private BookingEligibility() {
    }

    public static Optional<Refusal> check(Beneficiary b, int dose, Vaccine vaccine, LocalDate date, int minAge,
                                          Integer maxAge) {
        int age = b.ageIn(date.getYear());
        if (age < minAge || (maxAge != null && age > maxAge)) {
            return refuse("APPOIN0044", b.name() + " is " + age + " and this session is for ages " + minAge
                    + (maxAge == null ? "+" : "-" + maxAge));
        }
        if (vaccine.minAge() != null && age < vaccine.minAge() || vaccine.maxAge() != null && age > vaccine.maxAge()) {
            return refuse("APPOIN0044", vaccine.name() + " is not given at age " + age);
        }
        int received = b.dosesReceived();
        if (dose < 1 || dose > vaccine.doses() + 1) {
            return refuse("APPOIN0053", "Dose " + dose + " does not exist for " + vaccine.name());
        }
        if (dose != received + 1) {
            return refuse("APPOIN0050", received == 0
                    ? "Dose 1 comes first: " + b.name() + " has not been vaccinated yet"
                    : b.name() + " has received " + received + " dose(s); the next one is dose " + (received + 1));
        }
        if (received > 0 && b.vaccine() != null && !b.vaccine().equalsIgnoreCase(vaccine.name()) && dose <= vaccine.doses()) {
            return refuse("APPOIN0051", "The series must be completed with the same vaccine (" + b.vaccine() + ")");
        }
        if (received > 0 && dose <= vaccine.doses()) {
            LocalDate earliest = b.lastDoseDate().plusDays(vaccine.minIntervalDays());
            LocalDate latest = b.lastDoseDate().plusDays(vaccine.maxIntervalDays());
            if (date.isBefore(earliest) || date.isAfter(latest)) {
                return refuse("APPOIN0052", "Dose " + dose + " of " + vaccine.name() + " is due between "
                        + earliest + " and " + latest);
            }
        }
        if (dose > vaccine.doses()) {
            if (vaccine.boosterMinDays() == null) {
                return refuse("APPOIN0053", "No precaution dose is offered for " + vaccine.name());
            }
            LocalDate earliest = b.lastDoseDate().plusDays(vaccine.boosterMinDays());
            if (date.isBefore(earliest)) {
                return refuse("APPOIN0052", "The precaution dose is due from " + earliest);
            }
        }
        return Optional.empty();
    }

    private static Optional<Refusal> refuse(String code, String message) {
        return Optional.of(new Refusal(code, message));
    }
}
