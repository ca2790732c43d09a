package org.openvin.identity.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.openvin.identity.CitizenPrincipal;
import org.openvin.platform.ApiException;
import org.openvin.platform.AuditTrail;
import org.openvin.platform.ClientAddress;
import org.openvin.platform.PageMessages;
import org.openvin.profile.CountryProfile;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.SessionAttribute;

/**
 * The citizen's OTP login page: the same {@link OtpLogin} as the API. The OTP transaction and the
 * mobile number stay in the session between the two steps, never in the URL.
 */
@Controller
class LoginPages {

    private static final String TXN = "login.txn";
    private static final String MOBILE = "login.mobile";

    private final OtpLogin otps;
    private final CitizenAccounts accounts;
    private final AuditTrail audit;
    private final MessageSource messages;
    private final CountryProfile profile;
    private final boolean demo;

    LoginPages(OtpLogin otps, CitizenAccounts accounts, AuditTrail audit, MessageSource messages,
               CountryProfile profile, @Value("${openvin.demo:false}") boolean demo) {
        this.otps = otps;
        this.accounts = accounts;
        this.audit = audit;
        this.messages = messages;
        this.profile = profile;
        this.demo = demo;
    }

    @GetMapping("/login")
    String mobileForm(Model model) {
        model.addAttribute("callingCode", profile.document().mobile().countryCallingCode());
        return "identity/login";
    }

    @PostMapping("/login")
    String sendOtp(@RequestParam(defaultValue = "") String mobile, HttpServletRequest request, Model model, Locale locale) {
        String number = mobile.replaceAll("[\\s-]", "");
        try {
            var sent = otps.send(number, AuthController.LOGIN, "Your OpenVIN login OTP is ", ClientAddress.of(request));
            // The session starts with the OTP sent, not before: a refused number stores nothing.
            HttpSession session = request.getSession(true);
            session.setAttribute(TXN, sent.txnId().toString());
            session.setAttribute(MOBILE, number);
            return "redirect:/login/otp";
        } catch (ApiException e) {
            model.addAttribute("mobile", mobile);
            model.addAttribute("mobileError", PageMessages.of(messages, e, locale));
            return mobileForm(model);
        }
    }

    /** Reads the session without starting one: a visitor who sent no OTP is sent back to the mobile form. */
    @GetMapping("/login/otp")
    String otpForm(@SessionAttribute(name = MOBILE, required = false) String mobile, Model model) {
        if (mobile == null) {
            return "redirect:/login";
        }
        model.addAttribute("maskedMobile", OtpLogin.mask(mobile));
        if (demo) {
            // Demo mode sends no SMS: say where the OTP is. The demo outbox is read by mobile number,
            // the one place a page links to a number; demo numbers are nobody's.
            model.addAttribute("demoOutbox", "/api/dev/sms?mobile=" + mobile);
        }
        return "identity/otp";
    }

    @PostMapping("/login/resend")
    String resend(HttpSession session, HttpServletRequest request, Model model, Locale locale) {
        String mobile = (String) session.getAttribute(MOBILE);
        if (mobile == null) {
            return "redirect:/login";
        }
        try {
            session.setAttribute(TXN, otps.send(mobile, AuthController.LOGIN, "Your OpenVIN login OTP is ",
                    ClientAddress.of(request)).txnId().toString());
            model.addAttribute("notice", messages.getMessage("login.resent", null, locale));
        } catch (ApiException e) {
            model.addAttribute("otpError", PageMessages.of(messages, e, locale));
        }
        return otpForm((String) session.getAttribute(MOBILE), model);
    }

    @PostMapping("/login/otp")
    @Transactional(noRollbackFor = ApiException.class)
    String confirm(@RequestParam(defaultValue = "") String otp, HttpSession session, HttpServletRequest request,
                   HttpServletResponse response, Model model, Locale locale) {
        String txn = (String) session.getAttribute(TXN);
        if (txn == null) {
            return "redirect:/login";
        }
        String mobile;
        try {
            mobile = otps.confirm(txn, OtpLogin.sha256Hex(otp.trim()), AuthController.LOGIN);
        } catch (ApiException e) {
            model.addAttribute("otpError", PageMessages.of(messages, e, locale));
            return otpForm((String) session.getAttribute(MOBILE), model);
        }
        var account = accounts.loginOrRegister(mobile, locale.getLanguage());
        session.removeAttribute(TXN);
        session.removeAttribute(MOBILE);
        var citizen = new CitizenPrincipal(account.id(), "page:" + UUID.randomUUID());
        PageSessions.signIn(citizen, List.of("ROLE_CITIZEN"), request, response);
        audit.record(citizen.auditActor(), "CITIZEN_LOGIN", "account:" + account.id(),
                account.isNew() ? "new account, page" : "page");
        return PageSessions.afterLogin(request, response, "/account");
    }
}
