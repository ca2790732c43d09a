package org.openvin.scheduling.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.openvin.identity.CurrentUser;
import org.openvin.identity.StaffPrincipal;
import org.openvin.profile.CountryProfile;
import org.openvin.registry.Centre;
import org.openvin.registry.Centres;
import org.openvin.scheduling.Session;
import org.openvin.scheduling.Sessions;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Staff pages: the centres of a district inside the staff member's scope, each with its sessions
 * of the next 7 days (capacity and bookings per dose). Read-only for now; publishing and changing
 * sessions stays on the admin API until its pages are written.
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

    private final Centres centres;
    private final Sessions sessions;
    private final CountryProfile profile;
    private final Clock clock;

    CentreSessionPages(Centres centres, Sessions sessions, CountryProfile profile, Clock clock) {
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
        return "staff/centres";
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
