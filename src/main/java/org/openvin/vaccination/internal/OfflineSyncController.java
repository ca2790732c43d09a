package org.openvin.vaccination.internal;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openvin.identity.CurrentUser;
import org.openvin.identity.StaffPrincipal;
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
    private final OfflinePacks packs;
    private final Clock clock;

    OfflineSyncController(SyncingVaccinations syncing, OfflinePacks packs, Clock clock) {
        this.syncing = syncing;
        this.packs = packs;
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
        List<SyncingVaccinations.SyncRecord> records = records(batch);
        return answer(syncing.sync(staff, batch.sent_at(), records));
    }

    static List<SyncingVaccinations.SyncRecord> records(SyncBatch batch) {
        return batch.records() == null ? null : batch.records().stream()
                .map(r -> r == null ? null : new SyncingVaccinations.SyncRecord(r.type(), r.client_key(), r.administered_at(),
                        r.mobile_number(), r.name(), r.birth_year(), r.gender_id(), r.photo_id_type(), r.photo_id_number(),
                        r.comorbidity_ind(), r.beneficiary_reference_id(), r.walk_in_key(), r.session_id(), r.center_id(),
                        r.vaccine(), r.vaccine_batch(), r.dose()))
                .toList();
    }

    SyncAnswer answer(SyncingVaccinations.Outcome outcome) {
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

    /** What a device stores to work a session offline: see {@link OfflinePacks}. */
    @GetMapping("/offline-pack")
    Map<String, Object> offlinePack(@RequestParam(required = false) String date, Locale locale) {
        return packs.prepare(CurrentUser.staff(), date, locale);
    }
}
