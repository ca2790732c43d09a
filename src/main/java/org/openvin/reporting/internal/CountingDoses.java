package org.openvin.reporting.internal;

import org.openvin.identity.Beneficiaries;
import org.openvin.identity.BeneficiaryId;
import org.openvin.profile.CountryProfile;
import org.openvin.profile.ProfileDocument.AgeGroup;
import org.openvin.registry.Centres;
import org.openvin.vaccination.DoseRecorded;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Adds each recorded dose to the dashboard aggregates, once: the event is delivered after the
 * dose commits (and again after a crash), and {@code counted_dose} makes the second delivery a
 * no-op.
 */
@Component
class CountingDoses {

    private final JdbcClient jdbc;
    private final Beneficiaries beneficiaries;
    private final Centres centres;
    private final CountryProfile profile;

    CountingDoses(JdbcClient jdbc, Beneficiaries beneficiaries, Centres centres, CountryProfile profile) {
        this.jdbc = jdbc;
        this.beneficiaries = beneficiaries;
        this.centres = centres;
        this.profile = profile;
    }

    @ApplicationModuleListener
    void on(DoseRecorded dose) {
        int fresh = jdbc.sql("INSERT INTO counted_dose (vaccination_id) VALUES (?) ON CONFLICT DO NOTHING")
                .param(dose.vaccinationId()).update();
        if (fresh == 0) {
            return;
        }
        var person = beneficiaries.find(new BeneficiaryId(dose.beneficiaryId())).orElse(null);
        var centre = centres.find(dose.centreId()).orElseThrow();
        String ageGroup = person == null ? "unknown" : ageGroup(dose.vaccinatedOn().getYear() - person.birthYear());
        String gender = person == null ? "unknown"
                : profile.gender(person.genderId()).map(g -> g.name()).orElse("unknown");
        jdbc.sql("""
                        INSERT INTO dose_aggregate (day, state_id, district_id, age_group, gender, vaccine, dose, completes, doses)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)
                        ON CONFLICT (day, district_id, age_group, gender, vaccine, dose, completes)
                        DO UPDATE SET doses = dose_aggregate.doses + 1""")
                .params(dose.vaccinatedOn(), centre.stateId(), centre.districtId(), ageGroup, gender, dose.vaccine(),
                        dose.dose(), dose.dose() == dose.totalDoses())
                .update();
    }

    String ageGroup(int age) {
        for (AgeGroup group : profile.document().ageGroups()) {
            if (age >= group.min() && (group.max() == null || age <= group.max())) {
                return group.name();
            }
        }
        return "other";
    }
}
