package org.openvin.vaccination.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.openvin.identity.Beneficiaries;
import org.openvin.identity.Beneficiary;
import org.openvin.identity.BeneficiaryId;
import org.openvin.identity.CurrentUser;
import org.openvin.identity.PersonLookup;
import org.openvin.identity.WalkInRegistration;
import org.openvin.platform.ApiError;
import org.openvin.platform.ApiException;
import org.openvin.platform.AuditTrail;
import org.openvin.profile.CountryProfile;
import org.openvin.scheduling.Appointments;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The contract's vaccinator family: find the person, register a walk-in, record the dose. */
@RestController
@RequestMapping("/api/v2/vaccinator")
class VaccinatorController {

    private final RecordingDose recording;
    private final Beneficiaries beneficiaries;
    private final PersonLookup lookup;
    private final WalkInRegistration walkIns;
    private final Appointments appointments;
    private final CountryProfile profile;
    private final AuditTrail audit;

    VaccinatorController(RecordingDose recording, Beneficiaries beneficiaries, PersonLookup lookup,
                         WalkInRegistration walkIns, Appointments appointments, CountryProfile profile, AuditTrail audit) {
        this.recording = recording;
        this.beneficiaries = beneficiaries;
        this.lookup = lookup;
        this.walkIns = walkIns;
        this.appointments = appointments;
        this.profile = profile;
        this.audit = audit;
    }

    record RecordDose(String beneficiary_reference_id, String session_id, Long center_id, String vaccine,
                      String vaccine_batch, Integer dose, String vaccinated_at, String override_reason) {
    }

    record Recorded(String vaccination_id, String certificate_id) {
    }

    record NewWalkIn(String mobile_number, String mobile, String name, String birth_year, Integer gender_id,
                     Integer photo_id_type, String photo_id_number, String comorbidity_ind) {
    }

    record Created(String beneficiary_reference_id) {
    }

    record Found(List<Map<String, Object>> beneficiaries) {
    }

    @PostMapping("/vaccinations")
    ResponseEntity<Recorded> record(@RequestHeader(name = "Idempotency-Key", required = false) String key,
                                    @RequestBody RecordDose body) {
        var recorded = recording.record(CurrentUser.staff(), key, new RecordingDose.Request(body.beneficiary_reference_id(),
                body.session_id(), body.center_id(), body.vaccine(), body.vaccine_batch(), body.dose(), body.vaccinated_at(),
                body.override_reason()));
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new Recorded(recorded.vaccinationId().toString(), recorded.certificateId()));
    }

    record OnSpot(String beneficiary_reference_id, Long center_id, String vaccine, String vaccine_batch, Integer dose,
                  String dose1_date, String dose2_date, String vaccinator_name, String override_reason) {
    }

    /**
     * The contract's on-spot entry: a dose given to someone who walked in, recorded at the centre.
     * CoWIN clients send no Idempotency-Key, so the beneficiary and dose number serve as one (a
     * dose is recorded once whatever the retries); a past dose date needs a supervisor's override,
     * like any back-dated entry.
     */
    @PostMapping("/onspots/schedule")
    ResponseEntity<Recorded> onSpot(@RequestHeader(name = "Idempotency-Key", required = false) String key,
                                    @RequestBody OnSpot body) {
        if (body.center_id() == null) {
            throw ApiException.badRequest("VACCIN0022", "center_id is required for an on-spot dose");
        }
        String date = body.dose() == null ? null : switch (body.dose()) {
            case 1 -> body.dose1_date();
            case 2 -> body.dose2_date();
            default -> null;
        };
        String vaccinatedAt = date == null || date.isBlank() ? null : contractDate(date);
        String idempotencyKey = key != null && !key.isBlank() ? key
                : "onspot:" + body.beneficiary_reference_id() + ":" + body.dose();
        var recorded = recording.record(CurrentUser.staff(), idempotencyKey, new RecordingDose.Request(
                body.beneficiary_reference_id(), null, body.center_id(), body.vaccine(), body.vaccine_batch(), body.dose(),
                vaccinatedAt, body.override_reason()));
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new Recorded(recorded.vaccinationId().toString(), recorded.certificateId()));
    }

    /** The contract writes dates dd-mm-yyyy; ISO dates are accepted too. */
    private static String contractDate(String text) {
        try {
            return java.time.LocalDate.parse(text.trim(), java.time.format.DateTimeFormatter.ofPattern("dd-MM-yyyy")).toString();
        } catch (java.time.format.DateTimeParseException e) {
            return text.trim();
        }
    }

    @PostMapping("/beneficiaries/new")
    Created walkIn(@RequestBody NewWalkIn body) {
        CurrentUser.staff();
        String mobile = body.mobile_number() != null ? body.mobile_number() : body.mobile();
        var id = walkIns.register(new WalkInRegistration.WalkIn(mobile, body.name(), body.birth_year(), body.gender_id(),
                body.photo_id_type(), body.photo_id_number(), body.comorbidity_ind()));
        return new Created(id.value());
    }

    @GetMapping("/beneficiaries/findByReferenceId")
    Found byReferenceId(@RequestParam(name = "beneficiary_reference_id", required = false) String ref) {
        if (!BeneficiaryId.isValid(ref)) {
            throw ApiException.badRequest("VACCIN0013", "beneficiary_reference_id must be 14 digits");
        }
        audit.record("BENEFICIARY_SEARCH", "beneficiary:" + ref, "by reference id");
        return found(beneficiaries.find(new BeneficiaryId(ref)).stream().toList());
    }

    record ByMobile(String mobile_number, String purpose) {
    }

    record ByPhotoId(Integer photo_id_type, String photo_id_number, String purpose) {
    }

    /**
     * Finding people by mobile: the full number and a purpose the profile allows, in the body (a
     * number in a URL stays in every proxy's log), counted against the account's hourly look-ups.
     */
    @PostMapping("/beneficiaries/findByMobile")
    Found byMobile(@RequestBody ByMobile body) {
        return found(lookup.byMobile(CurrentUser.staff(), body.purpose(), body.mobile_number()));
    }

    @GetMapping("/beneficiaries/findByConfirmationNumber")
    Found byConfirmation(@RequestParam(name = "confirmation_number", required = false) String number) {
        if (number == null || !number.matches("[A-Za-z0-9-]{4,40}")) {
            throw ApiException.badRequest("VACCIN0020", "confirmation_number is not valid");
        }
        audit.record("BENEFICIARY_SEARCH", "confirmation:" + number, "by appointment confirmation number");
        return found(appointments.byConfirmationNo(number).stream()
                .flatMap(a -> beneficiaries.find(a.beneficiaryId()).stream()).distinct().toList());
    }

    /** Finding the one person holding an ID document, under the same rules as {@link #byMobile}. */
    @PostMapping("/beneficiaries/findByPhotoId")
    Found byPhotoId(@RequestBody ByPhotoId body) {
        return found(lookup.byPhotoId(CurrentUser.staff(), body.purpose(), body.photo_id_type(), body.photo_id_number())
                .stream().toList());
    }

    /** The searches of old clients, numbers in the query string: refused, pointing to the POST (and not audited: nothing is looked up). */
    @GetMapping({"/beneficiaries/findByMobile", "/beneficiaries/findByPhotoId"})
    ResponseEntity<ApiError> searchInUrl(HttpServletRequest request) {
        String operation = request.getRequestURI().substring(request.getRequestURI().lastIndexOf('/') + 1);
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED).header("Allow", "POST")
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .body(new ApiError("LOOKUP0003", "POST " + operation + " with a JSON body {"
                        + (operation.equals("findByMobile") ? "mobile_number" : "photo_id_type, photo_id_number")
                        + ", purpose}: numbers are not taken from the URL"));
    }

    private Found found(List<Beneficiary> list) {
        return new Found(list.stream().map(b -> {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("beneficiary_reference_id", b.id().value());
            m.put("name", b.name());
            m.put("birth_year", String.valueOf(b.birthYear()));
            m.put("gender", profile.gender(b.genderId()).map(g -> g.name()).orElse(""));
            m.put("photo_id_type", profile.idType(b.photoIdType()).map(t -> t.name()).orElse(""));
            m.put("photo_id_number", b.photoIdMasked());
            m.put("vaccination_status", b.vaccinationStatus());
            m.put("vaccine", b.vaccine() == null ? "" : b.vaccine());
            m.put("doses_received", b.dosesReceived());
            m.put("dose1_date", b.dose1Date() == null ? "" : b.dose1Date().toString());
            m.put("dose2_date", b.dose2Date() == null ? "" : b.dose2Date().toString());
            return m;
        }).toList());
    }

}
