package org.openvin.vaccination.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.openvin.identity.BeneficiaryId;
import org.openvin.identity.Role;
import org.openvin.identity.StaffPrincipal;
import org.openvin.identity.WalkInRegistration;
import org.openvin.platform.ApiException;
import org.openvin.platform.AuditTrail;
import org.openvin.profile.CountryProfile;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A vaccinator's device syncs the walk-ins and doses it recorded offline. Each record is its own
 * transaction, applied in the order the device made them (a walk-in before the doses that refer
 * to it by its key), so a refusal leaves the others standing. A dose goes through
 * {@link RecordingDose} with the device's key as its Idempotency-Key: the same stock, dose rules,
 * audit and rows written with every dose as online, dated when the device says it was given. A
 * walk-in's key names the person it created or, when the photo ID is already registered, matched.
 */
@Service
class SyncingVaccinations {

    static final int MAX_RECORDS = 500;

    enum Status { RECORDED, ALREADY_RECORDED, REFUSED }

    /** One record as the device queued it; {@code type} is WALK_IN or DOSE. */
    record SyncRecord(String type, String clientKey, String administeredAt,
                      // a walk-in
                      String mobile, String name, String birthYear, Integer genderId, Integer photoIdType,
                      String photoIdNumber, String comorbidityInd,
                      // a dose: the person by reference id or by the key of a walk-in synced before it
                      String beneficiaryReferenceId, String walkInKey, String sessionId, Long centerId, String vaccine,
                      String vaccineBatch, Integer dose) {
    }

    record Result(String clientKey, String type, Status status, String beneficiaryReferenceId, UUID vaccinationId,
                  String certificateId, boolean matchedExisting, boolean clockFlagged, String errorCode, String error) {

        static Result refused(SyncRecord r, String code, String message) {
            return new Result(r.clientKey(), r.type(), Status.REFUSED, r.beneficiaryReferenceId(), null, null, false,
                    false, code, message);
        }
    }

    record Outcome(List<Result> results, long clockOffsetSeconds, boolean clockFlagged) {
    }

    private final RecordingDose recording;
    private final WalkInRegistration walkIns;
    private final JdbcClient jdbc;
    private final CountryProfile profile;
    private final AuditTrail audit;
    private final TransactionTemplate transaction;
    private final Clock clock;

    SyncingVaccinations(RecordingDose recording, WalkInRegistration walkIns, JdbcClient jdbc,
                        CountryProfile profile, AuditTrail audit, PlatformTransactionManager transactions, Clock clock) {
        this.recording = recording;
        this.walkIns = walkIns;
        this.jdbc = jdbc;
        this.profile = profile;
        this.audit = audit;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** Not transactional itself: every record commits or is refused on its own. */
    Outcome sync(StaffPrincipal staff, String sentAt, List<SyncRecord> records) {
        if (records == null || records.isEmpty() || records.size() > MAX_RECORDS) {
            throw ApiException.badRequest("VACCIN0030", "records must hold 1 to " + MAX_RECORDS + " records");
        }
        Instant deviceNow = instant(sentAt).orElseThrow(() ->
                ApiException.badRequest("VACCIN0031", "sent_at (the device's clock when sending, ISO-8601 with offset) is required"));
        Instant now = clock.instant();
        long offset = Duration.between(deviceNow, now).toSeconds();
        Duration tolerance = Duration.ofMinutes(profile.offline().clockToleranceMinutesOrDefault());
        boolean flagged = Math.abs(offset) > tolerance.toSeconds();
        List<Result> results = new ArrayList<>();
        for (SyncRecord r : records) {
            if (r == null) {
                throw ApiException.badRequest("VACCIN0030", "records must not hold null");
            }
            results.add(apply(staff, r, deviceNow, now, offset, flagged, tolerance));
        }
        return new Outcome(results, offset, flagged);
    }

    private Result apply(StaffPrincipal staff, SyncRecord r, Instant deviceNow, Instant now, long offset,
                         boolean flagged, Duration tolerance) {
        if (r.clientKey() == null || r.clientKey().isBlank() || r.clientKey().length() > 200) {
            return Result.refused(r, "VACCIN0032", "client_key is required (at most 200 characters)");
        }
        try {
            return switch (r.type() == null ? "" : r.type()) {
                case "WALK_IN" -> walkIn(staff, r);
                case "DOSE" -> dose(staff, r, deviceNow, now, offset, flagged, tolerance);
                default -> Result.refused(r, "VACCIN0033", "type must be WALK_IN or DOSE");
            };
        } catch (ApiException e) {
            return Result.refused(r, e.errorCode(), e.getMessage());
        }
    }

    private Result walkIn(StaffPrincipal staff, SyncRecord r) {
        return transaction.execute(status -> {
            // A concurrent copy of the same key waits here on the primary key until the first commits.
            int claimed = jdbc.sql("""
                            INSERT INTO vaccination_walk_in_request (idempotency_key, staff_id) VALUES (?, ?)
                            ON CONFLICT (idempotency_key) DO NOTHING""")
                    .params(r.clientKey(), staff.staffId()).update();
            if (claimed == 0) {
                return jdbc.sql("SELECT beneficiary_id, matched_existing FROM vaccination_walk_in_request WHERE idempotency_key = ?")
                        .param(r.clientKey())
                        .query((rs, n) -> new Result(r.clientKey(), r.type(), Status.ALREADY_RECORDED,
                                rs.getString("beneficiary_id"), null, null, rs.getBoolean("matched_existing"), false, null, null))
                        .single();
            }
            if (r.photoIdType() == null || r.photoIdNumber() == null) {
                throw ApiException.badRequest("BENREG0007", "photo_id_type and photo_id_number are required");
            }
            // The person may be registered already (an account of their own, another centre): match, never duplicate.
            WalkInRegistration.Registered registered = walkIns.registerOrMatch(new WalkInRegistration.WalkIn(r.mobile(),
                    r.name(), r.birthYear(), r.genderId(), r.photoIdType(), r.photoIdNumber(), r.comorbidityInd()));
            Optional<BeneficiaryId> existing = registered.matched() ? Optional.of(registered.id()) : Optional.empty();
            BeneficiaryId id = registered.id();
            jdbc.sql("UPDATE vaccination_walk_in_request SET beneficiary_id = ?, matched_existing = ? WHERE idempotency_key = ?")
                    .params(id.value(), existing.isPresent(), r.clientKey()).update();
            audit.record("WALK_IN_SYNC", "beneficiary:" + id.value(), (existing.isPresent()
                    ? "walk-in matched to the registered person with that photo ID" : "walk-in registered") + " from a device");
            return new Result(r.clientKey(), r.type(), Status.RECORDED, id.value(), null, null, existing.isPresent(), false,
                    null, null);
        });
    }

    private Result dose(StaffPrincipal staff, SyncRecord r, Instant deviceNow, Instant now, long offset, boolean flagged,
                        Duration tolerance) {
        // Synced before (by whoever was signed in then): the same dose, whatever else the record says now.
        Optional<Result> before = jdbc.sql("""
                        SELECT v.id, v.beneficiary_id, v.certificate_id, v.clock_flagged FROM vaccination_request q
                        JOIN vaccination v ON v.id = q.vaccination_id WHERE q.idempotency_key = ?""")
                .param(r.clientKey())
                .query((rs, n) -> new Result(r.clientKey(), r.type(), Status.ALREADY_RECORDED, rs.getString("beneficiary_id"),
                        rs.getObject("id", UUID.class), rs.getString("certificate_id"), false, rs.getBoolean("clock_flagged"),
                        null, null))
                .optional();
        if (before.isPresent()) {
            return before.get();
        }
        String reference = r.beneficiaryReferenceId();
        if ((reference == null || reference.isBlank()) && r.walkInKey() != null) {
            reference = jdbc.sql("SELECT beneficiary_id FROM vaccination_walk_in_request WHERE idempotency_key = ?")
                    .param(r.walkInKey()).query(String.class).optional()
                    .orElseThrow(() -> ApiException.badRequest("VACCIN0034",
                            "The walk-in this dose is for was not registered (refused, or not synced before it)"));
        }
        Instant administered = instant(r.administeredAt()).orElseThrow(() ->
                ApiException.badRequest("VACCIN0018", "administered_at must be an ISO-8601 date-time with offset"));
        if (administered.isAfter(now.plus(tolerance))) {
            throw ApiException.badRequest("VACCIN0035", "administered_at " + r.administeredAt()
                    + " is in the future by the server's clock (device clock off by " + offset + " s)");
        }
        Long centre = r.centerId() != null || r.sessionId() != null ? r.centerId() : staff.scope().centreId();
        var recorded = recording.record(staff, r.clientKey(), new RecordingDose.Request(reference, r.sessionId(), centre,
                        r.vaccine(), r.vaccineBatch(), r.dose(), null, null),
                new RecordingDose.Offline(administered, deviceNow, offset, flagged));
        return new Result(r.clientKey(), r.type(), recorded.repeated() ? Status.ALREADY_RECORDED : Status.RECORDED,
                reference, recorded.vaccinationId(), recorded.certificateId(), false, flagged, null, null);
    }

    /**
     * A facility admin discards a record the device could not sync (refused, and not to be
     * corrected): audited with the refusal and the reason; a record that was recorded cannot be.
     */
    void discard(StaffPrincipal staff, String clientKey, String errorCode, String reason) {
        if (staff.role() != Role.FACILITY_ADMIN) {
            audit.refused("OFFLINE_RECORD_DISCARD", "device-record:" + clientKey, "only a facility admin may discard");
            throw ApiException.forbidden("VACCIN0036", "Only a facility admin may discard a refused record");
        }
        if (clientKey == null || clientKey.isBlank() || clientKey.length() > 200) {
            throw ApiException.badRequest("VACCIN0032", "client_key is required (at most 200 characters)");
        }
        if (reason == null || reason.isBlank() || reason.length() > 500) {
            throw ApiException.badRequest("VACCIN0037", "reason is required (at most 500 characters)");
        }
        boolean recorded = jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM vaccination_request WHERE idempotency_key = ? AND vaccination_id IS NOT NULL)
                            OR EXISTS (SELECT 1 FROM vaccination_walk_in_request WHERE idempotency_key = ?)""")
                .params(clientKey, clientKey).query(Boolean.class).single();
        if (recorded) {
            throw ApiException.conflict("VACCIN0038", "This record was synced and recorded; it cannot be discarded");
        }
        audit.record("OFFLINE_RECORD_DISCARD", "device-record:" + clientKey,
                "refused " + (errorCode == null ? "" : errorCode) + ", discarded: " + reason.strip());
    }

    private static Optional<Instant> instant(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text.strip()).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
