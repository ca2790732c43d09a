package org.openvin.aefi.internal;

import java.util.Locale;
import java.util.UUID;
import org.openvin.identity.CurrentUser;
import org.openvin.identity.Role;
import org.openvin.platform.ApiException;
import org.openvin.platform.PageMessages;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * AEFI cases for the officials who investigate them: the serious cases not yet classified first,
 * the counts per lot for signal detection, then the latest reports in scope, each moved one step (reported → investigated → classified,
 * with the WHO causality category) by a form. Everything goes through {@link AefiCases}, the
 * API's own use case, so the scope check, the one-step rule and the audit are the same.
 */
@Controller
class AefiCasePages {

    private final AefiCases cases;
    private final MessageSource messages;

    AefiCasePages(AefiCases cases, MessageSource messages) {
        this.cases = cases;
        this.messages = messages;
    }

    @GetMapping("/staff/aefi")
    String list(Model model) {
        Role role = CurrentUser.staff().role();
        model.addAttribute("canInvestigate", role == Role.DISTRICT_ADMIN || role == Role.STATE_ADMIN
                || role == Role.NATIONAL_ADMIN);
        model.addAttribute("flagged", cases.flagged().get("reports"));
        model.addAttribute("reports", cases.list(null, null, null).get("reports"));
        model.addAttribute("perLot", cases.counts("lot").get("counts"));
        model.addAttribute("classifications", AefiTerms.CLASSIFICATIONS);
        model.addAttribute("statuses", AefiTerms.STATUSES);
        return "aefi/cases";
    }

    @PostMapping("/staff/aefi/{id}/status")
    String changeStatus(@PathVariable String id, @RequestParam(defaultValue = "") String status,
                        @RequestParam(required = false) String classification,
                        @RequestParam(required = false) String notes, Locale locale, RedirectAttributes redirect) {
        try {
            UUID caseId;
            try {
                caseId = UUID.fromString(id);
            } catch (IllegalArgumentException e) {
                throw ApiException.notFound("AEFI0010", "No AEFI report with that id");
            }
            cases.changeStatus(caseId, new AefiCases.StatusChange(status,
                    classification == null || classification.isBlank() ? null : classification,
                    notes == null || notes.isBlank() ? null : notes));
            redirect.addFlashAttribute("changed", id);
        } catch (ApiException e) {
            redirect.addFlashAttribute("caseError", PageMessages.of(messages, e, locale));
            redirect.addFlashAttribute("caseErrorId", id);
        }
        return "redirect:/staff/aefi";
    }
}
