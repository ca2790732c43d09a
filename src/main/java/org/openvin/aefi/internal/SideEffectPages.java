package org.openvin.aefi.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.openvin.identity.Beneficiaries;
import org.openvin.identity.Beneficiary;
import org.openvin.identity.BeneficiaryId;
import org.openvin.identity.CurrentUser;
import org.openvin.identity.MemberLinks;
import org.openvin.platform.ApiException;
import org.openvin.platform.PageMessages;
import org.openvin.platform.PersonHandles;
import org.openvin.vaccination.Vaccination;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * "Report a side effect": under each vaccinated member of the account, the citizen's AEFI
 * self-report (as {@code POST /api/v2/registration/aefi}); from the vaccinator console, the report
 * of a vaccinator or facility admin who sees the reaction (as {@code POST /api/v2/vaccinator/aefi}).
 * Both go through the same {@link ReportingAdverseEvent}, so the checks, the lot link, the serious
 * flag and the audit are those of the API.
 */
@Controller
class SideEffectPages implements MemberLinks {

    record Term(String value, String label) {
    }

    /** The form field each refusal of {@link ReportingAdverseEvent} is about, to show it next to that field. */
    private static final Map<String, String> FIELD_OF_ERROR = Map.of("AEFI0001", "dose", "AEFI0002", "onsetDate",
            "AEFI0003", "symptoms", "AEFI0004", "severity", "AEFI0005", "outcome", "AEFI0006", "serious",
            "AEFI0007", "description");

    private final ReportingAdverseEvent reporting;
    private final Beneficiaries beneficiaries;
    private final MessageSource messages;
    private final PersonHandles handles;

    SideEffectPages(ReportingAdverseEvent reporting, Beneficiaries beneficiaries, MessageSource messages,
                    PersonHandles handles) {
        this.handles = handles;
        this.reporting = reporting;
        this.beneficiaries = beneficiaries;
        this.messages = messages;
    }

    @Override
    public List<Link> linksFor(Beneficiary member) {
        return member.dosesReceived() == 0 ? List.of()
                : List.of(new Link("/account/side-effects?member=" + handles.of(member.id().value()), "aefi.link"));
    }

    /** Where a form is sent and where its reporter goes back to. */
    private enum Reporter {
        CITIZEN("/account/side-effects", "/account", "cert.back", ReportingAdverseEvent.Source.CITIZEN),
        STAFF("/vaccinator/side-effects", "/vaccinator", "console.back", ReportingAdverseEvent.Source.STAFF);

        final String action;
        final String back;
        final String backText;
        final ReportingAdverseEvent.Source source;

        Reporter(String action, String back, String backText, ReportingAdverseEvent.Source source) {
            this.action = action;
            this.back = back;
            this.backText = backText;
            this.source = source;
        }
    }

    @GetMapping("/account/side-effects")
    String form(@RequestParam(defaultValue = "") String member, Model model, Locale locale) {
        fill(model, own(handles.ref(member).orElse("")), Reporter.CITIZEN, locale);
        return "aefi/report";
    }

    @PostMapping("/account/side-effects")
    String report(@RequestParam MultiValueMap<String, String> form, Model model, Locale locale, RedirectAttributes redirect) {
        return send(own(form.getFirst("member")), Reporter.CITIZEN, form, model, locale, redirect);
    }

    @GetMapping("/vaccinator/side-effects")
    String staffForm(@RequestParam(defaultValue = "") String member, Model model, Locale locale) {
        fill(model, anyone(handles.ref(member).orElse("")), Reporter.STAFF, locale);
        return "aefi/report";
    }

    @PostMapping("/vaccinator/side-effects")
    String staffReport(@RequestParam MultiValueMap<String, String> form, Model model, Locale locale,
                       RedirectAttributes redirect) {
        return send(anyone(form.getFirst("member")), Reporter.STAFF, form, model, locale, redirect);
    }

    private String send(Beneficiary b, Reporter reporter, MultiValueMap<String, String> form, Model model, Locale locale,
                        RedirectAttributes redirect) {
        Integer dose;
        try {
            dose = Integer.valueOf(form.getFirst("dose"));
        } catch (NumberFormatException e) {
            dose = null;
        }
        var report = new ReportingAdverseEvent.Form(null, b.id().value(), dose, form.getFirst("onsetDate"),
                form.getOrDefault("symptoms", List.of()), form.getFirst("severity"),
                form.getFirst("serious") == null ? null : Boolean.valueOf(form.getFirst("serious")), form.getFirst("outcome"),
                form.getFirst("description"));
        try {
            Vaccination vaccination = reporting.dose(report);
            reporting.report(vaccination, report, reporter.source);
            redirect.addFlashAttribute("notice", messages.getMessage("aefi.reported", new Object[] {b.name()}, locale));
            return "redirect:" + reporter.back;
        } catch (ApiException e) {
            model.addAttribute("problem", PageMessages.of(messages, e, locale));
            model.addAttribute("problemField", FIELD_OF_ERROR.getOrDefault(e.errorCode(), ""));
            fill(model, b, reporter, locale);
            model.addAttribute("sent", form);
            return "aefi/report";
        }
    }

    private void fill(Model model, Beneficiary b, Reporter reporter, Locale locale) {
        model.addAttribute("action", reporter.action);
        model.addAttribute("back", reporter.back);
        model.addAttribute("backText", reporter.backText);
        model.addAttribute("member", b.id().value());
        model.addAttribute("name", b.name());
        model.addAttribute("doses", IntStream.rangeClosed(1, b.dosesReceived()).boxed().toList());
        model.addAttribute("symptoms", terms(AefiTerms.SYMPTOMS, locale));
        model.addAttribute("severities", terms(AefiTerms.SEVERITIES, locale));
        model.addAttribute("outcomes", terms(AefiTerms.OUTCOMES, locale));
    }

    /** The AEFI terms in the reader's language; the code itself where a bundle lacks one. */
    private List<Term> terms(List<String> values, Locale locale) {
        return values.stream().map(v -> new Term(v, messages.getMessage("aefi.term." + v, null, v, locale))).toList();
    }

    /** The member of the logged-in account; the same not-found as the API for anyone else's. */
    private Beneficiary own(String ref) {
        long account = CurrentUser.citizen().accountId();
        return byRef(ref).filter(b -> b.accountId() == account)
                .orElseThrow(() -> ApiException.notFound("AEFI0001", "No such dose among your beneficiaries"));
    }

    /**
     * Any registered person, for staff: a reaction may be seen at another facility than the one that
     * vaccinated, as the API allows. The person must have a dose to report against.
     */
    private Beneficiary anyone(String ref) {
        CurrentUser.staff();
        return byRef(ref).filter(b -> b.dosesReceived() > 0)
                .orElseThrow(() -> ApiException.notFound("AEFI0001", "No recorded dose for that reference id"));
    }

    private Optional<Beneficiary> byRef(String ref) {
        return BeneficiaryId.isValid(ref) ? beneficiaries.find(new BeneficiaryId(ref)) : Optional.empty();
    }
}
