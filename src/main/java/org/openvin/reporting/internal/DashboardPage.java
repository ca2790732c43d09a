package org.openvin.reporting.internal;

import java.text.NumberFormat;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openvin.identity.Beneficiaries;
import org.openvin.platform.ApiException;
import org.openvin.profile.CountryProfile;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The public dashboard at {@code /dashboard}: counters and charts drawn on the server as SVG
 * (no chart library to download on a cheap phone), refreshed in place every few seconds by htmx
 * from {@code /dashboard/live}. Every number comes from the aggregates.
 */
@Controller
class DashboardPage {

    /** One bar of a chart: its label, the number as the language writes it, and its share of the longest bar. */
    record Bar(String label, String value, double percent) {
    }

    /** A label under the day chart's x axis, at its day's bar. */
    record Tick(int x, String label, String anchor) {
    }

    record RegionRow(String name, String href, String doses, String firstCoverage, String fullCoverage, double percent) {
    }

    private final ReportQueries reports;
    private final Beneficiaries beneficiaries;
    private final CountryProfile profile;
    private final Clock clock;
    private final org.openvin.scheduling.Appointments appointments;

    DashboardPage(ReportQueries reports, Beneficiaries beneficiaries, CountryProfile profile, Clock clock,
                  org.openvin.scheduling.Appointments appointments) {
        this.appointments = appointments;
        this.reports = reports;
        this.beneficiaries = beneficiaries;
        this.profile = profile;
        this.clock = clock;
    }

    @GetMapping("/dashboard")
    String page(@RequestParam(required = false) Integer state, Model model, Locale locale) {
        fill(state, model, locale);
        return "reporting/dashboard";
    }

    @GetMapping("/dashboard/live")
    String live(@RequestParam(required = false) Integer state, Model model, Locale locale) {
        fill(state, model, locale);
        return "reporting/dashboard :: live";
    }

    private void fill(Integer state, Model model, Locale locale) {
        if (state != null && profile.state(state).isEmpty()) {
            throw ApiException.notFound("REPORT0003", "Unknown state " + state);
        }
        NumberFormat numbers = NumberFormat.getIntegerInstance(locale);
        NumberFormat percents = NumberFormat.getPercentInstance(locale); // "12.5%", "12,5 %"…
        percents.setMaximumFractionDigits(1);
        LocalDate today = LocalDate.now(clock.withZone(profile.zone()));
        var total = reports.totals(null, state, null);
        var todays = reports.totals(today, state, null);
        model.addAttribute("state", state);
        model.addAttribute("stateName", state == null ? null : profile.state(state).orElseThrow().name(locale.getLanguage()));
        model.addAttribute("totalDoses", numbers.format(total.doses()));
        model.addAttribute("todayDoses", numbers.format(todays.doses()));
        model.addAttribute("firstDoses", numbers.format(total.firstDoses()));
        model.addAttribute("fullyVaccinated", numbers.format(total.fullyVaccinated()));
        model.addAttribute("registrations", numbers.format(beneficiaries.countRegistered()));
        model.addAttribute("openAppointments", numbers.format(appointments.countOpen(state)));
        model.addAttribute("asOf", DateTimeFormatter.ofPattern("HH:mm:ss").format(clock.instant().atZone(profile.zone())));

        // Every one of the 30 days, a day without doses as a zero: one day of data is a bar at its
        // date, not a lone bar filling the chart.
        Map<LocalDate, Long> dosesOn = new HashMap<>();
        reports.byDay(today.minusDays(29), today, state).forEach(d -> dosesOn.put(LocalDate.parse(d.date()), d.doses()));
        long dayMax = dosesOn.values().stream().mapToLong(Long::longValue).max().orElse(0);
        DateTimeFormatter dayLabel = DateTimeFormatter.ofPattern("d MMM", locale);
        List<Bar> days = new ArrayList<>();
        for (LocalDate day = today.minusDays(29); !day.isAfter(today); day = day.plusDays(1)) {
            long doses = dosesOn.getOrDefault(day, 0L);
            days.add(new Bar(dayLabel.format(day), numbers.format(doses), share(doses, dayMax)));
        }
        model.addAttribute("days", days);
        model.addAttribute("noDosesIn30Days", dayMax == 0);
        model.addAttribute("dayMax", numbers.format(dayMax));
        model.addAttribute("dayTicks", List.of(new Tick(41, days.getFirst().label(), "start"),
                new Tick(40 + 15 * 10 + 5, days.get(15).label(), "middle"), new Tick(339, days.getLast().label(), "end")));

        List<ReportQueries.Region> regions = reports.byRegion(state).stream()
                .sorted(Comparator.comparingLong(ReportQueries.Region::doses).reversed()).toList();
        long regionMax = regions.stream().mapToLong(ReportQueries.Region::doses).max().orElse(0);
        model.addAttribute("regions", regions.stream()
                .map(r -> new RegionRow(regionName(r.id(), state, locale), state == null ? "/dashboard?state=" + r.id() : null,
                        numbers.format(r.doses()),
                        r.first_dose_coverage() == null ? "—" : percents.format(r.first_dose_coverage() / 100),
                        r.full_coverage() == null ? "—" : percents.format(r.full_coverage() / 100),
                        share(r.doses(), regionMax)))
                .toList());
        model.addAttribute("ageGroups", bars(reports.by("age-group", state), numbers));
        model.addAttribute("genders", bars(reports.by("gender", state), numbers));
        model.addAttribute("vaccines", bars(reports.by("vaccine", state), numbers));
    }

    private String regionName(int id, Integer state, Locale locale) {
        return state == null ? profile.state(id).map(s -> s.name(locale.getLanguage())).orElse(String.valueOf(id))
                : profile.district(id).map(d -> d.name(locale.getLanguage())).orElse(String.valueOf(id));
    }

    private static List<Bar> bars(List<ReportQueries.Share> shares, NumberFormat numbers) {
        long max = shares.stream().mapToLong(ReportQueries.Share::doses).max().orElse(0);
        return shares.stream().map(s -> new Bar(s.key(), numbers.format(s.doses()), share(s.doses(), max))).toList();
    }

    private static double share(long value, long max) {
        return max == 0 ? 0 : Math.max(0.5, value * 100.0 / max);
    }
}
