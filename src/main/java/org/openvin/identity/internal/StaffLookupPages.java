package org.openvin.identity.internal;

import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import org.openvin.identity.CurrentUser;
import org.openvin.profile.CountryProfile;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The district admin's view of who looks people up (same {@link StaffLookupReport} as
 * {@code GET /api/v2/admin/staff/lookups}): accounts with unusual volumes first.
 */
@Controller
class StaffLookupPages {

    record Row(String username, String name, String role, long lookups, long refused, long found, String lastAt,
               boolean flagged) {
    }

    private final StaffLookupReport report;
    private final CountryProfile profile;

    StaffLookupPages(StaffLookupReport report, CountryProfile profile) {
        this.report = report;
        this.profile = profile;
    }

    @GetMapping("/staff/lookups")
    String lookups(Model model, Locale locale) {
        var format = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT).withLocale(locale).withZone(profile.zone());
        model.addAttribute("rows", report.visibleTo(CurrentUser.staff()).stream()
                .map(a -> new Row(a.username(), a.name(), a.role(), a.lookups(), a.refused(), a.found(),
                        a.last_lookup_at() == null ? "" : format.format(a.last_lookup_at()), a.flagged()))
                .toList());
        model.addAttribute("perHour", profile.limits().lookupsPerHour());
        model.addAttribute("flagPerDay", profile.limits().lookupsFlagPerDay());
        return "staff/lookups";
    }
}
