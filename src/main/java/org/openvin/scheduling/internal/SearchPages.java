package org.openvin.scheduling.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openvin.platform.ApiException;
import org.openvin.platform.PageMessages;
import org.openvin.profile.CountryProfile;
import org.openvin.profile.ProfileDocument.District;
import org.springframework.context.MessageSource;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The home page and the centre search: by postal code, or state then district (htmx fills the
 * district list when JavaScript runs; without it the form is sent once more). The same
 * {@link AvailabilitySearch} as the API's calendar, live, over seven days from {@code from}.
 */
@Controller
class SearchPages {

    static final int DAYS = 7;

    record Option(String value, String label, boolean selected) {
    }

    record Cell(String sessionId, String vaccine, String ages, String dose1, String dose2, String booster,
                boolean bookable) {
    }

    record DayColumn(String label, List<Cell> sessions) {
    }

    record CentreWeek(String name, String address, String district, String pincode, boolean paid,
                      List<DayColumn> days) {
    }

    private final AvailabilitySearch search;
    private final CountryProfile profile;
    private final MessageSource messages;
    private final Clock clock;

    SearchPages(AvailabilitySearch search, CountryProfile profile, MessageSource messages, Clock clock) {
        this.search = search;
        this.profile = profile;
        this.messages = messages;
        this.clock = clock;
    }

    @GetMapping("/")
    String home(Model model, Locale locale) {
        return page(null, null, null, null, model, locale);
    }

    @GetMapping("/search")
    String search(@RequestParam(required = false) String pincode, @RequestParam(required = false) Integer state,
                  @RequestParam(required = false) Integer district,
                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                  Model model, Locale locale) {
        return page(pincode, state, district, from, model, locale);
    }

    /** The district options of a state, for the htmx picker. */
    @GetMapping("/search/districts")
    String districts(@RequestParam(required = false) Integer state, Model model, Locale locale) {
        model.addAttribute("districts", districtOptions(state, null, locale));
        return "scheduling/search :: districtOptions";
    }

    private String page(String pincode, Integer state, Integer district, LocalDate from, Model model, Locale locale) {
        LocalDate today = LocalDate.now(clock.withZone(profile.zone()));
        LocalDate start = from == null || from.isBefore(today) ? today : from;
        String pin = pincode == null ? "" : pincode.trim();
        Integer chosenState = state != null || district == null ? state
                : profile.district(district).map(District::stateId).orElse(null);
        model.addAttribute("pincode", pin);
        model.addAttribute("postalCodeName", profile.document().postalCode().name());
        model.addAttribute("states", profile.states().stream()
                .map(s -> new Option(String.valueOf(s.id()), s.name(locale.getLanguage()),
                        Integer.valueOf(s.id()).equals(chosenState))).toList());
        model.addAttribute("districts", districtOptions(chosenState, district, locale));
        model.addAttribute("searched", false);
        AvailabilitySearch.Filter filter = null;
        if (!pin.isEmpty()) {
            try {
                filter = new AvailabilitySearch.Filter(AvailabilitySearch.Where.PINCODE,
                        SearchParameters.pincode(profile, pin), start, start.plusDays(DAYS - 1), null, false);
            } catch (ApiException e) {
                model.addAttribute("pincodeError", PageMessages.of(messages, e, locale));
            }
        } else if (district != null) {
            if (profile.district(district).isEmpty()) {
                model.addAttribute("districtError", messages.getMessage("search.unknownDistrict", null, locale));
            } else {
                filter = new AvailabilitySearch.Filter(AvailabilitySearch.Where.DISTRICT, district, start,
                        start.plusDays(DAYS - 1), null, false);
            }
        }
        if (filter != null) {
            model.addAttribute("searched", true);
            model.addAttribute("centres", weeks(filter, start, today, locale));
            model.addAttribute("weekOf", PageDates.date(start, locale));
            var query = org.springframework.web.util.UriComponentsBuilder.fromPath("/search");
            if (!pin.isEmpty()) {
                query.queryParam("pincode", pin);
            } else {
                query.queryParam("state", chosenState).queryParam("district", district);
            }
            model.addAttribute("nextHref", query.cloneBuilder().queryParam("from", start.plusDays(DAYS)).toUriString());
            model.addAttribute("previousHref", start.isAfter(today)
                    ? query.cloneBuilder().queryParam("from", start.minusDays(DAYS)).toUriString() : null);
        }
        return "scheduling/search";
    }

    private List<Option> districtOptions(Integer state, Integer selected, Locale locale) {
        if (state == null) {
            return List.of();
        }
        return profile.districtsOf(state).stream()
                .map(d -> new Option(String.valueOf(d.id()), d.name(locale.getLanguage()),
                        Integer.valueOf(d.id()).equals(selected))).toList();
    }

    private List<CentreWeek> weeks(AvailabilitySearch.Filter filter, LocalDate start, LocalDate today, Locale locale) {
        List<CentreWeek> weeks = new ArrayList<>();
        for (CentreView c : search.calendar(filter, locale.getLanguage())) {
            List<DayColumn> days = new ArrayList<>();
            for (int i = 0; i < DAYS; i++) {
                LocalDate day = start.plusDays(i);
                String key = AvailabilitySearch.DAY.format(day);
                List<Cell> cells = c.sessions().stream().filter(s -> s.date().equals(key))
                        .map(s -> new Cell(s.session_id(), s.vaccine(),
                                s.max_age_limit() == null ? s.min_age_limit() + "+"
                                        : s.min_age_limit() + "–" + s.max_age_limit(),
                                PageDates.number(s.available_capacity_dose1(), locale),
                                PageDates.number(s.available_capacity_dose2(), locale),
                                s.available_capacity_dose3() == null ? null
                                        : PageDates.number(s.available_capacity_dose3(), locale),
                                s.available_capacity() > 0 && !day.isBefore(today)))
                        .toList();
                days.add(new DayColumn(PageDates.day(day, locale), cells));
            }
            String district = c.district_name_l() != null ? c.district_name_l() : c.district_name();
            weeks.add(new CentreWeek(c.name(), c.address(), district, String.valueOf(c.pincode()),
                    "Paid".equals(c.fee_type()), days));
        }
        return weeks;
    }
}
