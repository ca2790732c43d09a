package org.openvin.scheduling.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openvin.identity.CurrentUser;
import org.openvin.identity.Role;
import org.openvin.identity.StaffPrincipal;
import org.openvin.platform.ApiException;
import org.openvin.platform.PageMessages;
import org.openvin.profile.CountryProfile;
import org.openvin.registry.Centre;
import org.openvin.registry.Centres;
import org.openvin.scheduling.Session;
import org.openvin.scheduling.Sessions;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Staff pages: the centres of a district inside the staff member's scope, each with its sessions
 * of the next 7 days (capacity and bookings per dose), and for admins a form under each centre to
 * publish a session. Publishing goes through {@link SessionAdministration}, the admin API's own
 * use case, so scope, rules, audit and the stock warning are the same as for the API.
 */
@Controller
class CentreSessionPages {

    record SessionLine(String date, String vaccine, String ages, int capacity1, int booked1, int capacity2, int booked2,
                       boolean cancelled) {
    }

    record CentreLine(long id, String name, String address, boolean active, List<SessionLine> sessions) {
    }

    record DistrictChoice(int id, String name, boolean selected) {
    }

    /** Which form field a refusal belongs next to. */
    private static final Map<String, String> FIELD_OF = Map.of("SESSION0002", "date", "APPOIN0016", "date",
            "UNKNOWN_VACCINE", "vaccine", "SESSION0001", "capacity1");

    private final Centres centres;
    private final Sessions sessions;
    private final CountryProfile profile;
    private final Clock clock;

    private final SessionAdministration administration;
    private final MessageSource messages;

    CentreSessionPages(Centres centres, Sessions sessions, CountryProfile profile, Clock clock,
                       SessionAdministration administration, MessageSource messages) {
        this.administration = administration;
        this.messages = messages;
        this.centres = centres;
        this.sessions = sessions;
        this.profile = profile;
        this.clock = clock;
    }

    @GetMapping("/staff/centres")
    String list(@RequestParam(required = false) Integer district, Model model, Locale locale) {
        StaffPrincipal staff = CurrentUser.staff();
        String lang = locale.getLanguage();
        var districts = profile.states().stream()
                .flatMap(s -> profile.districtsOf(s.id()).stream())
                .filter(d -> staff.scope().covers(d.stateId(), d.id(), staff.scope().centreId()))
                .toList();
        Integer chosen = district != null ? district
                : staff.scope().districtId() != null ? staff.scope().districtId() : null;
        model.addAttribute("districts", districts.stream()
                .map(d -> new DistrictChoice(d.id(), d.name(lang), Integer.valueOf(d.id()).equals(chosen))).toList());
        LocalDate today = LocalDate.now(clock.withZone(profile.zone()));
        List<CentreLine> lines = List.of();
        var district0 = chosen == null ? null : profile.district(chosen).orElse(null);
        if (district0 != null) {
            lines = centres.inDistrict(chosen).stream()
                    .filter(c -> staff.scope().covers(district0.stateId(), chosen, c.id()))
                    .map(c -> line(c, today, locale)).toList();
        }
        model.addAttribute("centres", lines);
        model.addAttribute("chosen", chosen != null);
        model.addAttribute("district", chosen);
        model.addAttribute("canPublish", staff.role().isAdmin());
        model.addAttribute("canManageCentres", staff.role().outranks(Role.FACILITY_ADMIN));
        model.addAttribute("vaccines", profile.vaccines().stream().map(v -> v.name()).toList());
        model.addAttribute("tomorrow", today.plusDays(1).toString());
        return "staff/centres";
    }

    @PostMapping("/staff/centres/{id}/sessions")
    String publish(@PathVariable long id, @RequestParam(required = false) Integer district,
                   @RequestParam(defaultValue = "") String date, @RequestParam(defaultValue = "") String vaccine,
                   @RequestParam(defaultValue = "") String capacity1, @RequestParam(defaultValue = "") String capacity2,
                   @RequestParam(defaultValue = "") String minAge, @RequestParam(defaultValue = "") String maxAge,
                   Locale locale, RedirectAttributes redirect) {
        String back = "redirect:/staff/centres" + (district == null ? "" : "?district=" + district);
        try {
            LocalDate day;
            try {
                day = LocalDate.parse(date.trim());
            } catch (java.time.format.DateTimeParseException e) {
                throw ApiException.badRequest("SESSION0002", "The date must be a day such as 2026-12-31");
            }
            var answer = administration.publish(new SessionAdministration.SessionForm(id,
                    day.format(java.time.format.DateTimeFormatter.ofPattern("dd-MM-yyyy")), vaccine,
                    number(minAge, "minAge"), number(maxAge, "maxAge"), number(capacity1, "capacity1"),
                    number(capacity2, "capacity2"), 0, 0, List.of()));
            redirect.addFlashAttribute("published", id);
            redirect.addFlashAttribute("publishWarning", answer.get("warning"));
        } catch (ApiException e) {
            redirect.addFlashAttribute("publishError", PageMessages.of(messages, e, locale));
            redirect.addFlashAttribute("publishErrorCentre", id);
            redirect.addFlashAttribute("publishErrorField", e.field() != null ? e.field()
                    : fieldOf(e.errorCode(), capacity1, minAge));
        }
        return back;
    }

    private static Integer number(String value, String field) {
        if (value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            // named with the page's own field, the one it was typed in
            throw (field.startsWith("capacity") ? ApiException.badRequest("INVALID_CAPACITY", "Places must be whole numbers")
                    : ApiException.badRequest("INVALID_AGE_LIMIT", "Ages must be whole numbers")).on(field);
        }
    }

    /** The field a service refusal is about: a negative number of places or age is the one to mark. */
    private static String fieldOf(String errorCode, String capacity1, String minAge) {
        return switch (errorCode) {
            case "INVALID_CAPACITY" -> capacity1.strip().startsWith("-") ? "capacity1" : "capacity2";
            case "INVALID_AGE_LIMIT" -> minAge.strip().startsWith("-") ? "minAge" : "maxAge";
            default -> FIELD_OF.getOrDefault(errorCode, "date");
        };
    }

    private CentreLine line(Centre c, LocalDate today, Locale locale) {
        List<SessionLine> list = sessions.atCentre(c.id(), today, today.plusDays(SearchPages.DAYS - 1)).stream()
                .map((Session s) -> new SessionLine(PageDates.day(s.date(), locale), s.vaccine(),
                        s.maxAge() == null ? s.minAge() + "+" : s.minAge() + "–" + s.maxAge(), s.capacityDose1(),
                        s.bookedDose1(), s.capacityDose2(), s.bookedDose2(), s.cancelled()))
                .toList();
        return new CentreLine(c.id(), c.name(), c.address(), c.active(), list);
    }
}
