package org.openvin.scheduling.internal;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.openvin.identity.CurrentUser;
import org.openvin.platform.ApiException;
import org.openvin.profile.CountryProfile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The citizen side of the contract's appointment API: live search, book, reschedule, cancel, list. */
@RestController
@RequestMapping("/api/v2/appointment")
class AppointmentController {

    private final BookingAppointment booking;
    private final AvailabilitySearch search;
    private final CountryProfile profile;
    private final BeneficiaryListing listing;

    AppointmentController(BookingAppointment booking, AvailabilitySearch search, CountryProfile profile,
                          BeneficiaryListing listing) {
        this.booking = booking;
        this.search = search;
        this.profile = profile;
        this.listing = listing;
    }

    record Schedule(Integer dose, String session_id, String slot, List<String> beneficiaries, Long center_id,
                    String captcha) {
    }

    record Reschedule(String appointment_id, String session_id, String slot) {
    }

    record Cancel(String appointment_id, List<String> beneficiariesToCancel) {
    }

    @PostMapping("/schedule")
    Map<String, String> schedule(@RequestBody Schedule body) {
        if (body.dose() == null) {
            throw ApiException.badRequest("APPOIN0053", "dose is required");
        }
        var booked = booking.schedule(CurrentUser.citizen().accountId(), body.dose(), body.session_id(), body.slot(),
                body.beneficiaries());
        return Map.of("appointment_confirmation_no", booked.confirmationNo(), "appointment_id",
                booked.appointmentId().toString());
    }

    @PostMapping("/reschedule")
    ResponseEntity<Void> reschedule(@RequestBody Reschedule body) {
        booking.reschedule(CurrentUser.citizen().accountId(), body.appointment_id(), body.session_id(), body.slot());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/cancel")
    ResponseEntity<Void> cancel(@RequestBody Cancel body) {
        booking.cancel(CurrentUser.citizen().accountId(), body.appointment_id(), body.beneficiariesToCancel());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/beneficiaries")
    Map<String, Object> beneficiaries() {
        return Map.of("beneficiaries", listing.of(CurrentUser.citizen()));
    }

    // Protected search: the public endpoints' answers, live (uncached), with an optional vaccine filter.

    @GetMapping("/sessions/findByPin")
    Map<String, Object> findByPin(@RequestParam String pincode, @RequestParam String date,
                                  @RequestParam(required = false) String vaccine,
                                  @RequestHeader(value = "Accept-Language", required = false) String accept) {
        LocalDate day = SearchParameters.searchDate(date);
        return Map.of("sessions", search.rows(new AvailabilitySearch.Filter(AvailabilitySearch.Where.PINCODE,
                SearchParameters.pincode(profile, pincode), day, day, SearchParameters.vaccine(profile, vaccine), true),
                profile.languageOf(accept)));
    }

    @GetMapping("/sessions/findByDistrict")
    Map<String, Object> findByDistrict(@RequestParam("district_id") int districtId, @RequestParam String date,
                                       @RequestParam(required = false) String vaccine,
                                       @RequestHeader(value = "Accept-Language", required = false) String accept) {
        LocalDate day = SearchParameters.searchDate(date);
        return Map.of("sessions", search.rows(new AvailabilitySearch.Filter(AvailabilitySearch.Where.DISTRICT,
                districtId, day, day, SearchParameters.vaccine(profile, vaccine), true), profile.languageOf(accept)));
    }

    @GetMapping("/sessions/calendarByPin")
    Map<String, Object> calendarByPin(@RequestParam String pincode, @RequestParam String date,
                                      @RequestParam(required = false) String vaccine,
                                      @RequestHeader(value = "Accept-Language", required = false) String accept) {
        LocalDate day = SearchParameters.searchDate(date);
        return Map.of("centers", search.calendar(new AvailabilitySearch.Filter(AvailabilitySearch.Where.PINCODE,
                SearchParameters.pincode(profile, pincode), day, day.plusDays(6), SearchParameters.vaccine(profile, vaccine),
                false), profile.languageOf(accept)));
    }

    @GetMapping("/sessions/calendarByDistrict")
    Map<String, Object> calendarByDistrict(@RequestParam("district_id") int districtId, @RequestParam String date,
                                           @RequestParam(required = false) String vaccine,
                                           @RequestHeader(value = "Accept-Language", required = false) String accept) {
        LocalDate day = SearchParameters.searchDate(date);
        return Map.of("centers", search.calendar(new AvailabilitySearch.Filter(AvailabilitySearch.Where.DISTRICT,
                districtId, day, day.plusDays(6), SearchParameters.vaccine(profile, vaccine), false),
                profile.languageOf(accept)));
    }
}
