package org.openvin.vaccination.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.Map;
import org.openvin.identity.CurrentUser;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The offline console page (/vaccinator/offline, an installable app kept by /vaccinator-sw.js)
 * and its JSON calls under the signed-in page session: the offline pack, the sync, the discard.
 * The session is the shift's sign-in: when it has ended, the calls are sent to the staff login and
 * the device asks to sign in again before it syncs.
 */
@Controller
class OfflineConsole {

    private final OfflinePacks packs;
    private final SyncingVaccinations syncing;
    private final OfflineSyncController api;

    OfflineConsole(OfflinePacks packs, SyncingVaccinations syncing, OfflineSyncController api) {
        this.packs = packs;
        this.syncing = syncing;
        this.api = api;
    }

    @GetMapping("/vaccinator/offline")
    String page(Model model, Locale locale) {
        var staff = CurrentUser.staff();
        model.addAttribute("texts", OfflinePacks.consoleTexts(locale));
        model.addAttribute("staffName", staff.username());
        model.addAttribute("admin", staff.role() == org.openvin.identity.Role.FACILITY_ADMIN);
        return "vaccination/offline";
    }

    /** A fresh CSRF token of the current session, asked for before each sync (a redirect: sign in again). */
    @GetMapping("/vaccinator/offline/token")
    @ResponseBody
    Map<String, String> token(HttpServletRequest request) {
        CurrentUser.staff();
        CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        return Map.of("header", token.getHeaderName(), "token", token.getToken());
    }

    @GetMapping("/vaccinator/offline/pack")
    @ResponseBody
    Map<String, Object> pack(@RequestParam(required = false) String date, Locale locale) {
        return packs.prepare(CurrentUser.staff(), date, locale);
    }

    @PostMapping("/vaccinator/offline/sync")
    @ResponseBody
    OfflineSyncController.SyncAnswer sync(@RequestBody OfflineSyncController.SyncBatch batch) {
        return api.answer(syncing.sync(CurrentUser.staff(), batch.sent_at(), OfflineSyncController.records(batch)));
    }

    @PostMapping("/vaccinator/offline/discarded")
    ResponseEntity<Void> discard(@RequestBody OfflineSyncController.Discard body) {
        syncing.discard(CurrentUser.staff(), body.client_key(), body.error_code(), body.reason());
        return ResponseEntity.noContent().build();
    }
}
