package org.openvin.vaccination.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import org.openvin.identity.Beneficiaries;
import org.openvin.identity.CurrentUser;
import org.openvin.identity.StaffPrincipal;
import org.openvin.platform.ApiException;
import org.openvin.platform.AuditTrail;
import org.openvin.profile.CountryProfile;
import org.openvin.scheduling.Appointments;
import org.openvin.stock.StockLedger;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The offline vaccinator console's two calls: the pack a device stores before going out (today's
 * queue, usable lots, dose rules, texts) and the sync of what it recorded offline.
 */
@RestController
@RequestMapping("/api/v2/vaccinator")
class OfflineSyncController {

    private final SyncingVaccinations syncing;
    private final Appointments appointments;
    private final Beneficiaries beneficiaries;
    private final StockLedger stock;
    private final CountryProfile profile;
    private final AuditTrail audit;
    private final Clock clock;

    OfflineSyncController(SyncingVaccinations syncing, Appointments appointments, Beneficiaries beneficiaries,
                          StockLedger stock, CountryProfile profile, AuditTrail audit, Clock clock) {
        this.syncing = syncing;
        this.appointments = appointments;
        this.beneficiaries = beneficiaries;
        this.stock = stock;
        this.profile = profile;
        this.audit = audit;
        this.clock = clock;
    }

    record SyncRecord(String type, String client_key, String administered_at, String mobile_number, String name,
                      String birth_year, Integer gender_id, Integer photo_id_type, String photo_id_number,
                      String comorbidity_ind, String beneficiary_reference_id, String walk_in_key, String session_id,
                      Long center_id, String vaccine, String vaccine_batch, Integer dose) {
    }

    record SyncBatch(String device_id, String sent_at, List<SyncRecord> records) {
    }

    record SyncResult(String client_key, String type, String status, String beneficiary_reference_id,
                      String vaccination_id, String certificate_id, boolean matched_existing, boolean clock_flagged,
                      String errorCode, String error) {
    }

    record SyncAnswer(List<SyncResult> results, long recorded, long already_recorded, long refused,
                      long clock_offset_seconds, boolean clock_flagged, String server_time) {
    }

    /** Per-record results, in the order sent; a refusal of one record leaves the others recorded. */
    @PostMapping("/vaccinations/sync")
    SyncAnswer sync(@RequestBody SyncBatch batch) {
        StaffPrincipal staff = CurrentUser.staff();
        List<SyncingVaccinations.SyncRecord> records = batch.records() == null ? null : batch.records().stream()
                .map(r -> r == null ? null : new SyncingVaccinations.SyncRecord(r.type(), r.client_key(), r.administered_at(),
                        r.mobile_number(), r.name(), r.birth_year(), r.gender_id(), r.photo_id_type(), r.photo_id_number(),
                        r.comorbidity_ind(), r.beneficiary_reference_id(), r.walk_in_key(), r.session_id(), r.center_id(),
                        r.vaccine(), r.vaccine_batch(), r.dose()))
                .toList();
        var outcome = syncing.sync(staff, batch.sent_at(), records);
        List<SyncResult> results = outcome.results().stream().map(r -> new SyncResult(r.clientKey(), r.type(),
                r.status().name(), r.beneficiaryReferenceId(), r.vaccinationId() == null ? null : r.vaccinationId().toString(),
                r.certificateId(), r.matchedExisting(), r.clockFlagged(), r.errorCode(), r.error())).toList();
        return new SyncAnswer(results, count(outcome, SyncingVaccinations.Status.RECORDED),
                count(outcome, SyncingVaccinations.Status.ALREADY_RECORDED), count(outcome, SyncingVaccinations.Status.REFUSED),
                outcome.clockOffsetSeconds(), outcome.clockFlagged(), clock.instant().toString());
    }

    private static long count(SyncingVaccinations.Outcome outcome, SyncingVaccinations.Status status) {
        return outcome.results().stream().filter(r -> r.status() == status).count();
    }

    record Discard(String client_key, String error_code, String reason) {
    }

    /** A facility admin discards a refused record kept on a device; audited. */
    @PostMapping("/vaccinations/sync/discarded")
    ResponseEntity<Void> discard(@RequestBody Discard body) {
        syncing.discard(CurrentUser.staff(), body.client_key(), body.error_code(), body.reason());
        return ResponseEntity.noContent().build();
    }

    /**
     * What a device stores to work a session offline: the facility's queue of the day, its usable
     * lots with the doses left, the profile's vaccines and rules, the console's texts, and when the
     * prepared session stops being usable offline (the profile's shift).
     */
    @GetMapping("/offline-pack")
    Map<String, Object> offlinePack(@RequestParam(required = false) String date, Locale locale) {
        StaffPrincipal staff = CurrentUser.staff();
        Long centre = staff.scope().centreId();
        if (centre == null) {
            throw ApiException.forbidden("VACCIN0017", "You can record doses only at your own facility");
        }
        LocalDate day;
        try {
            day = date == null || date.isBlank() ? LocalDate.now(clock.withZone(profile.zone())) : LocalDate.parse(date.strip());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("VACCIN0039", "date must be an ISO date (yyyy-mm-dd)");
        }
        Instant now = clock.instant();
        String lang = locale.getLanguage();
        Map<String, Object> pack = new LinkedHashMap<>();
        pack.put("centre_id", centre);
        pack.put("date", day.toString());
        pack.put("staff", staff.username());
        pack.put("prepared_at", now.toString());
        pack.put("expires_at", now.plus(Duration.ofHours(profile.offline().shiftHoursOrDefault())).toString());
        pack.put("clock_tolerance_minutes", profile.offline().clockToleranceMinutesOrDefault());
        pack.put("timezone", profile.zone().getId());
        pack.put("queue", appointments.bookedAt(centre, day).stream()
                .flatMap(a -> beneficiaries.find(a.beneficiaryId()).stream().map(b -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("beneficiary_reference_id", b.id().value());
                    m.put("name", b.name());
                    m.put("birth_year", b.birthYear());
                    m.put("dose", a.dose());
                    m.put("confirmation_number", a.confirmationNo());
                    m.put("session_id", a.sessionId().toString());
                    m.put("doses_received", b.dosesReceived());
                    m.put("vaccine", b.vaccine() == null ? "" : b.vaccine());
                    m.put("last_dose_date", b.lastDoseDate() == null ? "" : b.lastDoseDate().toString());
                    return m;
                })).toList());
        pack.put("lots", stock.usableLotDoses(centre, day).stream().map(l -> Map.of(
                "vaccine", l.lot().vaccine(), "lot_number", l.lot().lotNumber(),
                "expires_on", l.lot().expiresOn().toString(), "remaining_doses", l.doses())).toList());
        pack.put("vaccines", profile.vaccines().stream().map(v -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", v.name());
            m.put("doses", v.doses());
            m.put("min_interval_days", v.minIntervalDays());
            m.put("booster_min_days", v.boosterMinDays());
            m.put("min_age", v.minAge());
            m.put("max_age", v.maxAge());
            return m;
        }).toList());
        pack.put("id_types", profile.idTypes().stream().map(t -> Map.of("id", t.id(), "name", t.name(lang))).toList());
        pack.put("genders", profile.genders().stream().map(g -> Map.of("id", g.id(), "name", g.name(lang))).toList());
        pack.put("messages", consoleTexts(locale));
        audit.record("OFFLINE_PACK", "centre:" + centre, "session of " + day + " prepared for offline work");
        return pack;
    }

    /** The console's texts ({@code offline.*} keys) in the staff member's language. */
    private static Map<String, String> consoleTexts(Locale locale) {
        ResourceBundle bundle = ResourceBundle.getBundle("messages", locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        Map<String, String> texts = new LinkedHashMap<>();
        for (String key : bundle.keySet()) {
            if (key.startsWith("offline.")) {
                texts.put(key, bundle.getString(key));
            }
        }
        return texts;
    }
}
