package org.openvin.vaccination.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.openvin.identity.Beneficiaries;
import org.openvin.identity.Beneficiary;
import org.openvin.identity.BeneficiaryId;
import org.openvin.identity.Role;
import org.openvin.identity.StaffPrincipal;
import org.openvin.platform.ApiException;
import org.openvin.platform.AuditTrail;
import org.openvin.platform.StatementPart;
import org.openvin.profile.CountryProfile;
import org.openvin.profile.ProfileDocument.Vaccine;
import org.openvin.scheduling.Appointments;
import org.openvin.scheduling.Session;
import org.openvin.scheduling.Sessions;
import org.openvin.stock.StockLedger;
import org.openvin.vaccination.CertificateNumbering;
import org.openvin.vaccination.DoseRecorded;
import org.openvin.vaccination.WrittenWithDose;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A vaccinator records a dose. One transaction of four round trips: the idempotency key claimed
 * (with whether a walk-in's centre exists), the beneficiary read and locked, then one statement
 * that writes the vaccination row, the beneficiary's summary, the appointment, the audit row, the
 * rows other modules write with every dose ({@link WrittenWithDose}: the certificate to issue, the
 * dose to count) and the dose taken from the facility's stock of the lot ({@code vaccine_batch}),
 * then the commit. A booked dose also reads its session first.
 */
@Service
class RecordingDose {

    record Request(String beneficiaryReferenceId, String sessionId, Long centerId, String vaccine, String vaccineBatch,
                   Integer dose, String vaccinatedAt, String overrideReason) {
    }

    /** {@code repeated}: the key was seen before and this is the dose it recorded then. */
    record Recorded(UUID vaccinationId, String certificateId, boolean repeated) {
    }

    /**
     * A dose given offline and synced later: the moment the device says it was given, the device's
     * clock when it sent the batch, how far that clock was from the server's and whether that is
     * beyond the profile's tolerance. A synced dose is dated on its day of administration; it needs
     * no override for being back-dated while within the profile's offline shift.
     */
    record Offline(java.time.Instant administeredAt, java.time.Instant deviceSentAt, long clockOffsetSeconds,
                   boolean clockFlagged) {
    }

    private final JdbcClient jdbc;
    private final Beneficiaries beneficiaries;
    private final Sessions sessions;
    private final Appointments appointments;
    private final CountryProfile profile;
    private final AuditTrail audit;
    private final List<WrittenWithDose> writtenWithDose;
    private final CertificateNumbering numbering;
    private final StockLedger stock;
    private final Clock clock;

    RecordingDose(JdbcClient jdbc, Beneficiaries beneficiaries, Sessions sessions,
                  Appointments appointments, CountryProfile profile, AuditTrail audit, List<WrittenWithDose> writtenWithDose,
                  CertificateNumbering numbering, StockLedger stock, Clock clock) {
        this.jdbc = jdbc;
        this.beneficiaries = beneficiaries;
        this.sessions = sessions;
        this.appointments = appointments;
        this.profile = profile;
        this.audit = audit;
        this.writtenWithDose = writtenWithDose;
        this.numbering = numbering;
        this.stock = stock;
        this.clock = clock;
    }

    @Transactional
    Recorded record(StaffPrincipal staff, String idempotencyKey, Request r) {
        return record(staff, idempotencyKey, r, null);
    }

    /** As {@link #record(StaffPrincipal, String, Request)}, for a dose synced from an offline device. */
    @Transactional
    Recorded record(StaffPrincipal staff, String idempotencyKey, Request r, Offline offline) {
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > 200) {
            throw ApiException.badRequest("VACCIN0012", "Header Idempotency-Key is required (at most 200 characters)");
        }
        String hash = hash(staff.staffId() + "|" + r);
        // The dose's ids are chosen before anything is written, so the key is claimed with the
        // answer it will give; a refusal rolls the claim back with the rest. A concurrent copy
        // with the same key waits here on the unique index until the first commits. The same
        // statement says whether a walk-in's centre exists, saving the dose a round trip.
        UUID vaccinationId = UUID.randomUUID();
        String certificateId = numbering.certificateIdFor(vaccinationId);
        Optional<Boolean> claimed = jdbc.sql("""
                        INSERT INTO vaccination_request (idempotency_key, request_hash, vaccination_id, certificate_id)
                        VALUES (?, ?, ?, ?)
                        ON CONFLICT (idempotency_key) DO NOTHING
                        RETURNING EXISTS (SELECT 1 FROM centre WHERE id = ?)""")
                .params(idempotencyKey, hash, vaccinationId, certificateId, r.centerId())
                .query(Boolean.class).optional();
        if (claimed.isEmpty()) {
            return jdbc.sql("SELECT request_hash, vaccination_id, certificate_id FROM vaccination_request WHERE idempotency_key = ?")
                    .param(idempotencyKey)
                    .query((rs, n) -> {
                        if (!rs.getString("request_hash").equals(hash)) {
                            throw ApiException.conflict("IDEMPOTENCY_KEY_REUSED",
                                    "This Idempotency-Key was already used for a different request");
                        }
                        return new Recorded(rs.getObject("vaccination_id", UUID.class), rs.getString("certificate_id"), true);
                    }).single();
        }
        return recordDose(staff, r, offline, vaccinationId, certificateId, claimed.get());
    }

    private Recorded recordDose(StaffPrincipal staff, Request r, Offline offline, UUID vaccinationId,
                                String certificateId, boolean centreExists) {
        if (!BeneficiaryId.isValid(r.beneficiaryReferenceId())) {
            throw ApiException.badRequest("VACCIN0013", "beneficiary_reference_id must be 14 digits");
        }
        if (r.dose() == null) {
            throw ApiException.badRequest("VACCIN0001", "dose is required");
        }
        if (r.vaccineBatch() == null || r.vaccineBatch().isBlank() || r.vaccineBatch().length() > 50) {
            throw ApiException.badRequest("VACCIN0014", "vaccine_batch is required (at most 50 characters)");
        }
        if (r.vaccine() == null || r.vaccine().isBlank()) {
            throw ApiException.badRequest("VACCIN0006", "vaccine is required");
        }
        Session session = null;
        long centreId;
        if (r.sessionId() != null) {
            UUID sessionId;
            try {
                sessionId = UUID.fromString(r.sessionId());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("VACCIN0015", "session_id is not valid");
            }
            session = sessions.find(sessionId)
                    .orElseThrow(() -> ApiException.notFound("VACCIN0015", "Session not found"));
            if (session.cancelled()) {
                throw ApiException.conflict("VACCIN0015", "This session was cancelled");
            }
            centreId = session.centreId();
        } else if (r.centerId() != null) {
            centreId = r.centerId();
            if (!centreExists) {
                throw ApiException.notFound("VACCIN0016", "Centre not found");
            }
        } else {
            throw ApiException.badRequest("VACCIN0016", "session_id or, for a walk-in, center_id is required");
        }
        String subject = "beneficiary:" + r.beneficiaryReferenceId();
        if (!staff.scope().coversCentre(centreId)) {
            audit.refused("DOSE_RECORD", subject, "centre " + centreId + " is outside the staff member's scope");
            throw ApiException.forbidden("VACCIN0017", "You can record doses only at your own facility");
        }
        boolean override = r.overrideReason() != null && !r.overrideReason().isBlank();
        if (override && staff.role() != Role.FACILITY_ADMIN) {
            audit.refused("DOSE_OVERRIDE", subject, "only a facility admin may override");
            throw ApiException.forbidden("VACCIN0010", "Only a facility admin may override a dose rule");
        }
        LocalDate today = LocalDate.now(clock.withZone(profile.zone()));
        LocalDate date = r.vaccinatedAt() == null || r.vaccinatedAt().isBlank() ? today : parseDate(r.vaccinatedAt());
        if (offline != null) {
            date = offline.administeredAt().atZone(profile.zone()).toLocalDate();
            // Given within the offline shift: judged on the day it was given, not the day it synced.
            if (!offline.administeredAt().isBefore(clock.instant().minus(java.time.Duration.ofHours(profile.offline().shiftHoursOrDefault())))) {
                today = date;
            }
        }

        BeneficiaryId id = new BeneficiaryId(r.beneficiaryReferenceId());
        Beneficiary b = beneficiaries.lock(id)
                .orElseThrow(() -> ApiException.notFound("VACCIN0013", "Beneficiary not found"));
        Optional<Vaccine> vaccine = profile.vaccine(r.vaccine());
        List<DosePolicy.Refusal> refusals = DosePolicy.check(b, r.vaccine(), vaccine.orElse(null), r.dose(), date, today, session);
        for (DosePolicy.Refusal refusal : refusals) {
            if (!refusal.overridable() || !override) {
                audit.refused("DOSE_RECORD", subject, refusal.errorCode() + " " + refusal.message());
                throw refusal.errorCode().equals("VACCIN0001") && b.dosesReceived() >= r.dose()
                        ? ApiException.conflict(refusal.errorCode(), refusal.message())
                        : ApiException.badRequest(refusal.errorCode(), refusal.message());
            }
        }
        Vaccine v = vaccine.orElseThrow();
        int totalDoses = Math.max(v.doses(), r.dose());
        String lot = r.vaccineBatch().trim();
        DoseRecorded dose = new DoseRecorded(vaccinationId, id.value(), certificateId, v.name(), r.dose(), totalDoses,
                date, centreId);
        // Everything the dose writes, in one statement: the vaccination (the CTE "recorded"), then
        // the parts other modules lend. The stock's balance row is locked last, so a facility's
        // doses queue on it for this statement and the commit only.
        List<StatementPart> parts = new ArrayList<>();
        parts.add(beneficiaries.recordDoseIn("recorded", id, v.name(), r.dose(), v.doses(), date));
        parts.add(appointments.markVaccinatedIn("recorded", id, r.dose()));
        if (override) {
            String broken = refusals.stream().map(DosePolicy.Refusal::errorCode).reduce((a, c) -> a + "," + c).orElse("none");
            parts.add(audit.recordIn("recorded", "DOSE_OVERRIDE", subject,
                    "rules " + broken + " overridden: " + r.overrideReason().trim()));
        }
        parts.add(audit.recordIn("recorded", "DOSE_RECORD", subject, "vaccination:" + vaccinationId + " dose " + r.dose()
                + " " + v.name() + " at centre " + centreId
                + (offline == null ? "" : " synced from a device" + (offline.clockFlagged()
                ? ", device clock off by " + offline.clockOffsetSeconds() + " s" : ""))));
        writtenWithDose.forEach(w -> parts.add(w.writeIn("recorded", dose)));
        parts.addAll(stock.administerIn("recorded", centreId, v.name(), lot, vaccinationId, date));
        Map<String, Object> params = new HashMap<>();
        params.put("v_id", vaccinationId);
        params.put("v_beneficiary", id.value());
        params.put("v_dose", r.dose());
        params.put("v_total", totalDoses);
        params.put("v_vaccine", v.name());
        params.put("v_batch", lot);
        params.put("v_on", date);
        params.put("v_centre", centreId);
        params.put("v_session", session == null ? null : session.id());
        params.put("v_staff", staff.staffId());
        params.put("v_staff_name", staff.username());
        params.put("v_certificate", certificateId);
        params.put("v_override", override ? r.overrideReason().trim() : null);
        params.put("v_administered", offline == null ? null : Timestamp.from(offline.administeredAt()));
        params.put("v_device_sent", offline == null ? null : Timestamp.from(offline.deviceSentAt()));
        params.put("v_clock_offset", offline == null ? null : offline.clockOffsetSeconds());
        params.put("v_clock_flagged", offline != null && offline.clockFlagged());
        StringBuilder sql = new StringBuilder("""
                WITH recorded AS (
                    INSERT INTO vaccination (id, beneficiary_id, dose, total_doses, vaccine, batch, vaccinated_on,
                        centre_id, session_id, staff_id, staff_name, certificate_id, override_reason,
                        administered_at, device_sent_at, clock_offset_seconds, clock_flagged)
                    VALUES (:v_id, :v_beneficiary, :v_dose, :v_total, :v_vaccine, :v_batch, :v_on, :v_centre, :v_session,
                        :v_staff, :v_staff_name, :v_certificate, :v_override, :v_administered, :v_device_sent,
                        :v_clock_offset, :v_clock_flagged)
                    RETURNING id)""");
        StatementPart.appendAll(sql, params, parts);
        sql.append("\nSELECT EXISTS (SELECT 1 FROM ").append(StockLedger.TAKEN).append(')');
        boolean taken;
        try {
            taken = jdbc.sql(sql.toString()).params(params).query(Boolean.class).single();
        } catch (DuplicateKeyException e) {
            if (String.valueOf(e.getMessage()).contains("vaccination_one_per_dose")) {
                throw ApiException.conflict("VACCIN0011", "Dose " + r.dose() + " is already recorded for this beneficiary");
            }
            throw e;
        }
        if (!taken) {
            // Not the usual dose for stock: refused with its reason (the whole dose rolls back, its
            // queued certificate and count included), or an open vial written off first.
            stock.administer(centreId, v.name(), lot, vaccinationId, date);
        }
        return new Recorded(vaccinationId, certificateId, false);
    }

    private LocalDate parseDate(String text) {
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text);
            }
            return OffsetDateTime.parse(text).atZoneSameInstant(profile.zone()).toLocalDate();
        } catch (DateTimeParseException e) {
            try {
                return ZonedDateTime.parse(text).withZoneSameInstant(profile.zone()).toLocalDate();
            } catch (DateTimeParseException e2) {
                throw ApiException.badRequest("VACCIN0018", "vaccinated_at must be an ISO-8601 date or date-time");
            }
        }
    }

    private static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
