package org.openvin.aefi.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.openvin.aefi.AefiReported;
import org.openvin.identity.BeneficiaryId;
import org.openvin.identity.CurrentUser;
import org.openvin.platform.ApiException;
import org.openvin.platform.AuditTrail;
import org.openvin.profile.CountryProfile;
import org.openvin.registry.Centre;
import org.openvin.registry.Centres;
import org.openvin.stock.Lot;
import org.openvin.stock.StockLedger;
import org.openvin.vaccination.Vaccination;
import org.openvin.vaccination.Vaccinations;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Someone reports an adverse event against a dose: the dose is found (by id, or by beneficiary and
 * dose number), the report is tied to the dose's lot and the place that gave it, and a serious
 * case is flagged to that district. Who may report which dose is the caller's business.
 */
@Service
class ReportingAdverseEvent {

    record Form(String vaccination_id, String beneficiary_reference_id, Integer dose, String onset_date,
                List<String> symptoms, String severity, Boolean serious, String outcome, String description) {
    }

    enum Source { STAFF, CITIZEN }

    private final Vaccinations vaccinations;
    private final StockLedger stock;
    private final Centres centres;
    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final CountryProfile profile;
    private final Clock clock;

    ReportingAdverseEvent(Vaccinations vaccinations, StockLedger stock, Centres centres, JdbcClient jdbc, AuditTrail audit,
                          ApplicationEventPublisher events, CountryProfile profile, Clock clock) {
        this.vaccinations = vaccinations;
        this.stock = stock;
        this.centres = centres;
        this.jdbc = jdbc;
        this.audit = audit;
        this.events = events;
        this.profile = profile;
        this.clock = clock;
    }

    /** The dose the form names, or a 4xx. */
    Vaccination dose(Form f) {
        if (f.vaccination_id() != null && !f.vaccination_id().isBlank()) {
            UUID id;
            try {
                id = UUID.fromString(f.vaccination_id());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("AEFI0001", "vaccination_id is not valid");
            }
            return vaccinations.find(id).orElseThrow(() -> ApiException.notFound("AEFI0001", "No dose with that vaccination_id"));
        }
        if (!BeneficiaryId.isValid(f.beneficiary_reference_id()) || f.dose() == null) {
            throw ApiException.badRequest("AEFI0001", "vaccination_id, or beneficiary_reference_id and dose, are required");
        }
        return vaccinations.ofBeneficiary(new BeneficiaryId(f.beneficiary_reference_id())).stream()
                .filter(v -> v.dose() == f.dose()).findFirst()
                .orElseThrow(() -> ApiException.notFound("AEFI0001", "No dose " + f.dose() + " is recorded for this beneficiary"));
    }

    @Transactional
    UUID report(Vaccination dose, Form f, Source source) {
        LocalDate today = LocalDate.now(clock.withZone(profile.zone()));
        LocalDate onset;
        try {
            onset = LocalDate.parse(f.onset_date() == null ? "" : f.onset_date());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("AEFI0002", "onset_date must be YYYY-MM-DD");
        }
        if (onset.isBefore(dose.vaccinatedOn()) || onset.isAfter(today)) {
            throw ApiException.badRequest("AEFI0002", "onset_date must lie between the dose (" + dose.vaccinatedOn() + ") and today");
        }
        List<String> symptoms = f.symptoms() == null ? List.of()
                : f.symptoms().stream().filter(s -> s != null).map(s -> s.trim().toUpperCase(Locale.ROOT)).distinct().toList();
        if (symptoms.isEmpty() || !AefiTerms.SYMPTOMS.containsAll(symptoms)) {
            throw ApiException.badRequest("AEFI0003", "symptoms must be a non-empty list from: " + String.join(", ", AefiTerms.SYMPTOMS));
        }
        String severity = upper(f.severity());
        if (!AefiTerms.SEVERITIES.contains(severity)) {
            throw ApiException.badRequest("AEFI0004", "severity must be one of " + String.join(", ", AefiTerms.SEVERITIES));
        }
        String outcome = f.outcome() == null || f.outcome().isBlank() ? "UNKNOWN" : upper(f.outcome());
        if (!AefiTerms.OUTCOMES.contains(outcome)) {
            throw ApiException.badRequest("AEFI0005", "outcome must be one of " + String.join(", ", AefiTerms.OUTCOMES));
        }
        if (f.serious() == null) {
            throw ApiException.badRequest("AEFI0006", "serious (true or false) is required");
        }
        if (f.description() != null && f.description().length() > 2000) {
            throw ApiException.badRequest("AEFI0007", "description must be at most 2000 characters");
        }
        // WHO: a death is always a serious adverse event, whatever the reporter ticked.
        boolean serious = f.serious() || outcome.equals("DIED");
        Lot lot = stock.lotOf(dose.id()).orElse(null);
        Centre place = centres.find(dose.centreId()).orElseThrow();
        // A staff report names the reporter's facility: another facility than the dose's is allowed
        // (the person fell ill elsewhere) and shown as such to both districts.
        Centre reporter = source == Source.STAFF ? CurrentUser.staffIfAny().map(s -> s.scope().centreId())
                .flatMap(centres::find).orElse(null) : null;
        UUID id = UUID.randomUUID();
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql("""
                        INSERT INTO aefi_report (id, vaccination_id, beneficiary_id, dose, vaccine, lot_id, lot_number, centre_id,
                            state_id, district_id, onset_date, symptoms, severity, serious, outcome, description, source,
                            reported_by, reported_at, updated_at, reporting_centre_id, reporting_state_id, reporting_district_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, dose.id(), dose.beneficiaryId().value(), dose.dose(), dose.vaccine(),
                        lot == null ? null : lot.id(), lot == null ? dose.batch() : lot.lotNumber(), place.id(),
                        place.stateId(), place.districtId(), onset, symptoms.toArray(String[]::new), severity, serious,
                        outcome, f.description() == null || f.description().isBlank() ? null : f.description().trim(),
                        source.name(), AuditTrail.currentActor().id(), now, now,
                        reporter == null ? null : reporter.id(), reporter == null ? null : reporter.stateId(),
                        reporter == null ? null : reporter.districtId())
                .update();
        audit.record("AEFI_REPORT", "aefi:" + id, (serious ? "serious " : "") + severity + " after vaccination:" + dose.id()
                + " lot " + (lot == null ? dose.batch() : lot.lotNumber())
                + (reporter != null && reporter.id() != place.id() ? " reported at centre " + reporter.id() + " (dose given at "
                        + place.id() + ")" : ""));
        if (serious) {
            audit.record("AEFI_SERIOUS_FLAGGED", "district:" + place.districtId(), "aefi:" + id);
        }
        events.publishEvent(new AefiReported(id, dose.id(), dose.vaccine(), lot == null ? dose.batch() : lot.lotNumber(),
                serious, place.districtId()));
        return id;
    }

    private static String upper(String value) {
        return value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
    }
}
