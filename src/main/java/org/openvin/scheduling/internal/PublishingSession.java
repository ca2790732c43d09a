package org.openvin.scheduling.internal;


import java.util.List;
import java.util.UUID;
import org.openvin.platform.ApiException;
import org.openvin.profile.CountryProfile;
import org.openvin.registry.Centre;
import org.openvin.registry.Centres;
import org.openvin.scheduling.NewSession;
import org.openvin.scheduling.SlotLabels;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A facility publishes a session: the session row and its slots, capacity shared over the slots. */
@Service
public class PublishingSession {

    private final AvailabilityIndex availability;

    private final JdbcClient jdbc;
    private final Centres centres;
    private final CountryProfile profile;

    PublishingSession(JdbcClient jdbc, Centres centres, CountryProfile profile, AvailabilityIndex availability) {
        this.availability = availability;
        this.jdbc = jdbc;
        this.centres = centres;
        this.profile = profile;
    }

    /** Publishes the session; returns false when a session with that id already exists. */
    @Transactional
    public boolean publish(NewSession s) {
        availability.changedHere();
        Centre centre = centres.find(s.centreId())
                .orElseThrow(() -> ApiException.notFound("CENTRE_NOT_FOUND", "No centre with id " + s.centreId()));
        var vaccine = profile.vaccine(s.vaccine())
                .orElseThrow(() -> ApiException.badRequest("UNKNOWN_VACCINE", "Unknown vaccine '" + s.vaccine() + "'"));
        if (s.capacityDose1() < 0 || s.capacityDose2() < 0 || s.capacityBooster() < 0 || s.walkInCapacity() < 0) {
            throw ApiException.badRequest("INVALID_CAPACITY", "Capacities cannot be negative");
        }
        if (s.minAge() < 0 || (s.maxAge() != null && s.maxAge() < s.minAge())) {
            throw ApiException.badRequest("INVALID_AGE_LIMIT", "max_age must not be below min_age");
        }
        List<String> slots = s.slots() == null || s.slots().isEmpty()
                ? SlotLabels.forDay(centre.opensAt(), centre.closesAt()) : s.slots();
        UUID id = s.id() == null ? UUID.randomUUID() : s.id();
        int inserted = jdbc.sql("""
                        INSERT INTO vaccination_session (id, centre_id, session_date, vaccine, min_age, max_age, fee,
                            capacity_dose1, capacity_dose2, capacity_booster, walk_in_capacity, slot_labels)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (id) DO NOTHING""")
                .params(id, centre.id(), s.date(), vaccine.name(), s.minAge(), s.maxAge(), centre.feeFor(vaccine.name()),
                        s.capacityDose1(), s.capacityDose2(), s.capacityBooster(), s.walkInCapacity(),
                        slots.toArray(String[]::new))
                .update();
        if (inserted == 0) {
            return false;
        }
        int[] shares = SlotLabels.share(s.capacityDose1() + s.capacityDose2() + s.capacityBooster(), slots.size());
        for (int i = 0; i < slots.size(); i++) {
            jdbc.sql("INSERT INTO session_slot (session_id, position, label, capacity) VALUES (?, ?, ?, ?)")
                    .params(id, i, slots.get(i), shares[i]).update();
        }
        return true;
    }
}
