package org.openvin.aefi.internal;

import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.openvin.identity.Beneficiaries;
import org.openvin.identity.Beneficiary;
import org.openvin.identity.BeneficiaryId;
import org.openvin.identity.CurrentUser;
import org.openvin.identity.MemberLinks;
import org.openvin.platform.ApiException;
import org.openvin.platform.PageMessages;
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
 * "Report a side effect" under each vaccinated member of the account: the citizen's AEFI
 * self-report, through the same {@link ReportingAdverseEvent} as {@code POST /api/v2/registration/aefi}.
 */
@Controller
class SideEffectPages implements MemberLinks {

    record Term(String value, String label) {
    }

    private final ReportingAdverseEvent reporting;
    private final Beneficiaries beneficiaries;
    private final MessageSource messages;

    SideEffectPages(ReportingAdverseEvent reporting, Beneficiaries beneficiaries, MessageSource messages) {
        this.reporting = reporting;
        this.beneficiaries = beneficiaries;
        this.messages = messages;
    }

    @Override
    public List<Link> linksFor(Beneficiary member) {
        return member.dosesReceived() == 0 ? List.of()
                : List.of(new Link("/account/side-effects?member=" + member.id().value(), "aefi.link"));
    }

    @GetMapping("/account/side-effects")
    String form(@RequestParam(defaultValue = "") String member, Model model) {
        fill(model, own(member));
        return "aefi/report";
    }

    @PostMapping("/account/side-effects")
    String report(@RequestParam MultiValueMap<String, String> form, Model model, Locale locale, RedirectAttributes redirect) {
        Beneficiary b = own(form.getFirst("member"));
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
            reporting.report(vaccination, report, ReportingAdverseEvent.Source.CITIZEN);
            redirect.addFlashAttribute("notice", messages.getMessage("aefi.reported", new Object[] {b.name()}, locale));
            return "redirect:/account";
        } catch (ApiException e) {
            model.addAttribute("problem", PageMessages.of(messages, e, locale));
            fill(model, b);
            return "aefi/report";
        }
    }

    private void fill(Model model, Beneficiary b) {
        model.addAttribute("member", b.id().value());
        model.addAttribute("name", b.name());
        model.addAttribute("doses", IntStream.rangeClosed(1, b.dosesReceived()).boxed().toList());
        model.addAttribute("symptoms", terms(AefiTerms.SYMPTOMS));
        model.addAttribute("severities", terms(AefiTerms.SEVERITIES));
        model.addAttribute("outcomes", terms(AefiTerms.OUTCOMES));
    }

    /** The AEFI terms as written in the list, made readable ("NAUSEA_VOMITING" → "Nausea vomiting"). */
    private static List<Term> terms(List<String> values) {
        return values.stream().map(v -> new Term(v, v.charAt(0) + v.substring(1).toLowerCase().replace('_', ' '))).toList();
    }

    /** The member of the logged-in account; the same not-found as the API for anyone else's. */
    private Beneficiary own(String ref) {
        long account = CurrentUser.citizen().accountId();
        return (BeneficiaryId.isValid(ref) ? beneficiaries.find(new BeneficiaryId(ref)) : java.util.Optional.<Beneficiary>empty())
                .filter(b -> b.accountId() == account)
                .orElseThrow(() -> ApiException.notFound("AEFI0001", "No such dose among your beneficiaries"));
    }
}
