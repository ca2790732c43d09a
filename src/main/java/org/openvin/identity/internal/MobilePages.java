package org.openvin.identity.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.openvin.identity.CitizenPrincipal;
import org.openvin.identity.Beneficiaries;
import org.openvin.identity.CurrentUser;
import org.openvin.platform.ApiException;
import org.openvin.platform.PageMessages;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Changing the registered mobile from the pages: {@link ChangingMobile}'s two OTPs (old number,
 * new number), both checked before either is spent. The OTP transactions wait in the session.
 */
@Controller
class MobilePages {

    private static final String PENDING = "mobile.pending";

    record Pending(String newMobile, String oldTxn, String newTxn) implements java.io.Serializable {
    }

    private final ChangingMobile changing;
    private final MessageSource messages;
    private final Beneficiaries beneficiaries;

    MobilePages(ChangingMobile changing, MessageSource messages, Beneficiaries beneficiaries) {
        this.beneficiaries = beneficiaries;
        this.changing = changing;
        this.messages = messages;
    }

    @GetMapping("/account/mobile")
    String form(HttpSession session, Model model) {
        model.addAttribute("maskedMobile", OtpLogin.mask(beneficiaries.contactOf(CurrentUser.citizen().accountId()).orElseThrow().mobile()));
        Pending pending = (Pending) session.getAttribute(PENDING);
        model.addAttribute("pending", pending != null);
        if (pending != null) {
            model.addAttribute("maskedNewMobile", OtpLogin.mask(pending.newMobile()));
        }
        return "identity/mobile";
    }

    @PostMapping("/account/mobile")
    String sendOtps(@RequestParam(defaultValue = "") String newMobile, HttpSession session, HttpServletRequest request,
                    Model model, Locale locale) {
        String number = newMobile.replaceAll("[\\s-]", "");
        try {
            var sent = changing.generate(new ChangingMobile.Request(number), request);
            session.setAttribute(PENDING, new Pending(number, sent.old_txnId(), sent.new_txnId()));
            return "redirect:/account/mobile";
        } catch (ApiException e) {
            model.addAttribute("newMobile", newMobile);
            model.addAttribute("newMobileError", PageMessages.of(messages, e, locale));
            return form(session, model);
        }
    }

    @PostMapping("/account/mobile/confirm")
    String confirm(@RequestParam(defaultValue = "") String oldOtp, @RequestParam(defaultValue = "") String newOtp,
                   HttpSession session, HttpServletRequest request, HttpServletResponse response, Model model,
                   RedirectAttributes redirect, Locale locale) {
        Pending pending = (Pending) session.getAttribute(PENDING);
        if (pending == null) {
            return "redirect:/account/mobile";
        }
        try {
            changing.confirm(new ChangingMobile.Confirm(pending.oldTxn(), OtpLogin.sha256Hex(oldOtp.trim()),
                    pending.newTxn(), OtpLogin.sha256Hex(newOtp.trim())));
        } catch (ApiException e) {
            String message = PageMessages.of(messages, e, locale);
            // Both OTPs were checked; say which one when the service does.
            model.addAttribute(e.getMessage().contains("registered") ? "newMobileError" : "otpError", message);
            return form(session, model);
        }
        session.removeAttribute(PENDING);
        CitizenPrincipal before = CurrentUser.citizen();
        PageSessions.signIn(new CitizenPrincipal(before.accountId(), "page:" + UUID.randomUUID()),
                List.of("ROLE_CITIZEN"), request, response);
        redirect.addFlashAttribute("notice", messages.getMessage("mobile.changed",
                new Object[]{OtpLogin.mask(pending.newMobile())}, locale));
        return "redirect:/account";
    }

    @PostMapping("/account/mobile/cancel")
    String cancel(HttpSession session) {
        session.removeAttribute(PENDING);
        return "redirect:/account";
    }
}
