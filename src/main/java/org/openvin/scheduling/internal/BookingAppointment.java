package org.openvin.scheduling.internal;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openvin.identity.Beneficiaries;
import org.openvin.identity.Beneficiary;
import org.openvin.identity.BeneficiaryId;
import org.openvin.platform.ApiException;
import org.openvin.platform.AuditTrail;
import org.openvin.platform.StatementPart;
import org.openvin.profile.CountryProfile;
import org.openvin.profile.ProfileDocument.Vaccine;
import org.openvin.scheduling.BookingEligibility;
import org.openvin.scheduling.CapacityBucket;
import org.openvin.scheduling.Session;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Booking, rescheduling and cancelling, in as few round trips to PostgreSQL as the rules allow.
 * Each use case reads everything its rules need in one query (the session, the beneficiaries, their
 * history, the account's phone), checks the rules here, and writes its whole change in one
 * statement: the places taken or given back, the appointments, the audit row and the SMS (the
 * last two lent by {@link AuditTrail#recordIn} and the notification module), so the change
 * commits or vanishes whole and the SMS goes out only once it has committed.
 *
 * <p>Capacity is taken by a conditional UPDATE of the session ({@code booked + n <= capacity});
 * PostgreSQL's row lock makes the check and the increment one step, so no interleaving — on one
 * node or many — can overbook, and CHECK constraints stand behind it. The slot is taken in the
 * same statement, only when the session was; its room is checked with the session's (as the
 * statement began) and its CHECK constraint refuses the rare booking whose slot filled while it
 * waited for the session's lock: the statement then fails whole and the answer is the slot's
 * "full". A session this node already knows is full is refused before any SQL
 * ({@link KnownFullSessions}).
 *
 * <p>Moving places around is limited by the profile, so a bot cannot hold and release capacity at
 * will: an appointment may be rescheduled {@code limits.reschedules_per_appointment} times
 * ({@code APPOIN0061} beyond), and a beneficiary may be booked again after a cancellation at most
 * {@code limits.cancel_rebook_cycles_per_beneficiary_per_day} times a day ({@code APPOIN0062}).
 * Cancelling itself is never refused: someone who cannot come should always free the place.
 */
@Service
class BookingAppointment {

    static final String FULL = "APPOIN0040";
    static final String FULL_MESSAGE = "This vaccination center is completely booked for the selected date. "
            + "Please try another date or vaccination center.";
    static final String SLOT_FULL_MESSAGE = "This time slot is fully booked. Please choose another slot.";
    private static final SecureRandom random = new SecureRandom();
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd-MM-yyyy");

    record Booked(UUID appointmentId, String confirmationNo) {
    }

    private final JdbcClient jdbc;
    private final CountryProfile profile;
    private final AuditTrail audit;
    private final AppointmentSms notices;
    private final SlotClock slotClock;
    private final Clock clock;
    private final AvailabilityIndex availability;
    private final KnownFullSessions knownFull;

    BookingAppointment(JdbcClient jdbc, CountryProfile profile, AuditTrail audit, AppointmentSms notices,
                       SlotClock slotClock, Clock clock, AvailabilityIndex availability, KnownFullSessions knownFull) {
        this.jdbc = jdbc;
        this.profile = profile;
        this.audit = audit;
        this.notices = notices;
        this.slotClock = slotClock;
        this.clock = clock;
        this.availability = availability;
        this.knownFull = knownFull;
    }

    // ---- booking ----

    /**
     * Books the account's beneficiaries into one slot of a session: two round trips and no
     * transaction of its own. The read needs none (each rule is checked on one consistent
     * snapshot, as before) and the write is one statement, which PostgreSQL commits or rolls back
     * whole; propagation SUPPORTS keeps one pooled connection for both and runs the after-commit
     * work (the SMS dispatcher's wake-up, the availability index's catch-up) once the statement
     * has committed. A refusal writes nothing.
     */
    @Transactional(propagation = Propagation.SUPPORTS)
    Booked schedule(long accountId, int dose, String sessionIdText, String slot, List<String> referenceIds) {
        UUID sessionId = uuid(sessionIdText, "APPOIN0039", "session_id is not valid");
        knownFull.refusal(sessionId, dose, slot, referenceIds).ifPresent(message -> {
            throw ApiException.conflict(FULL, message);
        });
        BookingFacts facts = readForBooking(accountId, dose, sessionId, referenceIds);
        Session session = open(facts.session());
        knownFull.remember(session.id(), session.centreId());
        Vaccine vaccine = vaccineOf(session);
        List<Candidate> group = ownBeneficiaries(referenceIds, facts.beneficiaries());
        for (Candidate c : group) {
            refuseIfIneligible(c.beneficiary(), dose, vaccine, session);
            refuseIfRebookingTooOften(c);
        }
        int position = slotPosition(session, slot);
        if (group.stream().anyMatch(Candidate::alreadyBooked)) {
            throw alreadyBooked(dose);
        }
        UUID appointmentId = UUID.randomUUID();
        String confirmation = confirmationNumber();
        List<StatementPart> parts = new ArrayList<>();
        parts.add(audit.recordIn("taken", "APPOINTMENT_BOOK", "appointment:" + appointmentId,
                "session " + session.id() + " dose " + dose + " x" + group.size()));
        if (facts.contact() != null) {
            parts.add(notices.queueIn("taken", facts.contact(), "sms.booked", DAY.format(session.date()), slot,
                    confirmation));
        }
        availability.changedHere();
        String appointments = """
                booked AS (
                    INSERT INTO appointment (appointment_id, beneficiary_id, account_id, confirmation_no,
                                             session_id, slot_position, dose)
                    SELECT :appointment, beneficiary, :account, :confirmation, :session, :position, :dose
                    FROM taken, unnest(:beneficiaries::text[]) AS beneficiary)""";
        try {
            take(session, CapacityBucket.of(dose, vaccine), position, group.size(), appointments, parts, Map.of(
                    "appointment", appointmentId, "account", accountId, "confirmation", confirmation, "dose", dose,
                    "beneficiaries", group.stream().map(c -> c.beneficiary().id().value()).toArray(String[]::new)));
        } catch (DuplicateKeyException e) {
            // Another booking of the same beneficiary and dose committed after the read.
            throw alreadyBooked(dose);
        }
        return new Booked(appointmentId, confirmation);
    }

    /** What a booking's rules need, read in one query: any of it may be missing (refused in order after). */
    record BookingFacts(Session session, Beneficiaries.Contact contact, Map<String, Candidate> beneficiaries) {
    }

    /** A beneficiary of the account with what the booking rules need of its history. */
    record Candidate(Beneficiary beneficiary, int cancelledToday, boolean alreadyBooked) {
    }

    private BookingFacts readForBooking(long accountId, int dose, UUID sessionId, List<String> referenceIds) {
        var startOfDay = LocalDate.now(clock.withZone(profile.zone())).atStartOfDay(profile.zone()).toOffsetDateTime();
        Session[] session = new Session[1];
        Beneficiaries.Contact[] contact = new Beneficiaries.Contact[1];
        Map<String, Candidate> beneficiaries = new LinkedHashMap<>();
        jdbc.sql("SELECT " + sessionColumns("s") + ", a.mobile, a.language, " + BENEFICIARY_COLUMNS + """
                        ,
                               (SELECT count(*) FROM appointment x
                                WHERE x.beneficiary_id = b.reference_id AND x.cancelled_at >= :day) AS cancelled_today,
                               EXISTS (SELECT 1 FROM appointment x WHERE x.beneficiary_id = b.reference_id
                                       AND x.dose = :dose AND x.status = 'BOOKED') AS already_booked
                        FROM (VALUES (1)) AS one (x)
                        LEFT JOIN vaccination_session s ON s.id = :session
                        LEFT JOIN citizen_account a ON a.id = :account
                        LEFT JOIN beneficiary b ON b.reference_id = ANY(:references::text[]) AND b.account_id = :account
                                               AND b.deleted_at IS NULL""")
                .param("session", sessionId).param("account", accountId).param("dose", dose).param("day", startOfDay)
                .param("references", referenceIds == null ? new String[0] : referenceIds.toArray(String[]::new))
                .query(rs -> {
                    if (rs.getObject("s_id") != null) {
                        session[0] = session(rs, "s_");
                    }
                    if (rs.getString("mobile") != null) {
                        contact[0] = new Beneficiaries.Contact(rs.getString("mobile"), rs.getString("language"));
                    }
                    if (rs.getString("b_reference_id") != null) {
                        beneficiaries.put(rs.getString("b_reference_id"), new Candidate(beneficiary(rs),
                                rs.getInt("cancelled_today"), rs.getBoolean("already_booked")));
                    }
                });
        return new BookingFacts(session[0], contact[0], beneficiaries);
    }

    // ---- rescheduling ----

    /**
     * Moves an open appointment (all its beneficiaries) to another session or slot, in one
     * transaction of four round trips: one query reads and locks the appointment's rows with their
     * beneficiaries, the current and the target session and the account's phone; one statement
     * gives the current places back; one takes the target's (refused as a booking would be) and
     * moves the rows, with the audit row and the SMS; then the commit. Refused, nothing changes.
     */
    @Transactional
    void reschedule(long accountId, String appointmentIdText, String sessionIdText, String slot) {
        UUID appointmentId = uuid(appointmentIdText, "APPOIN0030", "appointment_id is not valid");
        UUID targetId = uuidOrNull(sessionIdText);
        Map<String, Object> params = new HashMap<>();
        params.put("appointment", appointmentId);
        params.put("account", accountId);
        params.put("target", targetId);
        List<OpenRow> rows = new ArrayList<>();
        Session[] target = new Session[1];
        jdbc.sql("SELECT " + sessionColumns("t") + ", " + sessionColumns("cur") + ", " + BENEFICIARY_COLUMNS + """
                        , a.beneficiary_id, a.slot_position, a.dose, a.confirmation_no, a.reschedules,
                          c.mobile, c.language
                        FROM appointment a
                        JOIN vaccination_session cur ON cur.id = a.session_id
                        LEFT JOIN vaccination_session t ON t.id = :target::uuid
                        LEFT JOIN beneficiary b ON b.reference_id = a.beneficiary_id AND b.deleted_at IS NULL
                        LEFT JOIN citizen_account c ON c.id = a.account_id
                        WHERE a.appointment_id = :appointment AND a.account_id = :account AND a.status = 'BOOKED'
                        ORDER BY a.beneficiary_id
                        FOR UPDATE OF a""")
                .params(params)
                .query(rs -> {
                    if (rs.getObject("t_id") != null) {
                        target[0] = session(rs, "t_");
                    }
                    rows.add(openRow(rs));
                });
        if (rows.isEmpty()) {
            throw noOpenAppointment();
        }
        OpenRow first = rows.getFirst();
        int limit = profile.limits().reschedulesPerAppointmentOrDefault();
        if (first.reschedules() >= limit) {
            audit.refused("APPOINTMENT_RESCHEDULE", "appointment:" + appointmentId, "reschedule limit reached");
            throw ApiException.conflict("APPOIN0061", "An appointment can be rescheduled at most " + limit
                    + " times; cancel it and book again");
        }
        if (targetId == null) {
            throw ApiException.badRequest("APPOIN0039", "session_id is not valid");
        }
        Session session = open(target[0]);
        Vaccine vaccine = vaccineOf(session);
        for (OpenRow row : rows) {
            if (row.beneficiary() == null) {
                throw ApiException.notFound("APPOIN0001", "Beneficiary not found");
            }
            refuseIfIneligible(row.beneficiary(), first.dose(), vaccine, session);
        }
        int position = slotPosition(session, slot);
        Session current = first.session();
        availability.changedHere();
        release(current, CapacityBucket.of(first.dose(), vaccineOf(current)), first.slotPosition(), rows.size());
        List<StatementPart> parts = new ArrayList<>();
        parts.add(audit.recordIn("taken", "APPOINTMENT_RESCHEDULE", "appointment:" + appointmentId,
                current.id() + " -> " + session.id() + " " + slot));
        if (first.contact() != null) {
            parts.add(notices.queueIn("taken", first.contact(), "sms.moved", first.confirmationNo(),
                    DAY.format(session.date()), slot));
        }
        String moved = """
                moved AS (
                    UPDATE appointment SET session_id = :session, slot_position = :position,
                                           reschedules = reschedules + 1, updated_at = now()
                    WHERE appointment_id = :appointment AND status = 'BOOKED' AND EXISTS (SELECT 1 FROM taken))""";
        take(session, CapacityBucket.of(first.dose(), vaccine), position, rows.size(), moved, parts,
                Map.of("appointment", appointmentId));
    }

    // ---- cancelling ----

    /**
     * Cancels an open appointment, for all or some of its beneficiaries, in one transaction of
     * three round trips: one query reads and locks the appointment's rows with their session and
     * the account's phone; one statement cancels the rows, gives their places back and writes the
     * audit row and the SMS; then the commit.
     */
    @Transactional
    void cancel(long accountId, String appointmentIdText, List<String> referenceIds) {
        UUID appointmentId = uuid(appointmentIdText, "APPOIN0030", "appointment_id is not valid");
        List<OpenRow> rows = new ArrayList<>();
        jdbc.sql("SELECT " + sessionColumns("cur") + """
                        , NULL AS b_reference_id, a.beneficiary_id, a.slot_position, a.dose, a.confirmation_no,
                          a.reschedules, c.mobile, c.language
                        FROM appointment a
                        JOIN vaccination_session cur ON cur.id = a.session_id
                        LEFT JOIN citizen_account c ON c.id = a.account_id
                        WHERE a.appointment_id = :appointment AND a.account_id = :account AND a.status = 'BOOKED'
                        ORDER BY a.beneficiary_id
                        FOR UPDATE OF a""")
                .param("appointment", appointmentId).param("account", accountId)
                .query(rs -> {
                    rows.add(openRow(rs));
                });
        if (rows.isEmpty()) {
            throw noOpenAppointment();
        }
        var wanted = referenceIds == null || referenceIds.isEmpty()
                ? rows.stream().map(OpenRow::beneficiaryId).toList() : referenceIds;
        var cancelled = rows.stream().filter(r -> wanted.contains(r.beneficiaryId())).toList();
        if (cancelled.size() != new LinkedHashSet<>(wanted).size()) {
            throw ApiException.badRequest("APPOIN0001", "A beneficiary to cancel is not on this appointment");
        }
        OpenRow first = rows.getFirst();
        Session session = first.session();
        CapacityBucket bucket = CapacityBucket.of(cancelled.getFirst().dose(), vaccineOf(session));
        availability.changedHere();
        List<StatementPart> parts = new ArrayList<>();
        parts.add(audit.recordIn("cancelled", "APPOINTMENT_CANCEL", "appointment:" + appointmentId,
                cancelled.size() + " beneficiary(ies)"));
        if (first.contact() != null) {
            parts.add(notices.queueIn("cancelled", first.contact(), "sms.cancelled", first.confirmationNo()));
        }
        // The rows are locked since the read, so the places given back are exactly the rows cancelled.
        StringBuilder sql = new StringBuilder("""
                WITH cancelled AS (
                    UPDATE appointment SET status = 'CANCELLED', cancelled_at = :at, updated_at = now()
                    WHERE appointment_id = :appointment AND beneficiary_id = ANY(:beneficiaries::text[])
                      AND status = 'BOOKED'
                    RETURNING 1),
                released_session AS (
                    UPDATE vaccination_session SET %1$s = %1$s - (SELECT count(*) FROM cancelled), updated_at = now()
                    WHERE id = :session AND EXISTS (SELECT 1 FROM cancelled)),
                released_slot AS (
                    UPDATE session_slot SET booked = booked - (SELECT count(*) FROM cancelled)
                    WHERE session_id = :session AND position = :position AND EXISTS (SELECT 1 FROM cancelled))"""
                .formatted(bucket.bookedColumn()));
        Map<String, Object> params = new HashMap<>();
        StatementPart.appendAll(sql, params, parts);
        sql.append("\nSELECT count(*) FROM cancelled");
        params.put("at", clock.instant().atOffset(ZoneOffset.UTC));
        params.put("appointment", appointmentId);
        params.put("beneficiaries", cancelled.stream().map(OpenRow::beneficiaryId).toArray(String[]::new));
        params.put("session", session.id());
        params.put("position", cancelled.getFirst().slotPosition());
        jdbc.sql(sql.toString()).params(params).query(Integer.class).single();
    }

    /** A row of an open appointment, locked: its session, and (rescheduling) its beneficiary; the account's phone. */
    record OpenRow(String beneficiaryId, Session session, int slotPosition, int dose, String confirmationNo,
                   int reschedules, Beneficiary beneficiary, Beneficiaries.Contact contact) {
    }

    private static OpenRow openRow(ResultSet rs) throws SQLException {
        return new OpenRow(rs.getString("beneficiary_id"), session(rs, "cur_"), rs.getInt("slot_position"),
                rs.getInt("dose"), rs.getString("confirmation_no"), rs.getInt("reschedules"),
                rs.getString("b_reference_id") == null ? null : beneficiary(rs),
                rs.getString("mobile") == null ? null : new Beneficiaries.Contact(rs.getString("mobile"),
                        rs.getString("language")));
    }

    // ---- taking and giving back places ----

    /**
     * Takes n places of the bucket and of the slot and, in the same statement, writes what the
     * use case adds once they are taken: its own CTE (which reads {@code taken}) and the lent parts.
     * Refused with 409 if the session or the slot is full; the statement then wrote nothing.
     */
    private void take(Session session, CapacityBucket bucket, int position, int n, String change,
                      List<StatementPart> parts, Map<String, Object> changeParams) {
        // The session row is locked first, as every path that changes places does; the slot's room
        // as the statement began is part of the session's condition, and its CHECK constraint
        // refuses the booking whose slot filled while it waited for that lock.
        StringBuilder sql = new StringBuilder("""
                WITH taken_session AS (
                    UPDATE vaccination_session s SET %1$s = s.%1$s + :n, updated_at = now()
                    FROM session_slot sl
                    WHERE s.id = :session AND NOT s.cancelled AND s.%1$s + :n <= s.%2$s
                      AND sl.session_id = s.id AND sl.position = :position AND sl.booked + :n <= sl.capacity
                    RETURNING s.id),
                taken AS (
                    UPDATE session_slot SET booked = booked + :n
                    WHERE session_id = (SELECT id FROM taken_session) AND position = :position
                    RETURNING 1),
                """.formatted(bucket.bookedColumn(), bucket.capacityColumn()));
        sql.append(change);
        Map<String, Object> params = new HashMap<>(changeParams);
        StatementPart.appendAll(sql, params, parts);
        sql.append("""

                SELECT (SELECT count(*) FROM taken) AS taken,
                       (SELECT %1$s + :n <= %2$s FROM vaccination_session WHERE id = :session) AS session_had_room,
                       (SELECT booked + :n <= capacity FROM session_slot
                        WHERE session_id = :session AND position = :position) AS slot_had_room"""
                .formatted(bucket.bookedColumn(), bucket.capacityColumn()));
        params.put("n", n);
        params.put("session", session.id());
        params.put("position", position);
        boolean[] outcome;
        try {
            outcome = jdbc.sql(sql.toString()).params(params)
                    .query((rs, row) -> new boolean[] {rs.getInt("taken") > 0, rs.getBoolean("session_had_room"),
                            rs.getBoolean("slot_had_room")})
                    .single();
        } catch (DataIntegrityViolationException e) {
            if (e.getMessage() != null && e.getMessage().contains("slot_not_overbooked")) {
                throw ApiException.conflict(FULL, SLOT_FULL_MESSAGE);
            }
            throw e;
        }
        if (!outcome[0]) {
            throw ApiException.conflict(FULL, outcome[1] && !outcome[2] ? SLOT_FULL_MESSAGE : FULL_MESSAGE);
        }
    }

    private void release(Session session, CapacityBucket bucket, int position, int n) {
        jdbc.sql("""
                        WITH released AS (
                            UPDATE vaccination_session SET %1$s = %1$s - :n, updated_at = now() WHERE id = :session)
                        UPDATE session_slot SET booked = booked - :n WHERE session_id = :session AND position = :position"""
                        .formatted(bucket.bookedColumn()))
                .param("n", n).param("session", session.id()).param("position", position).update();
    }

    // ---- the rules ----

    /** Booking again after a cancellation is one cycle; the profile allows so many a day per beneficiary. */
    private void refuseIfRebookingTooOften(Candidate c) {
        int limit = profile.limits().cancelRebookCyclesPerDay();
        if (c.cancelledToday() > limit) {
            audit.refused("APPOINTMENT_BOOK", "beneficiary:" + c.beneficiary().id().value(),
                    "cancel-and-rebook limit reached");
            throw ApiException.conflict("APPOIN0062", "An appointment can be cancelled and booked again at most "
                    + limit + " times a day; book again tomorrow");
        }
    }

    /** The session read, or the refusal: missing, cancelled, or over. */
    private Session open(Session session) {
        if (session == null) {
            throw ApiException.notFound("APPOIN0039", "No session with that id");
        }
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

    private static List<Candidate> ownBeneficiaries(List<String> referenceIds, Map<String, Candidate> found) {
        if (referenceIds == null || referenceIds.isEmpty()) {
            throw ApiException.badRequest("APPOIN0001", "beneficiaries must list at least one beneficiary_reference_id");
        }
        if (new LinkedHashSet<>(referenceIds).size() != referenceIds.size()) {
            throw ApiException.badRequest("APPOIN0001", "A beneficiary is listed twice");
        }
        List<Candidate> group = new ArrayList<>();
        for (String ref : referenceIds) {
            Candidate c = BeneficiaryId.isValid(ref) ? found.get(ref) : null;
            if (c == null) {
                throw ApiException.notFound("APPOIN0001", "Beneficiary " + ref + " not found in your account");
            }
            group.add(c);
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

    private static ApiException alreadyBooked(int dose) {
        return ApiException.conflict("APPOIN0022", "A beneficiary already has an appointment for dose " + dose
                + "; reschedule or cancel it first");
    }

    private static ApiException noOpenAppointment() {
        return ApiException.notFound("APPOIN0030", "No open appointment with that id in your account");
    }

    // ---- reading rows ----

    /** The columns of the session aliased {@code alias}, each as {@code <alias>_<column>} (a query may read two sessions). */
    private static String sessionColumns(String alias) {
        return columns(alias, "id, centre_id, session_date, vaccine, min_age, max_age, fee, capacity_dose1, capacity_dose2, "
                + "capacity_booster, booked_dose1, booked_dose2, booked_booster, walk_in_capacity, cancelled, slot_labels");
    }

    /** A beneficiary as identity's {@code Beneficiaries} reads it, from the table aliased {@code b}. */
    private static final String BENEFICIARY_COLUMNS = columns("b", "reference_id, account_id, name, birth_year, gender_id, "
            + "photo_id_type, photo_id_masked, comorbidity_ind, vaccination_status, vaccine, doses_received, dose1_date, "
            + "dose2_date, last_dose_date, corrections");

    private static String columns(String alias, String names) {
        return String.join(", ", Arrays.stream(names.split(", ")).map(c -> alias + "." + c + " AS " + alias + "_" + c)
                .toList());
    }

    private static Session session(ResultSet rs, String p) throws SQLException {
        String[] slots = (String[]) rs.getArray(p + "slot_labels").getArray();
        return new Session(rs.getObject(p + "id", UUID.class), rs.getLong(p + "centre_id"),
                rs.getObject(p + "session_date", LocalDate.class), rs.getString(p + "vaccine"), rs.getInt(p + "min_age"),
                (Integer) rs.getObject(p + "max_age"), rs.getInt(p + "fee"), rs.getInt(p + "capacity_dose1"),
                rs.getInt(p + "capacity_dose2"), rs.getInt(p + "capacity_booster"), rs.getInt(p + "booked_dose1"),
                rs.getInt(p + "booked_dose2"), rs.getInt(p + "booked_booster"), rs.getInt(p + "walk_in_capacity"),
                rs.getBoolean(p + "cancelled"), Arrays.asList(slots));
    }

    private static Beneficiary beneficiary(ResultSet rs) throws SQLException {
        return new Beneficiary(new BeneficiaryId(rs.getString("b_reference_id")), rs.getLong("b_account_id"),
                rs.getString("b_name"), rs.getInt("b_birth_year"), rs.getInt("b_gender_id"), rs.getInt("b_photo_id_type"),
                rs.getString("b_photo_id_masked"), rs.getString("b_comorbidity_ind"), rs.getString("b_vaccination_status"),
                rs.getString("b_vaccine"), rs.getInt("b_doses_received"), rs.getObject("b_dose1_date", LocalDate.class),
                rs.getObject("b_dose2_date", LocalDate.class), rs.getObject("b_last_dose_date", LocalDate.class),
                rs.getInt("b_corrections"));
    }

    private static UUID uuid(String text, String code, String message) {
        UUID id = uuidOrNull(text);
        if (id == null) {
            throw ApiException.badRequest(code, message);
        }
        return id;
    }

    private static UUID uuidOrNull(String text) {
        try {
            return UUID.fromString(text == null ? "" : text.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String confirmationNumber() {
        return String.format("%010d", Math.floorMod(random.nextLong(), 10_000_000_000L));
    }
}
