package org.openvin.scheduling.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.openvin.identity.Beneficiaries;
import org.openvin.identity.Beneficiary;
import org.openvin.identity.BeneficiaryId;
import org.openvin.platform.ApiException;
import org.openvin.platform.AuditTrail;
import org.openvin.profile.CountryProfile;
import org.openvin.profile.ProfileDocument.Vaccine;
import org.openvin.scheduling.BookingEligibility;
import org.openvin.scheduling.CapacityBucket;
import org.openvin.scheduling.Session;
import org.openvin.scheduling.Sessions;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The booking as it was before it was cut to two round trips (commit 11514ce), kept in the tests
 * only so {@link BookingThroughput} can measure old and new side by side in one JVM. Not a bean:
 * {@link BookingThroughput} builds it and runs it in a transaction of its own.
 */
class BookingBefore {

    private final AvailabilityIndex availability;

    static final String FULL = BookingAppointment.FULL;
    static final String FULL_MESSAGE = "This vaccination center is completely booked for the selected date. "
            + "Please try another date or vaccination center.";
    private static final SecureRandom random = new SecureRandom();
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd-MM-yyyy");

    record Booked(UUID appointmentId, String confirmationNo) {
    }

    private final JdbcClient jdbc;
    private final Sessions sessions;
    private final Beneficiaries beneficiaries;
    private final CountryProfile profile;
    private final AuditTrail audit;
    private final AppointmentSms notices;
    private final SlotClock slotClock;
    private final Clock clock;

    BookingBefore(JdbcClient jdbc, Sessions sessions, Beneficiaries beneficiaries, CountryProfile profile,
                       AuditTrail audit, AppointmentSms notices, SlotClock slotClock, Clock clock,
                       AvailabilityIndex availability) {
        this.clock = clock;
        this.availability = availability;
        this.jdbc = jdbc;
        this.sessions = sessions;
        this.beneficiaries = beneficiaries;
        this.profile = profile;
        this.audit = audit;
        this.notices = notices;
        this.slotClock = slotClock;
    }

    Booked schedule(long accountId, int dose, String sessionIdText, String slot, List<String> referenceIds) {
        Session session = openSession(sessionIdText);
        Vaccine vaccine = vaccineOf(session);
        List<Beneficiary> group = ownBeneficiaries(accountId, referenceIds);
        for (Beneficiary b : group) {
            refuseIfIneligible(b, dose, vaccine, session);
            refuseIfRebookingTooOften(b);
        }
        int position = slotPosition(session, slot);
        UUID appointmentId = UUID.randomUUID();
        String confirmation = confirmationNumber();
        try {
            for (Beneficiary b : group) {
                jdbc.sql("""
                                INSERT INTO appointment (appointment_id, beneficiary_id, account_id, confirmation_no,
                                                         session_id, slot_position, dose)
                                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                        .params(appointmentId, b.id().value(), accountId, confirmation, session.id(), position, dose)
                        .update();
            }
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict("APPOIN0022", "A beneficiary already has an appointment for dose " + dose
                    + "; reschedule or cancel it first");
        }
        audit.record("APPOINTMENT_BOOK", "appointment:" + appointmentId,
                "session " + session.id() + " dose " + dose + " x" + group.size());
        notices.queue(List.of(accountId), "sms.booked", DAY.format(session.date()), slot, confirmation);
        // Capacity last: the hot session row then stays locked only from here to the commit.
        take(session, CapacityBucket.of(dose, vaccine), position, group.size());
        return new Booked(appointmentId, confirmation);
    }

    void reschedule(long accountId, String appointmentIdText, String sessionIdText, String slot) {
        UUID appointmentId = uuid(appointmentIdText, "APPOIN0030", "appointment_id is not valid");
        var rows = openRows(accountId, appointmentId);
        int limit = profile.limits().reschedulesPerAppointmentOrDefault();
        if (rows.getFirst().reschedules() >= limit) {
            audit.refused("APPOINTMENT_RESCHEDULE", "appointment:" + appointmentId, "reschedule limit reached");
            throw ApiException.conflict("APPOIN0061", "An appointment can be rescheduled at most " + limit
                    + " times; cancel it and book again");
        }
        Session target = openSession(sessionIdText);
        Vaccine vaccine = vaccineOf(target);
        int dose = rows.getFirst().dose();
        List<Beneficiary> group = new ArrayList<>();
        for (var row : rows) {
            Beneficiary b = beneficiaries.find(new BeneficiaryId(row.beneficiaryId()))
                    .orElseThrow(() -> ApiException.notFound("APPOIN0001", "Beneficiary not found"));
            refuseIfIneligible(b, dose, vaccine, target);
            group.add(b);
        }
        int position = slotPosition(target, slot);
        Session current = sessions.find(rows.getFirst().sessionId()).orElseThrow();
        release(current, CapacityBucket.of(dose, vaccineOf(current)), rows.getFirst().slotPosition(), rows.size());
        take(target, CapacityBucket.of(dose, vaccine), position, rows.size());
        jdbc.sql("""
                        UPDATE appointment SET session_id = ?, slot_position = ?, reschedules = reschedules + 1, updated_at = now()
                        WHERE appointment_id = ? AND status = 'BOOKED'""")
                .params(target.id(), position, appointmentId).update();
        audit.record("APPOINTMENT_RESCHEDULE", "appointment:" + appointmentId,
                current.id() + " -> " + target.id() + " " + slot);
        notices.queue(List.of(accountId), "sms.moved", rows.getFirst().confirmationNo(), DAY.format(target.date()),
                slot);
    }

    void cancel(long accountId, String appointmentIdText, List<String> referenceIds) {
        UUID appointmentId = uuid(appointmentIdText, "APPOIN0030", "appointment_id is not valid");
        var rows = openRows(accountId, appointmentId);
        var wanted = referenceIds == null || referenceIds.isEmpty()
                ? rows.stream().map(Row::beneficiaryId).toList() : referenceIds;
        var cancelled = rows.stream().filter(r -> wanted.contains(r.beneficiaryId())).toList();
        if (cancelled.size() != new LinkedHashSet<>(wanted).size()) {
            throw ApiException.badRequest("APPOIN0001", "A beneficiary to cancel is not on this appointment");
        }
        Session session = sessions.find(rows.getFirst().sessionId()).orElseThrow();
        release(session, CapacityBucket.of(cancelled.getFirst().dose(), vaccineOf(session)),
                cancelled.getFirst().slotPosition(), cancelled.size());
        jdbc.sql("""
                        UPDATE appointment SET status = 'CANCELLED', cancelled_at = ?, updated_at = now()
                        WHERE appointment_id = ? AND beneficiary_id = ANY(?) AND status = 'BOOKED'""")
                .params(clock.instant().atOffset(ZoneOffset.UTC), appointmentId, cancelled.stream().map(Row::beneficiaryId).toArray(String[]::new)).update();
        audit.record("APPOINTMENT_CANCEL", "appointment:" + appointmentId, cancelled.size() + " beneficiary(ies)");
        notices.queue(List.of(accountId), "sms.cancelled", rows.getFirst().confirmationNo());
    }

    record Row(String beneficiaryId, UUID sessionId, int slotPosition, int dose, String confirmationNo, int reschedules) {
    }

    /** Booking again after a cancellation is one cycle; the profile allows so many a day per beneficiary. */
    private void refuseIfRebookingTooOften(Beneficiary b) {
        int limit = profile.limits().cancelRebookCyclesPerDay();
        var startOfDay = LocalDate.now(clock.withZone(profile.zone())).atStartOfDay(profile.zone()).toOffsetDateTime();
        int cancelledToday = jdbc.sql("SELECT count(*) FROM appointment WHERE beneficiary_id = ? AND cancelled_at >= ?")
                .params(b.id().value(), startOfDay).query(Integer.class).single();
        if (cancelledToday > limit) {
            audit.refused("APPOINTMENT_BOOK", "beneficiary:" + b.id().value(), "cancel-and-rebook limit reached");
            throw ApiException.conflict("APPOIN0062", "An appointment can be cancelled and booked again at most " + limit
                    + " times a day; book again tomorrow");
        }
    }

    private List<Row> openRows(long accountId, UUID appointmentId) {
        var rows = jdbc.sql("""
                        SELECT beneficiary_id, session_id, slot_position, dose, confirmation_no, reschedules FROM appointment
                        WHERE appointment_id = ? AND account_id = ? AND status = 'BOOKED' FOR UPDATE""")
                .params(appointmentId, accountId)
                .query((rs, n) -> new Row(rs.getString(1), rs.getObject(2, UUID.class), rs.getInt(3), rs.getInt(4),
                        rs.getString(5), rs.getInt(6)))
                .list();
        if (rows.isEmpty()) {
            throw ApiException.notFound("APPOIN0030", "No open appointment with that id in your account");
        }
        return rows;
    }

    private Session openSession(String sessionIdText) {
        UUID id = uuid(sessionIdText, "APPOIN0039", "session_id is not valid");
        Session session = sessions.find(id)
                .orElseThrow(() -> ApiException.notFound("APPOIN0039", "No session with that id"));
        if (session.cancelled()) {
            throw ApiException.conflict("APPOIN0041", "This session has been cancelled");
        }
        slotClock.refuseIfOver(session);
        return session;
    }

    private Vaccine vaccineOf(Session session) {
        return profile.vaccine(session.vaccine()).orElseThrow(
                () -> new IllegalStateException("Session vaccine missing from profile: " + session.vaccine()));
    }

    private List<Beneficiary> ownBeneficiaries(long accountId, List<String> referenceIds) {
        if (referenceIds == null || referenceIds.isEmpty()) {
            throw ApiException.badRequest("APPOIN0001", "beneficiaries must list at least one beneficiary_reference_id");
        }
        if (new LinkedHashSet<>(referenceIds).size() != referenceIds.size()) {
            throw ApiException.badRequest("APPOIN0001", "A beneficiary is listed twice");
        }
        List<Beneficiary> group = new ArrayList<>();
        for (String ref : referenceIds) {
            Beneficiary b = (BeneficiaryId.isValid(ref) ? beneficiaries.find(new BeneficiaryId(ref)) : java.util.Optional.<Beneficiary>empty())
                    .filter(x -> x.accountId() == accountId)
                    .orElseThrow(() -> ApiException.notFound("APPOIN0001", "Beneficiary " + ref + " not found in your account"));
            group.add(b);
        }
        return group;
    }

    private void refuseIfIneligible(Beneficiary b, int dose, Vaccine vaccine, Session session) {
        BookingEligibility.check(b, dose, vaccine, session.date(), session.minAge(), session.maxAge())
                .ifPresent(r -> {
                    throw ApiException.badRequest(r.errorCode(), r.message());
                });
    }

    /** The slot's place in the session; refused when it is not one of the session's or has already ended. */
    private int slotPosition(Session session, String slot) {
        int position = slot == null ? -1 : session.slots().indexOf(slot.trim());
        if (position < 0) {
            throw ApiException.badRequest("APPOIN0043", "slot must be one of " + session.slots());
        }
        slotClock.refuseIfOver(session, slot.trim());
        return position;
    }

    /** Takes n places of the bucket and of the slot, or refuses with 409 if either is full. */
    private void take(Session session, CapacityBucket bucket, int position, int n) {
        availability.changedHere();
        // One statement for both counters: one round trip while the session row is locked.
        var taken = jdbc.sql("WITH taken_session AS (UPDATE vaccination_session SET " + bucket.bookedColumn() + " = "
                        + bucket.bookedColumn() + " + :n, updated_at = now() WHERE id = :id AND NOT cancelled AND "
                        + bucket.bookedColumn() + " + :n <= " + bucket.capacityColumn() + " RETURNING id), "
                        + """
                        taken_slot AS (UPDATE session_slot SET booked = booked + :n
                            WHERE session_id = (SELECT id FROM taken_session) AND position = :position
                              AND booked + :n <= capacity RETURNING 1)
                        SELECT (SELECT count(*) FROM taken_session), (SELECT count(*) FROM taken_slot)""")
                .param("n", n).param("id", session.id()).param("position", position)
                .query((rs, row) -> new int[]{rs.getInt(1), rs.getInt(2)}).single();
        if (taken[0] == 0) {
            throw ApiException.conflict(FULL, FULL_MESSAGE);
        }
        if (taken[1] == 0) {
            throw ApiException.conflict(FULL, "This time slot is fully booked. Please choose another slot.");
        }
    }

    private void release(Session session, CapacityBucket bucket, int position, int n) {
        availability.changedHere();
        jdbc.sql("UPDATE vaccination_session SET " + bucket.bookedColumn() + " = " + bucket.bookedColumn()
                        + " - :n, updated_at = now() WHERE id = :id")
                .param("n", n).param("id", session.id()).update();
        jdbc.sql("UPDATE session_slot SET booked = booked - :n WHERE session_id = :id AND position = :position")
                .param("n", n).param("id", session.id()).param("position", position).update();
    }

    private static UUID uuid(String text, String code, String message) {
        try {
            return UUID.fromString(text == null ? "" : text.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(code, message);
        }
    }

    private static String confirmationNumber() {
        return String.format("%010d", Math.floorMod(random.nextLong(), 10_000_000_000L));
    }
}
