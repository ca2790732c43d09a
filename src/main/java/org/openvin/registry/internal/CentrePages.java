package org.openvin.registry.internal;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.openvin.identity.StaffPrincipal;
import org.openvin.platform.ApiException;
import org.openvin.platform.PageMessages;
import org.openvin.profile.CountryProfile;
import org.openvin.registry.Centre;
import org.openvin.registry.Centres;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The facility registry for district, state and national admins: add a centre, edit it, close it
 * (deactivate: it takes no new sessions and leaves the public answers) and open it again. Every
 * action goes through {@link CentreAdministration}, the admin API's own use case, so validation,
 * scope and audit are the same as for {@code POST/PUT /api/v2/admin/centres}.
 */
@Controller
class CentrePages {

    /** The form field each refusal of {@link CentreAdministration} is about, to show it next to that field. */
    private static final Map<String, String> FIELD_OF_ERROR = Map.of("CENTRE0002", "district", "CENTRE0011", "district",
            "CENTRE0003", "name", "APPOIN0018", "pincode", "CENTRE0004", "lat", "CENTRE0005", "from",
            "CENTRE0006", "feeType", "CENTRE0007", "fees");

    record DistrictChoice(int id, String name) {
    }

    private final CentreAdministration administration;
    private final Centres centres;
    private final CountryProfile profile;
    private final MessageSource messages;

    CentrePages(CentreAdministration administration, Centres centres, CountryProfile profile, MessageSource messages) {
        this.administration = administration;
        this.centres = centres;
        this.profile = profile;
        this.messages = messages;
    }

    @GetMapping("/staff/centres/new")
    String newCentre(@RequestParam(required = false) Integer district, Model model, Locale locale) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("district", district == null ? "" : district.toString());
        values.put("from", "09:00");
        values.put("to", "17:00");
        values.put("feeType", "Free");
        return form(model, locale, null, values);
    }

    @PostMapping("/staff/centres/new")
    String create(@RequestParam MultiValueMap<String, String> form, Model model, Locale locale, RedirectAttributes redirect) {
        try {
            var created = administration.create(centreForm(form));
            return saved(created.get("center_id"), form, redirect);
        } catch (ApiException e) {
            return refused(e, model, locale, null, form);
        }
    }

    @GetMapping("/staff/centres/{id}/edit")
    String editCentre(@PathVariable long id, Model model, Locale locale) {
        Centre c = administration.editable(id);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("district", String.valueOf(c.districtId()));
        values.put("name", c.name());
        values.put("address", c.address());
        values.put("block", c.blockName());
        values.put("pincode", c.pincode());
        values.put("lat", c.lat() == null ? "" : c.lat().toPlainString());
        values.put("long", c.lng() == null ? "" : c.lng().toPlainString());
        values.put("from", c.opensAt().toString());
        values.put("to", c.closesAt().toString());
        values.put("feeType", c.feeType());
        if (c.vaccineFees() != null) {
            c.vaccineFees().forEach((vaccine, fee) -> values.put("fee-" + vaccine, String.valueOf(fee)));
        }
        return form(model, locale, c, values);
    }

    @PostMapping("/staff/centres/{id}/edit")
    String edit(@PathVariable long id, @RequestParam MultiValueMap<String, String> form, Model model, Locale locale,
                RedirectAttributes redirect) {
        try {
            administration.edit(id, centreForm(form));
            return saved(id, form, redirect);
        } catch (ApiException e) {
            return refused(e, model, locale, administration.editable(id), form);
        }
    }

    @PostMapping("/staff/centres/{id}/active")
    String setActive(@PathVariable long id, @RequestParam(defaultValue = "") String active, Locale locale,
                     RedirectAttributes redirect) {
        Centre c = centres.find(id).orElseThrow(() -> ApiException.notFound("CENTRE0001", "No centre with id " + id));
        try {
            switch (active) {
                case "true" -> administration.activate(id);
                case "false" -> administration.deactivate(id);
                default -> throw ApiException.badRequest("CENTRE0008", "active must be true or false");
            }
            redirect.addFlashAttribute("centreSaved", id);
        } catch (ApiException e) {
            redirect.addFlashAttribute("centreError", PageMessages.of(messages, e, locale));
            redirect.addFlashAttribute("centreErrorId", id);
        }
        return "redirect:/staff/centres?district=" + c.districtId();
    }

    private String saved(Object id, MultiValueMap<String, String> form, RedirectAttributes redirect) {
        redirect.addFlashAttribute("centreSaved", id);
        return "redirect:/staff/centres?district=" + Integer.parseInt(form.getFirst("district"));
    }

    private String refused(ApiException e, Model model, Locale locale, Centre existing, MultiValueMap<String, String> form) {
        model.addAttribute("problem", PageMessages.of(messages, e, locale));
        model.addAttribute("problemField", FIELD_OF_ERROR.getOrDefault(e.errorCode(), ""));
        return form(model, locale, existing, form.toSingleValueMap());
    }

    private String form(Model model, Locale locale, Centre existing, Map<String, String> values) {
        StaffPrincipal admin = CentreAdministration.regionalAdmin();
        String lang = locale.getLanguage();
        model.addAttribute("centre", existing);
        model.addAttribute("values", values);
        model.addAttribute("districts", profile.states().stream()
                .flatMap(s -> profile.districtsOf(s.id()).stream())
                .filter(d -> admin.scope().covers(d.stateId(), d.id(), null))
                .map(d -> new DistrictChoice(d.id(), d.name(lang)))
                .toList());
        model.addAttribute("vaccines", profile.vaccines().stream().map(v -> v.name()).toList());
        model.addAttribute("currency", profile.currency().getCurrencyCode());
        return "registry/centre";
    }

    /** The page's fields as the API's form: numbers that do not parse are refused like the API refuses them. */
    private CentreAdministration.CentreForm centreForm(MultiValueMap<String, String> form) {
        Map<String, Integer> fees = new LinkedHashMap<>();
        for (String vaccine : profile.vaccines().stream().map(v -> v.name()).toList()) {
            String fee = text(form, "fee-" + vaccine);
            if (!fee.isEmpty()) {
                try {
                    fees.put(vaccine, Integer.valueOf(fee));
                } catch (NumberFormatException e) {
                    throw ApiException.badRequest("CENTRE0007", "A fee must be a whole number of 0 or more");
                }
            }
        }
        Integer district;
        try {
            district = Integer.valueOf(text(form, "district"));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("CENTRE0002", "district_id must be a district of this country");
        }
        return new CentreAdministration.CentreForm(text(form, "name"), text(form, "address"), district, text(form, "block"),
                text(form, "pincode"), decimal(form, "lat"), decimal(form, "long"), text(form, "from"), text(form, "to"),
                text(form, "feeType"), fees);
    }

    private static String text(MultiValueMap<String, String> form, String name) {
        String value = form.getFirst(name);
        return value == null ? "" : value.trim();
    }

    private static BigDecimal decimal(MultiValueMap<String, String> form, String name) {
        String value = text(form, name).replace(',', '.');
        if (value.isEmpty()) {
            return null;
        }
        try {
            return new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("CENTRE0004", "lat must be within ±90 and long within ±180");
        }
    }
}
