package org.openvin.vaccination.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.openvin.identity.Beneficiary;
import org.openvin.profile.ProfileDocument.Vaccine;
import org.openvin.scheduling.Session;

/**
 * The dose rules at the point of care. Pure: no database. Returns every rule the dose breaks;
 * a facility admin may override those marked overridable (with a reason, audited), never the others.
 */
final class DosePolicy {

    record Refusal(String errorCode, String message, boolean overridable) {
    }

    private DosePolicy() {
    }

    /**
     * @param vaccine  the profile's vaccine, null when the name is unknown
     * @param session  the session the dose is given in, null for a walk-in
     */
    static List<Refusal> check(Beneficiary b, String vaccineName, Vaccine vaccine, int dose, LocalDate date,
                               LocalDate today, Session session) {
        List<Refusal> refusals = new ArrayList<>();
        if (date.isAfter(today)) {
            refusals.add(new Refusal("VACCIN0009", "vaccinated_at cannot be in the future", false));
        } else if (date.isBefore(today)) {
            refusals.add(new Refusal("VACCIN0008",
                    "A back-dated vaccination needs a facility admin's override_reason", true));
        }
        if (vaccine == null) {
            refusals.add(new Refusal("VACCIN0006", "Unknown vaccine " + vaccineName, false));
            return refusals;
        }
        if (session != null && !session.vaccine().equalsIgnoreCase(vaccine.name())) {
            refusals.add(new Refusal("VACCIN0007", "This session gives " + session.vaccine() + ", not " + vaccine.name(), true));
        }
        int received = b.dosesReceived();
        if (dose < 1 || dose > vaccine.doses() + (vaccine.boosterMinDays() == null ? 0 : 1)) {
            refusals.add(new Refusal("VACCIN0001", "Dose " + dose + " does not exist for " + vaccine.name(), false));
            return refusals;
        }
        if (dose != received + 1) {
            refusals.add(new Refusal("VACCIN0001", received == 0
                    ? "Dose 1 comes first: this beneficiary has not been vaccinated yet"
                    : "This beneficiary has received " + received + " dose(s); the next one is dose " + (received + 1),
                    false));
            return refusals;
        }
        if (received > 0 && dose <= vaccine.doses() && b.vaccine() != null && !b.vaccine().equalsIgnoreCase(vaccine.name())) {
            refusals.add(new Refusal("VACCIN0002", "The series must be completed with the same vaccine (" + b.vaccine() + ")", true));
        }
        if (received > 0 && b.lastDoseDate() != null) {
            boolean booster = dose > vaccine.doses();
            LocalDate earliest = b.lastDoseDate().plusDays(booster ? vaccine.boosterMinDays() : vaccine.minIntervalDays());
            if (date.isBefore(earliest)) {
                refusals.add(new Refusal("VACCIN0003", "Too early: dose " + dose + " of " + vaccine.name()
                        + " is due from " + earliest, true));
            }
            LocalDate latest = b.lastDoseDate().plusDays(vaccine.maxIntervalDays());
            if (!booster && date.isAfter(latest)) {
                refusals.add(new Refusal("VACCIN0004", "Too late: dose " + dose + " of " + vaccine.name()
                        + " was due by " + latest, true));
            }
        }
        int age = b.ageIn(date.getYear());
        if (vaccine.minAge() != null && age < vaccine.minAge() || vaccine.maxAge() != null && age > vaccine.maxAge()) {
            refusals.add(new Refusal("VACCIN0005", vaccine.name() + " is not given at age " + age, true));
        } else if (session != null && (age < session.minAge() || session.maxAge() != null && age > session.maxAge())) {
            refusals.add(new Refusal("VACCIN0005", "Age " + age + " is outside this session's ages " + session.minAge()
                    + (session.maxAge() == null ? "+" : "-" + session.maxAge()), true));
        }
        return refusals;
    }
}
