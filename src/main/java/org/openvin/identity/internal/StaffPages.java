package org.openvin.identity.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.openvin.identity.CurrentUser;
import org.openvin.identity.StaffPrincipal;
import org.openvin.platform.ApiException;
import org.openvin.platform.ClientAddress;
import org.openvin.platform.PageMessages;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Staff log-in page, the staff home and the password form: the same {@link StaffLogin} (waits
 * after failures included) and {@link ChangingStaffPassword} as the API, the staff member kept in
 * the session with their role and scope. An account on a one-time password gets the password
 * form instead of the home page, and is signed in only once it has chosen its own.
 */
@Controller
class StaffPages {

    private final StaffLogin staffLogin;
    private final ChangingStaffPassword changingPassword;
    private final MessageSource messages;
    private final StaffPageSessions sessions;

    StaffPages(StaffLogin staffLogin, ChangingStaffPassword changingPassword, MessageSource messages,
               StaffPageSessions sessions) {
        this.sessions = sessions;
        this.staffLogin = staffLogin;
        this.changingPassword = changingPassword;
        this.messages = messages;
    }

    @GetMapping("/staff/login")
    String form() {
        return "staff/login";
    }

    @PostMapping("/staff/login")
    String login(@RequestParam(defaultValue = "") String username, @RequestParam(defaultValue = "") String password,
                 HttpServletRequest request, HttpServletResponse response, Model model, Locale locale) {
        try {
            var staff = staffLogin.login(username, password, ClientAddress.of(request));
            return signIn(staff, request, response);
        } catch (ApiException e) {
            if (e.errorCode().equals("STAFF0032")) {
                return passwordForm(model, username.trim(), true, null, null);
            }
            model.addAttribute("username", username);
            model.addAttribute("loginError", PageMessages.of(messages, e, locale));
            return "staff/login";
        }
    }

    /** The first sign-in with a one-time password: the current password again, and the new one twice. */
    @PostMapping("/staff/login/new-password")
    String firstPassword(@RequestParam(defaultValue = "") String username, @RequestParam(defaultValue = "") String password,
                         @RequestParam(defaultValue = "") String newPassword, @RequestParam(defaultValue = "") String repeat,
                         HttpServletRequest request, HttpServletResponse response, Model model, Locale locale) {
        if (!newPassword.equals(repeat)) {
            return passwordForm(model, username, true, messages.getMessage("staff.passwordMismatch", null, locale), "repeat");
        }
        try {
            var staff = changingPassword.change(username, password, newPassword, ClientAddress.of(request));
            return signIn(staff, request, response);
        } catch (ApiException e) {
            return passwordForm(model, username, true, PageMessages.of(messages, e, locale), fieldOf(e));
        }
    }

    @GetMapping("/staff/password")
    String ownPasswordForm(Model model) {
        return passwordForm(model, CurrentUser.staff().username(), false, null, null);
    }

    @PostMapping("/staff/password")
    String changeOwnPassword(@RequestParam(defaultValue = "") String password, @RequestParam(defaultValue = "") String newPassword,
                             @RequestParam(defaultValue = "") String repeat, HttpServletRequest request, Model model,
                             Locale locale, RedirectAttributes redirect) {
        String username = CurrentUser.staff().username();
        if (!newPassword.equals(repeat)) {
            return passwordForm(model, username, false, messages.getMessage("staff.passwordMismatch", null, locale), "repeat");
        }
        try {
            var staff = changingPassword.change(username, password, newPassword, ClientAddress.of(request));
            // The new password ends the account's other sessions and tokens, not this one.
            sessions.remember(request, staff.id());
            redirect.addFlashAttribute("passwordChanged", true);
            return "redirect:/staff";
        } catch (ApiException e) {
            return passwordForm(model, username, false, PageMessages.of(messages, e, locale), fieldOf(e));
        }
    }

    private static String fieldOf(ApiException e) {
        return switch (e.errorCode()) {
            case "STAFF0011", "STAFF0030", "STAFF0031", "STAFF0035" -> "newPassword";
            default -> "password";
        };
    }

    private static String passwordForm(Model model, String username, boolean firstSignIn, String error, String field) {
        model.addAttribute("username", username);
        model.addAttribute("firstSignIn", firstSignIn);
        model.addAttribute("passwordError", error);
        model.addAttribute("errorField", field);
        return "staff/password";
    }

    private String signIn(StaffLogin.Staff staff, HttpServletRequest request, HttpServletResponse response) {
        var principal = new StaffPrincipal(staff.id(), staff.username(), staff.scope(), "page:" + UUID.randomUUID());
        PageSessions.signIn(principal, List.of("ROLE_STAFF", "ROLE_" + staff.scope().role().name()), request, response);
        sessions.remember(request, staff.id());
        return PageSessions.afterLogin(request, response, "/staff");
    }

    @GetMapping("/staff")
    String home(Model model) {
        StaffPrincipal staff = CurrentUser.staff();
        model.addAttribute("username", staff.username());
        model.addAttribute("role", staff.role().name());
        return "staff/home";
    }
}
