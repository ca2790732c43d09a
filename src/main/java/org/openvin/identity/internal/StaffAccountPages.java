package org.openvin.identity.internal;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openvin.identity.CurrentUser;
import org.openvin.identity.Role;
import org.openvin.identity.StaffPrincipal;
import org.openvin.platform.ApiException;
import org.openvin.platform.PageMessages;
import org.openvin.profile.CountryProfile;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Staff accounts for admins: the accounts inside their role and scope, a form to create one and
 * a button to disable one. The same {@link StaffAdministration} as {@code /api/v2/admin/staff},
 * so the page can do nothing the API would refuse, and every refusal is audited there.
 */
@Controller
class StaffAccountPages {

    /** Which form field a refusal belongs next to. */
    private static final Map<String, String> FIELD_OF = Map.ofEntries(Map.entry("STAFF0010", "username"),
            Map.entry("STAFF0011", "password"), Map.entry("STAFF0030", "password"), Map.entry("STAFF0031", "password"),
            Map.entry("STAFF0012", "name"), Map.entry("STAFF0013", "role"), Map.entry("STAFF0014", "username"),
            Map.entry("STAFF0015", "state"), Map.entry("STAFF0016", "district"), Map.entry("STAFF0017", "centre"),
            Map.entry("STAFF0020", "role"), Map.entry("STAFF0021", "centre"));

    private final StaffAdministration administration;
    private final CountryProfile profile;
    private final MessageSource messages;

    StaffAccountPages(StaffAdministration administration, CountryProfile profile, MessageSource messages) {
        this.administration = administration;
        this.profile = profile;
        this.messages = messages;
    }

    record Row(long id, String username, String name, String role, String place, boolean active, boolean mustChange,
               String delayedUntil) {
    }

    record Choice(String value, String label) {
    }

    @GetMapping("/staff/accounts")
    String list(Model model, Locale locale) {
        StaffPrincipal admin = requireAdmin();
        fill(model, admin, locale);
        return "staff/accounts";
    }

    @PostMapping("/staff/accounts")
    String create(@RequestParam(defaultValue = "") String username, @RequestParam(defaultValue = "") String name,
                  @RequestParam(defaultValue = "") String password, @RequestParam(defaultValue = "") String role,
                  @RequestParam(required = false) Integer state, @RequestParam(required = false) Integer district,
                  @RequestParam(required = false) String centre, Model model, Locale locale,
                  RedirectAttributes redirect) {
        StaffPrincipal admin = requireAdmin();
        try {
            Role chosen = Arrays.stream(Role.values()).filter(r -> r.name().equals(role)).findFirst()
                    .orElseThrow(() -> ApiException.badRequest("STAFF0013", "role must be one of " + List.of(Role.values())));
            Long centreId = parseCentre(centre);
            var created = administration.create(admin, new StaffAdministration.NewStaff(username, password, name, chosen,
                    state, district, centreId));
            redirect.addFlashAttribute("created", created.username());
            return "redirect:/staff/accounts";
        } catch (ApiException e) {
            model.addAttribute("formError", PageMessages.of(messages, e, locale));
            model.addAttribute("errorField", FIELD_OF.getOrDefault(e.errorCode(), "username"));
            model.addAttribute("form", Map.of("username", username, "name", name, "role", role,
                    "state", state == null ? "" : state.toString(), "district", district == null ? "" : district.toString(),
                    "centre", centre == null ? "" : centre));
            fill(model, admin, locale);
            return "staff/accounts";
        }
    }

    @PostMapping("/staff/accounts/{id}/disable")
    String disable(@PathVariable long id, Model model, Locale locale, RedirectAttributes redirect) {
        StaffPrincipal admin = requireAdmin();
        try {
            administration.disable(admin, id);
            redirect.addFlashAttribute("disabled", id);
            return "redirect:/staff/accounts";
        } catch (ApiException e) {
            model.addAttribute("listError", PageMessages.of(messages, e, locale));
            fill(model, admin, locale);
            return "staff/accounts";
        }
    }

    /**
     * A new one-time password, shown on this answer only (not kept in the session for a redirect):
     * the admin hands it over, the owner replaces it at the next sign-in.
     */
    @PostMapping("/staff/accounts/{id}/password-reset")
    String resetPassword(@PathVariable long id, Model model, Locale locale) {
        StaffPrincipal admin = requireAdmin();
        try {
            model.addAttribute("reset", administration.resetPassword(admin, id));
        } catch (ApiException e) {
            model.addAttribute("listError", PageMessages.of(messages, e, locale));
        }
        fill(model, admin, locale);
        return "staff/accounts";
    }

    private static Long parseCentre(String centre) {
        if (centre == null || centre.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(centre.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("STAFF0017", "Facility staff need a valid center_id");
        }
    }

    private static StaffPrincipal requireAdmin() {
        StaffPrincipal staff = CurrentUser.staff();
        if (!staff.role().isAdmin()) {
            throw ApiException.forbidden("STAFF0022", "Only admins manage staff accounts");
        }
        return staff;
    }

    private void fill(Model model, StaffPrincipal admin, Locale locale) {
        String lang = locale.getLanguage();
        List<Row> rows = administration.visibleTo(admin).stream()
                .map(v -> new Row(v.id(), v.username(), v.name(), v.role(), place(v, lang), v.active(),
                        v.must_change_password(), v.sign_in_delayed_until() == null ? null
                        : DateTimeFormatter.ISO_LOCAL_TIME.format(v.sign_in_delayed_until().atZone(ZoneOffset.UTC)
                        .toLocalTime().withNano(0)) + " UTC"))
                .toList();
        model.addAttribute("accounts", rows);
        List<Choice> roles = new ArrayList<>();
        for (Role r : Role.values()) {
            if (admin.role().outranks(r)) {
                roles.add(new Choice(r.name(), messages.getMessage("role." + r.name(), null, r.name(), locale)));
            }
        }
        model.addAttribute("roles", roles);
        var scope = admin.scope();
        model.addAttribute("states", profile.states().stream()
                .filter(s -> scope.stateId() == null || scope.stateId() == s.id())
                .map(s -> new Choice(String.valueOf(s.id()), s.name(lang))).toList());
        model.addAttribute("districts", profile.states().stream()
                .filter(s -> scope.stateId() == null || scope.stateId() == s.id())
                .flatMap(s -> profile.districtsOf(s.id()).stream())
                .filter(d -> scope.districtId() == null || scope.districtId() == d.id())
                .map(d -> new Choice(String.valueOf(d.id()), d.name(lang))).toList());
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", Map.of("username", "", "name", "", "role", "", "state", "", "district", "",
                    "centre", ""));
        }
    }

    private String place(StaffAdministration.StaffView v, String lang) {
        if (v.center_id() != null) {
            return "#" + v.center_id();
        }
        if (v.district_id() != null) {
            return profile.district(v.district_id()).map(d -> d.name(lang)).orElse(String.valueOf(v.district_id()));
        }
        if (v.state_id() != null) {
            return profile.state(v.state_id()).map(s -> s.name(lang)).orElse(String.valueOf(v.state_id()));
        }
        return "—";
    }
}
