package org.openvin.scheduling.internal;


import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openvin.identity.CurrentUser;
import org.openvin.identity.StaffPrincipal;
import org.openvin.platform.ApiException;
import org.openvin.platform.AuditTrail;
import org.openvin.profile.CountryProfile;
import org.openvin.registry.Centre;
import org.openvin.registry.Centres;
import org.openvin.scheduling.CapacityAdvice;
import org.openvin.scheduling.NewSession;
import org.openvin.scheduling.Session;
import org.openvin.scheduling.Sessions;
import org.openvin.scheduling.SlotLabels;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Facility admins (and the admins above them, in scope) publish sessions, change their capacity
 * — never below what is booked — and cancel them, which cancels every appointment and tells each
 * citizen by SMS.
 */
@RestController
@RequestMapping("/api/v2/admin/sessions")
class SessionAdministration {

    private final AvailabilityIndex availability;

    private final PublishingSession publishing;
    private final Sessions sessions;
    private final Centres centres;
    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final AppointmentSms notices;
    private final CountryProfile profile;
    private final Clock clock;
    private final ObjectProvider<CapacityAdvice> advice;

    SessionAdministration(PublishingSession publishing, Sessions sessions, Centres centres, JdbcClient jdbc,
                          AuditTrail audit, AppointmentSms notices, CountryProfile profile, Clock clock,
                          ObjectProvider<CapacityAdvice> advice, AvailabilityIndex availability) {
        this.availability = availability;
        this.advice = advice;
        this.publishing = publishing;
        this.sessions = sessions;
        this.centres = centres;
        this.jdbc = jdbc;
        this.audit = audit;
        this.notices = notices;
        this.profile = profile;
        this.clock = clock;
    }

    record SessionForm(Long center_id, String date, String vaccine, Integer min_age, Integer max_age,
                       Integer capacity_dose1, Integer capacity_dose2, Integer capacity_booster, Integer walk_in_capacity,
                       List<String> slots) {
    }

    record Capacity(Integer capacity_dose1, Integer capacity_dose2, Integer capacity_booster) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    Map<String, Object> publish(@RequestBody SessionForm f) {
        if (f.center_id() == null) {
            throw ApiException.badRequest("SESSION0001", "center_id is required");
        }
        Centre centre = inScope(f.center_id(), "SESSION_PUBLISH");
        LocalDate date = SearchParameters.date(f.date());
        if (date.isBefore(LocalDate.now(clock.withZone(profile.zone())))) {
            throw ApiException.badRequest("SESSION0002", "A session cannot be published in the past");
        }
        if (f.vaccine() == null || f.capacity_dose1() == null || f.capacity_dose2() == null) {
            throw ApiException.badRequest("SESSION0001", "vaccine, capacity_dose1 and capacity_dose2 are required");
        }
        UUID id = UUID.randomUUID();
        publishing.publish(new NewSession(id, centre.id(), date, f.vaccine(), f.min_age() == null ? 18 : f.min_age(),
                f.max_age(), f.capacity_dose1(), f.capacity_dose2(), f.capacity_booster() == null ? 0 : f.capacity_booster(),
                f.walk_in_capacity() == null ? 0 : f.walk_in_capacity(), f.slots() == null ? List.of() : f.slots()));
        audit.record("SESSION_PUBLISH", "session:" + id, "centre " + centre.id() + " " + date + " " + f.vaccine());
        // Published anyway: stock may still arrive; the admin is told now, not on the day.
        var warning = advice.stream().flatMap(a -> a.warningFor(centre.id(), date).stream()).findFirst();
        return warning.<Map<String, Object>>map(w -> Map.of("session_id", id.toString(), "warning", w))
                .orElseGet(() -> Map.of("session_id", id.toString()));
    }

    @PostMapping("/{id}/capacity")
    @Transactional
    Map<String, Object> changeCapacity(@PathVariable UUID id, @RequestBody Capacity c) {
        availability.changedHere();
        Session s = lockedSession(id);
        inScope(s.centreId(), "SESSION_CAPACITY");
        int dose1 = c.capacity_dose1() == null ? s.capacityDose1() : c.capacity_dose1();
        int dose2 = c.capacity_dose2() == null ? s.capacityDose2() : c.capacity_dose2();
        int booster = c.capacity_booster() == null ? s.capacityBooster() : c.capacity_booster();
        if (dose1 < s.bookedDose1() || dose2 < s.bookedDose2() || booster < s.bookedBooster()) {
            throw ApiException.conflict("SESSION0003", "Capacity cannot go below what is already booked ("
                    + s.bookedDose1() + " dose 1, " + s.bookedDose2() + " dose 2, " + s.bookedBooster() + " precaution)");
        }
        int[] shares = SlotLabels.share(dose1 + dose2 + booster, s.slots().size());
        List<Integer> bookedPerSlot = jdbc.sql("SELECT booked FROM session_slot WHERE session_id = ? ORDER BY position")
                .param(id).query(Integer.class).list();
        for (int i = 0; i < shares.length; i++) {
            if (shares[i] < bookedPerSlot.get(i)) {
                throw ApiException.conflict("SESSION0003", "Slot " + s.slots().get(i) + " already has "
                        + bookedPerSlot.get(i) + " bookings; the new capacity would leave it " + shares[i]);
            }
        }
        jdbc.sql("""
                        UPDATE vaccination_session SET capacity_dose1 = ?, capacity_dose2 = ?, capacity_booster = ?,
                            updated_at = now() WHERE id = ?""")
                .params(dose1, dose2, booster, id).update();
        for (int i = 0; i < shares.length; i++) {
            jdbc.sql("UPDATE session_slot SET capacity = ? WHERE session_id = ? AND position = ?")
                    .params(shares[i], id, i).update();
        }
        audit.record("SESSION_CAPACITY", "session:" + id, dose1 + "/" + dose2 + "/" + booster);
        return Map.of("session_id", id.toString(), "capacity_dose1", dose1, "capacity_dose2", dose2,
                "capacity_booster", booster);
    }

    @PostMapping("/{id}/cancel")
    @Transactional
    Map<String, Object> cancel(@PathVariable UUID id) {
        availability.changedHere();
        Session s = lockedSession(id);
        inScope(s.centreId(), "SESSION_CANCEL");
        if (s.cancelled()) {
            throw ApiException.conflict("APPOIN0041", "This session is already cancelled");
        }
        jdbc.sql("UPDATE vaccination_session SET cancelled = true, updated_at = now() WHERE id = ?").param(id).update();
        List<Long> accounts = jdbc.sql("""
                        UPDATE appointment SET status = 'SESSION_CANCELLED', updated_at = now()
                        WHERE session_id = ? AND status = 'BOOKED'
                        RETURNING account_id""")
                .param(id).query(Long.class).list().stream().distinct().toList();
        audit.record("SESSION_CANCEL", "session:" + id, accounts.size() + " account(s) notified");
        notices.queue(accounts, "sms.sessionCancelled", AvailabilitySearch.DAY.format(s.date()));
        return Map.of("session_id", id.toString(), "cancelled", true, "notified", accounts.size());
    }

    private Session lockedSession(UUID id) {
        jdbc.sql("SELECT id FROM vaccination_session WHERE id = ? FOR UPDATE").param(id).query(UUID.class).optional()
                .orElseThrow(() -> ApiException.notFound("APPOIN0039", "No session with that id"));
        return sessions.find(id).orElseThrow();
    }

    private Centre inScope(long centreId, String action) {
        StaffPrincipal staff = CurrentUser.staff();
        Centre centre = centres.find(centreId)
                .orElseThrow(() -> ApiException.notFound("CENTRE0001", "No centre with id " + centreId));
        boolean allowed = staff.role().isAdmin()
                && staff.scope().covers(centre.stateId(), centre.districtId(), centre.id());
        if (!allowed) {
            audit.refused(action, "centre:" + centreId, "outside the staff member's role or scope");
            throw ApiException.forbidden("SESSION0010", "You may not manage sessions of this centre");
        }
        return centre;
    }
}
