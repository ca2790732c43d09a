package org.openvin.scheduling.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openvin.identity.Beneficiaries;
import org.openvin.identity.Beneficiary;
import org.openvin.identity.CitizenPrincipal;
import org.openvin.identity.CurrentUser;
import org.openvin.identity.MemberLinks;
import org.openvin.profile.CountryProfile;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;

/**
 * The citizen's account page: the family members (photo ID masked) with their open appointments,
 * the add-member form (handled by the identity module), and what other modules offer for each
 * member through {@link MemberLinks} (certificates, side-effect reports).
 */
@Controller
class AccountPage {

    record AppointmentView(String id, String confirmationNo, String centre, String address, String date,
                           String slot, String vaccine, int dose) {
    }

    record MemberView(String id, String name, String birthYear, String idType, String idMasked, String statusKey,
                      List<AppointmentView> appointments, List<MemberLinks.Link> links) {
    }

    record Choice(int id, String name) {
    }

    private final BeneficiaryListing listing;
    private final Beneficiaries beneficiaries;
    private final CountryProfile profile;
    private final ObjectProvider<MemberLinks> memberLinks;

    AccountPage(BeneficiaryListing listing, Beneficiaries beneficiaries, CountryProfile profile,
                ObjectProvider<MemberLinks> memberLinks) {
        this.listing = listing;
        this.beneficiaries = beneficiaries;
        this.profile = profile;
        this.memberLinks = memberLinks;
    }

    /** POST only when the add-member form was refused and forwarded here with what was typed. */
    @RequestMapping(path = "/account", method = {RequestMethod.GET, RequestMethod.POST})
    @SuppressWarnings("unchecked")
    String account(Model model, Locale locale, HttpServletRequest request) {
        CitizenPrincipal citizen = CurrentUser.citizen();
        String lang = locale.getLanguage();
        Map<String, Beneficiary> byId = new java.util.HashMap<>();
        beneficiaries.ofAccount(citizen.accountId()).forEach(b -> byId.put(b.id().value(), b));
        List<MemberView> members = listing.of(citizen).stream().map(m -> {
            Beneficiary b = byId.get((String) m.get("beneficiary_reference_id"));
            List<AppointmentView> appointments = ((List<Map<String, Object>>) m.get("appointments")).stream()
                    .map(a -> new AppointmentView((String) a.get("appointment_id"),
                            (String) a.get("appointment_confirmation_no"), (String) a.get("name"),
                            (String) a.get("address"),
                            PageDates.date(PageDates.parseContractDay((String) a.get("date")), locale),
                            (String) a.get("slot"), (String) a.get("vaccine"), (Integer) a.get("dose")))
                    .toList();
            List<MemberLinks.Link> links = b == null ? List.of()
                    : memberLinks.orderedStream().flatMap(l -> l.linksFor(b).stream()).toList();
            return new MemberView(b == null ? "" : b.id().value(), (String) m.get("name"),
                    b == null ? "" : String.valueOf(b.birthYear()),
                    b == null ? "" : profile.idType(b.photoIdType()).map(t -> t.name(lang)).orElse(""),
                    (String) m.get("photo_id_number"), statusKey((String) m.get("vaccination_status")), appointments, links);
        }).toList();
        model.addAttribute("members", members);
        model.addAttribute("maskedMobile", mask(beneficiaries.contactOf(citizen.accountId()).orElseThrow().mobile()));
        model.addAttribute("canAdd", members.size() < profile.limits().beneficiariesPerAccount());
        model.addAttribute("limit", profile.limits().beneficiariesPerAccount());
        model.addAttribute("genders", profile.genders().stream().map(g -> new Choice(g.id(), g.name(lang))).toList());
        model.addAttribute("idTypes", profile.idTypes().stream().map(t -> new Choice(t.id(), t.name(lang))).toList());
        for (String forwarded : List.of("memberForm", "memberErrors")) {
            if (!model.containsAttribute(forwarded)) {
                Object value = request.getAttribute(forwarded);
                model.addAttribute(forwarded, value instanceof Map<?, ?> ? value : Map.of());
            }
        }
        return "scheduling/account";
    }

    private static String statusKey(String status) {
        return switch (status == null ? "" : status) {
            case Beneficiary.VACCINATED -> "status.vaccinated";
            case Beneficiary.PARTIALLY_VACCINATED -> "status.partial";
            default -> "status.none";
        };
    }

    private static String mask(String mobile) {
        return mobile.length() <= 4 ? mobile : "X".repeat(mobile.length() - 4) + mobile.substring(mobile.length() - 4);
    }
}
