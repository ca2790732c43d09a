package org.openvin.stock.internal;

import java.util.Locale;
import java.util.Map;
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
 * Vaccine lots for national and state admins: the registered lots, a form to register one, a
 * recall with its reason, and the people who received a lot inside the admin's scope. Every
 * action goes through {@link LotAdministration}, the lot API's own use cases (scope, audit).
 */
@Controller
class LotPages {

    /** The API's field names and the form's. */
    private static final Map<String, String> FORM_FIELD = Map.of("vaccine", "vaccine", "lot_number", "lotNumber",
            "expiry_date", "expiry", "doses_per_vial", "dosesPerVial");

    private final LotAdministration administration;
    private final CountryProfile profile;
    private final MessageSource messages;

    LotPages(LotAdministration administration, CountryProfile profile, MessageSource messages) {
        this.administration = administration;
        this.profile = profile;
        this.messages = messages;
    }

    @GetMapping("/staff/lots")
    String list(@RequestParam(name = "recipients", required = false) Long recipientsOf, Model model, Locale locale) {
        model.addAttribute("lots", administration.list(null).get("lots"));
        model.addAttribute("vaccines", profile.vaccines().stream().map(v -> v.name()).toList());
        if (recipientsOf != null) {
            try {
                model.addAttribute("recipients", administration.recipients(recipientsOf));
            } catch (ApiException e) {
                model.addAttribute("recipientsError", PageMessages.of(messages, e, locale));
            }
        }
        return "stock/lots";
    }

    @PostMapping("/staff/lots")
    String register(@RequestParam(defaultValue = "") String vaccine, @RequestParam(defaultValue = "") String lotNumber,
                    @RequestParam(defaultValue = "") String manufacturer, @RequestParam(defaultValue = "") String expiry,
                    @RequestParam(defaultValue = "") String dosesPerVial, Locale locale, RedirectAttributes redirect) {
        try {
            Integer perVial;
            try {
                perVial = Integer.valueOf(dosesPerVial.trim());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("STOCK0006", "doses_per_vial must be between 1 and 100").on("doses_per_vial");
            }
            administration.register(new LotAdministration.NewLot(vaccine, lotNumber, manufacturer.isBlank() ? null : manufacturer,
                    expiry, perVial));
            redirect.addFlashAttribute("registered", lotNumber.trim());
        } catch (ApiException e) {
            redirect.addFlashAttribute("registerError", PageMessages.of(messages, e, locale));
            redirect.addFlashAttribute("registerField", e.field() == null ? "" : FORM_FIELD.getOrDefault(e.field(), ""));
            redirect.addFlashAttribute("lotForm", Map.of("vaccine", vaccine, "lotNumber", lotNumber,
                    "manufacturer", manufacturer, "expiry", expiry, "dosesPerVial", dosesPerVial));
        }
        return "redirect:/staff/lots";
    }

    @PostMapping("/staff/lots/{id}/recall")
    String recall(@PathVariable long id, @RequestParam(defaultValue = "") String reason, Locale locale,
                  RedirectAttributes redirect) {
        try {
            administration.recall(id, new LotAdministration.Recall(reason));
            redirect.addFlashAttribute("recalled", id);
        } catch (ApiException e) {
            redirect.addFlashAttribute("recallError", PageMessages.of(messages, e, locale));
            redirect.addFlashAttribute("recallErrorLot", id);
        }
        return "redirect:/staff/lots";
    }
}
