package org.openvin.scheduling.internal;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.openvin.identity.Beneficiaries;
import org.openvin.identity.Beneficiary;
import org.openvin.identity.CurrentUser;
import org.openvin.platform.ApiException;
import org.openvin.platform.PageMessages;
import org.openvin.profile.CountryProfile;
import org.openvin.registry.Centre;
import org.openvin.registry.Centres;
import org.openvin.scheduling.Session;
import org.openvin.scheduling.Sessions;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Booking, rescheduling and cancelling from the pages: every decision (eligibility, capacity,
 * ownership) is {@link BookingAppointment}'s, exactly as for the API; these pages only collect
 * the choice and show the answer next to the field it concerns.
 */
@Controller
class BookingPages {

    record SlotChoice(String value, String label, String free, boolean checked) {
    }

    record MemberChoice(String id, String name, int nextDose, boolean checked) {
    }

    record SessionChoice(String dateLabel, String vaccine, List<SlotChoice> slots) {
    }

    private final BookingAppointment booking;
    private final Sessions sessions;
    private final Centres centres;
    private final Beneficiaries beneficiaries;
    private final CountryProfile profile;
    private final MessageSource messages;
    private final JdbcClient jdbc;
    private final SlotClock slotClock;

    BookingPages(BookingAppointment booking, Sessions sessions, Centres centres, Beneficiaries beneficiaries,
                 CountryProfile profile, MessageSource messages, JdbcClient jdbc, SlotClock slotClock) {
        this.booking = booking;
        this.sessions = sessions;
        this.centres = centres;
        this.beneficiaries = beneficiaries;
        this.profile = profile;
        this.messages = messages;
        this.jdbc = jdbc;
        this.slotClock = slotClock;
    }

    @GetMapping("/book")
    String form(@RequestParam String session, Model model, Locale locale) {
        return render(session, null, null, List.of(), model, locale);
    }

    @PostMapping("/book")
    String book(@RequestParam String session, @RequestParam(required = false) String slot,
                @RequestParam(required = false) Integer dose,
                @RequestParam(name = "member", required = false) List<String> members, Model model,
                RedirectAttributes redirect, Locale locale) {
        try {
            var booked = booking.schedule(CurrentUser.citizen().accountId(), dose == null ? 1 : dose, session, slot,
                    members == null ? List.of() : members);
            redirect.addFlashAttribute("notice", messages.getMessage("book.done",
                    new Object[]{booked.confirmationNo()}, locale));
            return "redirect:/account";
        } catch (ApiException e) {
            if (e.status() == HttpStatus.NOT_FOUND && "APPOIN0039".equals(e.errorCode())) {
                throw e;
            }
            model.addAttribute(fieldOf(e.errorCode()) + "Error", PageMessages.of(messages, e, locale));
            return render(session, slot, dose, members == null ? List.of() : members, model, locale);
        }
    }

    private String render(String sessionId, String slot, Integer dose, List<String> chosen, Model model, Locale locale) {
        Session session = session(sessionId);
        Centre centre = centres.find(session.centreId()).orElseThrow();
        var vaccine = profile.vaccine(session.vaccine()).orElseThrow();
        List<Beneficiary> family = beneficiaries.ofAccount(CurrentUser.citizen().accountId());
        model.addAttribute("sessionId", session.id().toString());
        model.addAttribute("centre", centre);
        model.addAttribute("district", profile.district(centre.districtId())
                .map(d -> d.name(locale.getLanguage())).orElse(""));
        model.addAttribute("date", PageDates.date(session.date(), locale));
        model.addAttribute("vaccine", session.vaccine());
        model.addAttribute("ages", session.maxAge() == null ? session.minAge() + "+"
                : session.minAge() + "–" + session.maxAge());
        model.addAttribute("fee", centre.isPaid()
                ? PageDates.money(centre.feeFor(session.vaccine()), profile.currency(), locale) : null);
        LocalDateTime now = slotClock.now();
        model.addAttribute("slots", slotChoices(session, slot, locale, now));
        if (slotClock.ended(session, now) && !model.containsAttribute("formError")) {
            model.addAttribute("formError", PageMessages.of(messages, SlotClock.sessionOver(), locale));
        }
        model.addAttribute("members", family.stream().map(b -> new MemberChoice(b.id().value(), b.name(),
                b.dosesReceived() + 1, chosen.contains(b.id().value()) || family.size() == 1)).toList());
        int nextDose = family.stream().mapToInt(b -> b.dosesReceived() + 1).min().orElse(1);
        model.addAttribute("doses", java.util.stream.IntStream.rangeClosed(1, vaccine.doses() + (vaccine.boosterMinDays() == null ? 0 : 1))
                .boxed().toList());
        model.addAttribute("dose", dose == null ? nextDose : dose);
        return "scheduling/book";
    }

    private Session session(String sessionId) {
        UUID id;
        try {
            id = UUID.fromString(sessionId.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("APPOIN0039", "No session with that id");
        }
        return sessions.find(id).orElseThrow(() -> ApiException.notFound("APPOIN0039", "No session with that id"));
    }

    /** The slots still ahead (an ended one is not offered); the chosen one, else the first, is selected. */
    private List<SlotChoice> slotChoices(Session session, String chosen, Locale locale, LocalDateTime now) {
        List<Integer> free = jdbc.sql("SELECT capacity - booked FROM session_slot WHERE session_id = ? ORDER BY position")
                .param(session.id()).query(Integer.class).list();
        List<SlotChoice> choices = new ArrayList<>();
        for (int i = 0; i < session.slots().size(); i++) {
            String label = session.slots().get(i);
            if (slotClock.ended(session.date(), label, now)) {
                continue;
            }
            String places = i < free.size() ? PageDates.number(Math.max(0, free.get(i)), locale) : "";
            choices.add(new SlotChoice(label, label, places, label.equals(chosen) || (chosen == null && choices.isEmpty())));
        }
        return choices;
    }

    /** Which field a booking refusal is about. */
    static String fieldOf(String errorCode) {
        return switch (errorCode) {
            case "APPOIN0043", SlotClock.SLOT_OVER -> "slot";
            case "APPOIN0050", "APPOIN0051", "APPOIN0052", "APPOIN0053" -> "dose";
            case "APPOIN0001", "APPOIN0044", "APPOIN0022" -> "member";
            default -> "form";
        };
    }

    // Reschedule and cancel: an appointment of the logged-in account.

    private record Current(long centreId, UUID sessionId, int dose, String confirmationNo) {
    }

    private Current current(UUID appointmentId) {
        return jdbc.sql("""
                        SELECT s.centre_id, a.session_id, a.dose, a.confirmation_no FROM appointment a
                        JOIN vaccination_session s ON s.id = a.session_id
                        WHERE a.appointment_id = ? AND a.account_id = ? AND a.status = 'BOOKED' LIMIT 1""")
                .params(appointmentId, CurrentUser.citizen().accountId())
                .query((rs, n) -> new Current(rs.getLong(1), rs.getObject(2, UUID.class), rs.getInt(3), rs.getString(4)))
                .optional()
                .orElseThrow(() -> ApiException.notFound("APPOIN0030", "No open appointment with that id in your account"));
    }

    @GetMapping("/appointments/{id}/reschedule")
    String rescheduleForm(@PathVariable UUID id, Model model, Locale locale) {
        Current current = current(id);
        LocalDateTime now = slotClock.now();
        LocalDate today = now.toLocalDate();
        Centre centre = centres.find(current.centreId()).orElseThrow();
        List<SessionChoice> choices = new ArrayList<>();
        for (Session s : sessions.atCentre(current.centreId(), today, today.plusDays(13))) {
            if (s.cancelled() || s.id().equals(current.sessionId()) || s.available(current.dose()) <= 0
                    || slotClock.ended(s, now)) {
                continue;
            }
            List<SlotChoice> slots = slotChoices(s, "", locale, now).stream()
                    .map(c -> new SlotChoice(s.id() + "|" + c.value(), c.label(), c.free(), false)).toList();
            choices.add(new SessionChoice(PageDates.day(s.date(), locale), s.vaccine(), slots));
        }
        model.addAttribute("appointmentId", id.toString());
        model.addAttribute("confirmationNo", current.confirmationNo());
        model.addAttribute("centre", centre);
        model.addAttribute("choices", choices);
        return "scheduling/reschedule";
    }

    @PostMapping("/appointments/{id}/reschedule")
    String reschedule(@PathVariable UUID id, @RequestParam(defaultValue = "") String choice, Model model,
                      RedirectAttributes redirect, Locale locale) {
        String[] parts = choice.split("\\|", 2);
        try {
            booking.reschedule(CurrentUser.citizen().accountId(), id.toString(), parts[0],
                    parts.length > 1 ? parts[1] : null);
        } catch (ApiException e) {
            model.addAttribute("choiceError", PageMessages.of(messages, e, locale));
            return rescheduleForm(id, model, locale);
        }
        redirect.addFlashAttribute("notice", messages.getMessage("appointment.rescheduled", null, locale));
        return "redirect:/account";
    }

    @PostMapping("/appointments/{id}/cancel")
    String cancel(@PathVariable UUID id, RedirectAttributes redirect, Locale locale) {
        try {
            booking.cancel(CurrentUser.citizen().accountId(), id.toString(), null);
            redirect.addFlashAttribute("notice", messages.getMessage("appointment.cancelled", null, locale));
        } catch (ApiException e) {
            redirect.addFlashAttribute("problem", PageMessages.of(messages, e, locale));
        }
        return "redirect:/account";
    }
}
