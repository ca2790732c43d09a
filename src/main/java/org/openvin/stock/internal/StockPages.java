package org.openvin.stock.internal;

import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.openvin.identity.CurrentUser;
import org.openvin.identity.StaffPrincipal;
import org.openvin.platform.ApiException;
import org.openvin.platform.PageMessages;
import org.openvin.profile.CountryProfile;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A facility's stock for its staff: what it holds per lot (sealed vials, open doses, usable
 * doses) and its latest ledger rows, and for facility admins and above the forms to receive vials,
 * write off wastage, transfer vials and adjust the stock after a physical count.
 * Every action goes through {@link StockAdministration}, the stock API's own use cases, so the
 * ledger, the scope checks and the audit are the same as for the API.
 */
@Controller
class StockPages {

    /** How many of the latest ledger rows the page shows; the API's ledger has them all. */
    private static final int LATEST = 30;

    private final StockAdministration administration;
    private final Lots lots;
    private final CountryProfile profile;
    private final MessageSource messages;

    StockPages(StockAdministration administration, Lots lots, CountryProfile profile, MessageSource messages) {
        this.administration = administration;
        this.profile = profile;
        this.lots = lots;
        this.messages = messages;
    }

    record LotChoice(long id, String label) {
    }

    /** A ledger row with its time written for the reader's language and the country's time zone. */
    record Row(String when, String lot, StockAdministration.Movement movement) {
    }

    private String lotName(long id) {
        return lots.find(id).map(l -> l.vaccine() + " · " + l.lotNumber()).orElse(String.valueOf(id));
    }

    @GetMapping("/staff/stock")
    String balance(@RequestParam(name = "center", required = false) Long centre, Model model, Locale locale) {
        StaffPrincipal staff = CurrentUser.staff();
        Long chosen = centre != null ? centre : staff.scope().centreId();
        model.addAttribute("center", chosen);
        model.addAttribute("canManage", staff.role().isAdmin());
        model.addAttribute("reasons", List.of("BROKEN", "COLD_CHAIN", "EXPIRED"));
        model.addAttribute("lots", lots.list(null).stream().filter(l -> l.recalledAt() == null)
                .map(l -> new LotChoice(l.id(), l.vaccine() + " · " + l.lotNumber() + " · " + l.expiresOn())).toList());
        if (chosen != null) {
            try {
                model.addAttribute("held", administration.balance(chosen).get("lots"));
                DateTimeFormatter when = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                        .withLocale(locale).withZone(profile.zone());
                Map<Long, String> lotNames = new HashMap<>();
                model.addAttribute("movements", administration.latestMovements(chosen, LATEST).stream()
                        .map(m -> new Row(when.format(m.at()), lotNames.computeIfAbsent(m.lot_id(), this::lotName), m))
                        .toList());
            } catch (ApiException e) {
                model.addAttribute("centerError", PageMessages.of(messages, e, locale));
            }
        }
        return "stock/balance";
    }

    @PostMapping("/staff/stock/receipts")
    String receive(@RequestParam Long center, @RequestParam(name = "lot", required = false) Long lot,
                   @RequestParam(defaultValue = "") String vials, Locale locale, RedirectAttributes redirect) {
        return act(center, "receive", locale, redirect, () -> administration.receive(
                new StockAdministration.Receipt(center, lot, null, null, whole(vials))));
    }

    @PostMapping("/staff/stock/wastage")
    String waste(@RequestParam Long center, @RequestParam(name = "lot", required = false) Long lot,
                 @RequestParam(defaultValue = "") String reason, @RequestParam(defaultValue = "") String vials,
                 @RequestParam(defaultValue = "") String doses, Locale locale, RedirectAttributes redirect) {
        return act(center, "waste", locale, redirect, () -> administration.waste(
                new StockAdministration.Wastage(center, lot, null, null, reason, whole(vials), whole(doses), null)));
    }

    @PostMapping("/staff/stock/adjustments")
    String adjust(@RequestParam Long center, @RequestParam(name = "lot", required = false) Long lot,
                  @RequestParam(defaultValue = "") String vials, @RequestParam(defaultValue = "") String doses,
                  @RequestParam(defaultValue = "") String note, Locale locale, RedirectAttributes redirect) {
        return act(center, "adjust", locale, redirect, () -> administration.adjust(
                new StockAdministration.Adjustment(center, lot, null, null, signed(vials), signed(doses), note)));
    }

    @PostMapping("/staff/stock/transfers")
    String transfer(@RequestParam Long center, @RequestParam(name = "lot", required = false) Long lot,
                    @RequestParam(defaultValue = "") String to, @RequestParam(defaultValue = "") String vials, Locale locale,
                    RedirectAttributes redirect) {
        return act(center, "transfer", locale, redirect, () -> administration.transfer(
                new StockAdministration.Transfer(center, centreId(to), lot, null, null, whole(vials))));
    }

    private static Long centreId(String value) {
        try {
            return Long.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("STOCK0006", "to_center_id must be a centre id");
        }
    }

    private String act(Long center, String form, Locale locale, RedirectAttributes redirect, Runnable action) {
        try {
            action.run();
            redirect.addFlashAttribute("done", form);
        } catch (ApiException e) {
            redirect.addFlashAttribute("formError", PageMessages.of(messages, e, locale));
            redirect.addFlashAttribute("errorForm", form);
        }
        redirect.addAttribute("center", center);
        return "redirect:/staff/stock";
    }

    /** A count that may be negative (an adjustment after a physical count can take stock away). */
    private static Integer signed(String value) {
        String trimmed = value.trim().replace('\u2212', '-');
        return trimmed.startsWith("-") ? negate(whole(trimmed.substring(1))) : whole(trimmed.replaceFirst("^\\+", ""));
    }

    private static Integer negate(Integer value) {
        return value == null ? null : -value;
    }

    private static Integer whole(String value) {
        if (value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("STOCK0006", "Vials and doses must be whole numbers");
        }
    }
}
