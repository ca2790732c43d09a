package org.openvin.identity.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.openvin.identity.CurrentUser;
import org.openvin.identity.WalkInRegistration;
import org.openvin.platform.ApiException;
import org.openvin.platform.PageMessages;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Adding and removing family members from the account page ({@code /account}, drawn by the
 * scheduling module with the members' appointments): the same {@link RegisteringBeneficiary} as
 * the API. A refusal shows the account page again with what was typed, the refusal next to the
 * field it is about: forwarded within the request rather than redirected, so the photo-ID number
 * goes back to the browser that sent it without being kept in the session.
 */
@Controller
class MemberPages {

    private final RegisteringBeneficiary registering;
    private final MessageSource messages;

    MemberPages(RegisteringBeneficiary registering, MessageSource messages) {
        this.registering = registering;
        this.messages = messages;
    }

    @PostMapping("/account/members")
    String add(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String birthYear,
               @RequestParam(required = false) Integer genderId, @RequestParam(required = false) Integer photoIdType,
               @RequestParam(defaultValue = "") String photoIdNumber, HttpServletRequest request,
               RedirectAttributes redirect, Locale locale) {
        try {
            registering.register(CurrentUser.citizen().accountId(), new RegisteringBeneficiary.Registration(
                    name, birthYear, genderId, photoIdType, photoIdNumber, "N", null));
            redirect.addFlashAttribute("notice", messages.getMessage("member.added", new Object[]{name.trim()}, locale));
            return "redirect:/account";
        } catch (ApiException e) {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("name", name);
            form.put("birthYear", birthYear);
            form.put("genderId", genderId == null ? "" : genderId.toString());
            form.put("photoIdType", photoIdType == null ? "" : photoIdType.toString());
            form.put("photoIdNumber", photoIdNumber);
            request.setAttribute("memberForm", form);
            request.setAttribute("memberErrors", Map.of(WalkInRegistration.fieldOf(e.errorCode()), PageMessages.of(messages, e, locale)));
            return "forward:/account";
        }
    }

    @PostMapping("/account/members/remove")
    String remove(@RequestParam(defaultValue = "") String member, RedirectAttributes redirect, Locale locale) {
        try {
            registering.delete(CurrentUser.citizen().accountId(), member);
            redirect.addFlashAttribute("notice", messages.getMessage("member.removed", null, locale));
        } catch (ApiException e) {
            redirect.addFlashAttribute("problem", PageMessages.of(messages, e, locale));
        }
        return "redirect:/account";
    }

}
