package org.openvin.identity.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.openvin.identity.CurrentUser;
import org.openvin.identity.StaffPrincipal;
import org.openvin.platform.ApiException;
import org.openvin.platform.PageMessages;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Staff log-in page and the staff home: the same {@link StaffLogin} (lock-out included) as the
 * API, the staff member kept in the session with their role and scope.
 */
@Controller
class StaffPages {

    private final StaffLogin staffLogin;
    private final MessageSource messages;

    StaffPages(StaffLogin staffLogin, MessageSource messages) {
        this.staffLogin = staffLogin;
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
            var staff = staffLogin.login(username, password);
            var principal = new StaffPrincipal(staff.id(), staff.username(), staff.scope(), "page:" + UUID.randomUUID());
            PageSessions.signIn(principal, List.of("ROLE_STAFF", "ROLE_" + staff.scope().role().name()), request, response);
            return PageSessions.afterLogin(request, response, "/staff");
        } catch (ApiException e) {
            model.addAttribute("username", username);
            model.addAttribute("loginError", PageMessages.of(messages, e, locale));
            return "staff/login";
        }
    }

    @GetMapping("/staff")
    String home(Model model) {
        StaffPrincipal staff = CurrentUser.staff();
        model.addAttribute("username", staff.username());
        model.addAttribute("role", staff.role().name());
        return "staff/home";
    }
}
