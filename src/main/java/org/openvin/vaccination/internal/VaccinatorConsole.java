package org.openvin.vaccination.internal;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.openvin.identity.Beneficiaries;
import org.openvin.identity.Beneficiary;
import org.openvin.identity.BeneficiaryId;
import org.openvin.identity.CurrentUser;
import org.openvin.identity.PersonLookup;
import org.openvin.identity.Role;
import org.openvin.identity.StaffPrincipal;
import org.openvin.identity.WalkInRegistration;
import org.openvin.platform.ApiException;
import org.openvin.platform.AuditTrail;
import org.openvin.platform.PageDates;
import org.openvin.platform.PageMessages;
import org.openvin.platform.PersonHandles;
import org.openvin.profile.CountryProfile;
import org.openvin.scheduling.Appointments;
import org.openvin.scheduling.Sessions;
import org.openvin.stock.Lot;
import org.openvin.stock.StockLedger;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The vaccinator console (a tablet at the facility): today's queue, find a person, register a
 * walk-in, record a dose. It calls the same use cases as {@link VaccinatorController}; a refused
 * dose shows the rule's message (VACCIN…/STOCK… codes) next to the form, and a facility admin gets
 * the override reason field. Each render of the dose form carries a new Idempotency-Key, so a
 * double submit records the dose once.
 */
@Controller
class VaccinatorConsole {

    record QueueLine(String ref, String name, int dose, String confirmationNo) {
    }

    record Person(String ref, String name, int birthYear, String idMasked, String status, int dosesReceived) {
    }

    record Choice(String value, String label, boolean selected) {
    }

    private final RecordingDose recording;
    private final Beneficiaries beneficiaries;
    private final PersonLookup lookup;
    private final WalkInRegistration walkIns;
    private final Appointments appointments;
    private final Sessions sessions;
    private final StockLedger stock;
    private final CountryProfile profile;
    private final AuditTrail audit;
    private final MessageSource messages;
    private final Clock clock;
    private final PersonHandles handles;

    VaccinatorConsole(RecordingDose recording, Beneficiaries beneficiaries, PersonLookup lookup,
                      WalkInRegistration walkIns, Appointments appointments, Sessions sessions, StockLedger stock,
                      CountryProfile profile, AuditTrail audit, MessageSource messages, Clock clock,
                      PersonHandles handles) {
        this.handles = handles;
        this.recording = recording;
        this.beneficiaries = beneficiaries;
        this.lookup = lookup;
        this.walkIns = walkIns;
        this.appointments = appointments;
        this.sessions = sessions;
        this.stock = stock;
        this.profile = profile;
        this.audit = audit;
        this.messages = messages;
        this.clock = clock;
    }

    @GetMapping("/vaccinator")
    String console(Model model, Locale locale) {
        return console("", "", null, "", model, locale);
    }

    /**
     * A search is posted, never sent in the query string: a mobile or ID number in a URL would stay
     * in the tablet's history and in every proxy's log.
     */
    @PostMapping("/vaccinator")
    String search(@RequestParam(defaultValue = "") String by, @RequestParam(defaultValue = "") String q,
                  @RequestParam(required = false) Integer idType, @RequestParam(defaultValue = "") String purpose,
                  Model model, Locale locale, HttpServletResponse response) {
        String page = console(by, q, idType, purpose, model, locale);
        if (Boolean.TRUE.equals(model.getAttribute("tooMany"))) {
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        }
        return page;
    }

    private String console(String by, String q, Integer idType, String purpose, Model model, Locale locale) {
        StaffPrincipal staff = CurrentUser.staff();
        Long centre = staff.scope().centreId();
        List<QueueLine> queue = centre == null ? List.of() : appointments.bookedAt(centre, today()).stream()
                .flatMap(a -> beneficiaries.find(a.beneficiaryId()).stream()
                        .map(b -> new QueueLine(b.id().value(), b.name(), a.dose(), a.confirmationNo())))
                .toList();
        model.addAttribute("queue", queue);
        model.addAttribute("centre", centre);
        model.addAttribute("by", by.isEmpty() ? "confirmation" : by);
        model.addAttribute("q", q);
        String lang = locale.getLanguage();
        model.addAttribute("idTypes", profile.idTypes().stream()
                .map(t -> new Choice(String.valueOf(t.id()), t.name(lang), Integer.valueOf(t.id()).equals(idType))).toList());
        model.addAttribute("genders", profile.genders().stream()
                .map(g -> new Choice(String.valueOf(g.id()), g.name(lang), false)).toList());
        model.addAttribute("purposes", lookup.purposes().stream()
                .map(p -> new Choice(p, messages.getMessage("lookup.purpose." + p, null, p, locale), p.equals(purpose))).toList());
        model.addAttribute("searched", !q.isBlank());
        if (!q.isBlank()) {
            try {
                model.addAttribute("found", find(staff, by, q.strip(), idType, purpose).stream()
                        .map(VaccinatorConsole::person).toList());
            } catch (ApiException e) {
                model.addAttribute("found", List.of());
                model.addAttribute("findError", PageMessages.of(messages, e, locale));
                model.addAttribute("tooMany", e instanceof PersonLookup.TooManyLookups);
            }
        }
        return "vaccination/console";
    }

    /** The same searches, checks, limits and audit rows as the API's findBy… endpoints. */
    private List<Beneficiary> find(StaffPrincipal staff, String by, String q, Integer idType, String purpose) {
        switch (by) {
            case "ref" -> {
                if (!BeneficiaryId.isValid(q)) {
                    throw ApiException.badRequest("VACCIN0013", "beneficiary_reference_id must be 14 digits");
                }
                audit.record("BENEFICIARY_SEARCH", "beneficiary:" + q, "by reference id");
                return beneficiaries.find(new BeneficiaryId(q)).stream().toList();
            }
            case "mobile" -> {
                return lookup.byMobile(staff, purpose, q);
            }
            case "photoid" -> {
                return lookup.byPhotoId(staff, purpose, idType, q).stream().toList();
            }
            default -> {
                if (!q.matches("[A-Za-z0-9-]{4,40}")) {
                    throw ApiException.badRequest("VACCIN0020", "confirmation_number is not valid");
                }
                audit.record("BENEFICIARY_SEARCH", "confirmation:" + q, "by appointment confirmation number");
                return appointments.byConfirmationNo(q).stream()
                        .flatMap(a -> beneficiaries.find(a.beneficiaryId()).stream()).distinct().toList();
            }
        }
    }

    @PostMapping("/vaccinator/walk-in")
    String walkIn(@RequestParam Map<String, String> form, Model model, Locale locale, RedirectAttributes redirect) {
        CurrentUser.staff();
        try {
            BeneficiaryId id = walkIns.register(new WalkInRegistration.WalkIn(form.get("mobile"), form.get("name"),
                    form.get("birthYear"), integer(form.get("genderId")), integer(form.get("photoIdType")),
                    form.get("photoIdNumber"), "N"));
            return "redirect:/vaccinator/dose?person=" + handles.of(id.value());
        } catch (ApiException e) {
            redirect.addFlashAttribute("walkInError", PageMessages.of(messages, e, locale));
            redirect.addFlashAttribute("walkInField", WalkInRegistration.fieldOf(e.errorCode()));
            redirect.addFlashAttribute("walkIn", form);
            return "redirect:/vaccinator#walk-in";
        }
    }

    @GetMapping("/vaccinator/dose")
    String doseForm(@RequestParam(defaultValue = "") String person, Model model, Locale locale) {
        StaffPrincipal staff = CurrentUser.staff();
        String beneficiary = handles.ref(person).orElse("");
        Beneficiary b = BeneficiaryId.isValid(beneficiary) ? beneficiaries.find(new BeneficiaryId(beneficiary)).orElse(null) : null;
        if (b == null) {
            return "redirect:/vaccinator";
        }
        int next = b.dosesReceived() + 1;
        String vaccine = appointments.openFor(b.id(), next).flatMap(a -> sessions.find(a.sessionId()))
                .map(s -> s.vaccine()).orElse(b.vaccine());
        fillDoseForm(model, staff, b, Map.of("dose", String.valueOf(next), "vaccine", vaccine == null ? "" : vaccine), locale);
        return "vaccination/dose";
    }

    @PostMapping("/vaccinator/dose")
    String record(@RequestParam Map<String, String> form, Model model, Locale locale, RedirectAttributes redirect) {
        StaffPrincipal staff = CurrentUser.staff();
        String ref = form.getOrDefault("beneficiary", "");
        Beneficiary b = BeneficiaryId.isValid(ref) ? beneficiaries.find(new BeneficiaryId(ref)).orElse(null) : null;
        if (b == null) {
            return "redirect:/vaccinator";
        }
        Long centre = staff.scope().centreId();
        Integer dose = integer(form.get("dose"));
        // The person's own appointment at this facility, if any; otherwise a walk-in at the facility.
        String sessionId = dose == null ? null : appointments.openFor(b.id(), dose)
                .filter(a -> sessions.find(a.sessionId()).map(s -> centre != null && s.centreId() == centre).orElse(false))
                .map(a -> a.sessionId().toString()).orElse(null);
        try {
            var recorded = recording.record(staff, form.get("idempotencyKey"), new RecordingDose.Request(ref, sessionId,
                    sessionId == null ? centre : null, form.get("vaccine"), form.get("lot"), dose, null,
                    staff.role() == Role.FACILITY_ADMIN ? form.get("overrideReason") : null));
            redirect.addFlashAttribute("notice", messages.getMessage("console.recorded",
                    new Object[] {dose, b.name(), recorded.certificateId()}, locale));
            return "redirect:/vaccinator";
        } catch (ApiException e) {
            model.addAttribute("refusal", PageMessages.of(messages, e, locale));
            model.addAttribute("refusalCode", e.errorCode());
            model.addAttribute("refusalField", doseFieldOf(e.errorCode()));
            fillDoseForm(model, staff, b, form, locale);
            return "vaccination/dose";
        }
    }

    /** The field of the dose form a refusal is about, so it is marked and read out with it. */
    private static String doseFieldOf(String errorCode) {
        return switch (errorCode) {
            case "VACCIN0001", "VACCIN0003", "VACCIN0004", "VACCIN0011" -> "dose";
            case "VACCIN0002", "VACCIN0006", "VACCIN0007" -> "vaccine";
            case "VACCIN0010" -> "overrideReason";
            default -> errorCode.startsWith("STOCK") ? "lot" : "";
        };
    }

    private void fillDoseForm(Model model, StaffPrincipal staff, Beneficiary b, Map<String, String> form, Locale locale) {
        Long centre = staff.scope().centreId();
        String vaccine = form.getOrDefault("vaccine", "");
        model.addAttribute("person", person(b));
        model.addAttribute("vaccines", profile.vaccines().stream()
                .map(v -> new Choice(v.name(), v.name(), v.name().equalsIgnoreCase(vaccine))).toList());
        List<Lot> lots = centre == null ? List.of() : stock.usableLots(centre, today());
        model.addAttribute("lots", lots.stream()
                .map(l -> new Choice(l.lotNumber(), l.lotNumber() + " — " + l.vaccine() + ", " + PageDates.date(l.expiresOn(), locale),
                        l.lotNumber().equals(form.get("lot")) || form.get("lot") == null && l.vaccine().equalsIgnoreCase(vaccine)))
                .toList());
        model.addAttribute("dose", form.getOrDefault("dose", ""));
        model.addAttribute("overrideReason", form.getOrDefault("overrideReason", ""));
        model.addAttribute("canOverride", staff.role() == Role.FACILITY_ADMIN);
        model.addAttribute("idempotencyKey", UUID.randomUUID().toString());
    }

    private static Person person(Beneficiary b) {
        return new Person(b.id().value(), b.name(), b.birthYear(), b.photoIdMasked(), b.vaccinationStatus(), b.dosesReceived());
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(profile.zone()));
    }

    private static Integer integer(String text) {
        try {
            return text == null || text.isBlank() ? null : Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
