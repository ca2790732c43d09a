package org.openvin.identity.internal;

import java.util.List;
import java.util.Map;
import org.openvin.identity.CurrentUser;
import org.openvin.identity.Role;
import org.openvin.identity.StaffPrincipal;
import org.openvin.platform.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Staff accounts, managed by admins within their scope. */
@RestController
@RequestMapping("/api/v2/admin/staff")
class StaffController {

    private final StaffAdministration administration;
    private final StaffLookupReport lookups;

    StaffController(StaffAdministration administration, StaffLookupReport lookups) {
        this.administration = administration;
        this.lookups = lookups;
    }

    record CreateStaff(String username, String password, String name, String role, Integer state_id,
                       Integer district_id, Long center_id) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    StaffAdministration.StaffView create(@RequestBody CreateStaff body) {
        Role role;
        try {
            role = body.role() == null ? null : Role.valueOf(body.role().trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("STAFF0013", "role must be one of " + List.of(Role.values()));
        }
        return administration.create(CurrentUser.staff(), new StaffAdministration.NewStaff(body.username(), body.password(),
                body.name(), role, body.state_id(), body.district_id(), body.center_id()));
    }

    @PostMapping("/{id}/disable")
    Map<String, Object> disable(@PathVariable long id) {
        administration.disable(CurrentUser.staff(), id);
        return Map.of("id", id, "active", false);
    }

    @GetMapping
    Map<String, Object> list() {
        return Map.of("staff", administration.visibleTo(CurrentUser.staff()));
    }

    /** A new one-time password for an account the admin manages, answered once; the owner must replace it. */
    @PostMapping("/{id}/password-reset")
    StaffAdministration.PasswordReset resetPassword(@PathVariable long id) {
        return administration.resetPassword(CurrentUser.staff(), id);
    }

    /** The sign-in waits running now (failed passwords per account, per account and address, per address). */
    @GetMapping("/sign-in-delays")
    Map<String, Object> signInDelays() {
        StaffPrincipal admin = CurrentUser.staff();
        if (!admin.role().isAdmin()) {
            throw ApiException.forbidden("STAFF0022", "Only admins manage staff accounts");
        }
        return Map.of("delays", administration.signInDelaysVisibleTo(admin));
    }

    /** Look-ups of people by staff accounts inside the admin's scope over the last 24 hours, unusual volumes flagged first. */
    @GetMapping("/lookups")
    Map<String, Object> lookups() {
        return Map.of("accounts", lookups.visibleTo(CurrentUser.staff()));
    }
}
