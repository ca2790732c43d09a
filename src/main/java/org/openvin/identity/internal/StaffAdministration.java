package org.openvin.identity.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.openvin.identity.FacilityLocator;
import org.openvin.identity.Role;
import org.openvin.identity.StaffPrincipal;
import org.openvin.identity.StaffScope;
import org.openvin.platform.ApiException;
import org.openvin.platform.AuditTrail;
import org.openvin.profile.CountryProfile;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Admins create and disable staff accounts: only for roles below their own and only inside
 * their own scope. Every refusal is audited.
 */
@Service
class StaffAdministration {

    record NewStaff(String username, String password, String name, Role role, Integer stateId, Integer districtId,
                    Long centreId) {
    }

    /** An account as admins see it, with the sign-in wait running on it now, if any. */
    record StaffView(long id, String username, String name, String role, Integer state_id, Integer district_id,
                     Long center_id, boolean active, boolean must_change_password, Instant sign_in_delayed_until) {
    }

    record PasswordReset(long id, String username, String one_time_password) {
    }

    static final String USERNAME = "[a-zA-Z0-9._@-]{3,64}";

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final AuditTrail audit;
    private final CountryProfile profile;
    private final FacilityLocator facilities;
    private final StaffPasswordPolicy policy;
    private final SignInThrottle throttle;
    private final Clock clock;
    private final TokenRevocations revocations;

    StaffAdministration(JdbcClient jdbc, PasswordEncoder passwords, AuditTrail audit, CountryProfile profile,
                        FacilityLocator facilities, StaffPasswordPolicy policy, SignInThrottle throttle, Clock clock,
                        TokenRevocations revocations) {
        this.revocations = revocations;
        this.policy = policy;
        this.throttle = throttle;
        this.clock = clock;
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.audit = audit;
        this.profile = profile;
        this.facilities = facilities;
    }

    @Transactional
    StaffView create(StaffPrincipal admin, NewStaff s) {
        if (s.username() == null || !s.username().matches(USERNAME)) {
            throw ApiException.badRequest("STAFF0010", "username must be 3 to 64 letters, digits or . _ @ -");
        }
        policy.check(s.username(), s.password());
        if (s.name() == null || s.name().isBlank()) {
            throw ApiException.badRequest("STAFF0012", "name is required");
        }
        if (s.role() == null) {
            throw ApiException.badRequest("STAFF0013", "role must be one of " + List.of(Role.values()));
        }
        StaffScope scope = scopeOf(s);
        if (!admin.role().isAdmin() || !admin.role().outranks(s.role())) {
            audit.refused("STAFF_CREATE", "staff:" + s.username(), admin.role() + " may not create " + s.role());
            throw ApiException.forbidden("STAFF0020", "Your role may not create a " + s.role() + " account");
        }
        if (!admin.scope().covers(scope)) {
            audit.refused("STAFF_CREATE", "staff:" + s.username(), "outside the admin's scope");
            throw ApiException.forbidden("STAFF0021", "That place is outside your scope");
        }
        try {
            long id = jdbc.sql("""
                            INSERT INTO staff_account (username, password_hash, name, role, state_id, district_id,
                                                       centre_id, created_by)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""")
                    .params(s.username(), passwords.encode(s.password()), s.name().trim(), s.role().name(),
                            scope.stateId(), scope.districtId(), scope.centreId(), admin.staffId())
                    .query(Long.class).single();
            audit.record("STAFF_CREATE", "staff:" + id, s.role() + " " + scope.asJson());
            return new StaffView(id, s.username(), s.name().trim(), s.role().name(), scope.stateId(), scope.districtId(),
                    scope.centreId(), true, false, null);
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict("STAFF0014", "That username is taken");
        }
    }

    /** Completes and checks the place of a new account: a facility brings its district and state. */
    private StaffScope scopeOf(NewStaff s) {
        return switch (s.role()) {
            case NATIONAL_ADMIN -> StaffScope.national();
            case STATE_ADMIN -> {
                if (s.stateId() == null || profile.state(s.stateId()).isEmpty()) {
                    throw ApiException.badRequest("STAFF0015", "A state admin needs a valid state_id");
                }
                yield new StaffScope(s.role(), s.stateId(), null, null);
            }
            case DISTRICT_ADMIN -> {
                var district = s.districtId() == null ? null : profile.district(s.districtId()).orElse(null);
                if (district == null) {
                    throw ApiException.badRequest("STAFF0016", "A district admin needs a valid district_id");
                }
                yield new StaffScope(s.role(), district.stateId(), district.id(), null);
            }
            case FACILITY_ADMIN, VACCINATOR -> {
                var where = s.centreId() == null ? null : facilities.locate(s.centreId()).orElse(null);
                if (where == null) {
                    throw ApiException.badRequest("STAFF0017", "Facility staff need a valid center_id");
                }
                yield new StaffScope(s.role(), where.stateId(), where.districtId(), where.centreId());
            }
        };
    }

    @Transactional
    void disable(StaffPrincipal admin, long staffId) {
        requireManaged(admin, staffId, "STAFF_DISABLE");
        jdbc.sql("UPDATE staff_account SET active = false, updated_at = now() WHERE id = ?").param(staffId).update();
        audit.record("STAFF_DISABLE", "staff:" + staffId, null);
        revocations.staffChangedHere();
    }

    /** The username of an account the admin manages (a role below theirs, inside their scope); refusals audited. */
    private String requireManaged(StaffPrincipal admin, long staffId, String action) {
        record Target(String username, StaffScope scope) {
        }
        var target = jdbc.sql("SELECT username, role, state_id, district_id, centre_id FROM staff_account WHERE id = ?")
                .param(staffId)
                .query((rs, n) -> new Target(rs.getString("username"), new StaffScope(Role.valueOf(rs.getString("role")),
                        (Integer) rs.getObject("state_id"), (Integer) rs.getObject("district_id"),
                        (Long) rs.getObject("centre_id"))))
                .optional()
                .orElseThrow(() -> ApiException.notFound("STAFF0018", "No staff account " + staffId));
        if (!admin.role().outranks(target.scope().role()) || !admin.scope().covers(target.scope())) {
            audit.refused(action, "staff:" + staffId, "outside the admin's role or scope");
            throw ApiException.forbidden("STAFF0021", "That account is outside your role or scope");
        }
        return target.username();
    }

    /**
     * An admin gives an account they manage a new one-time password, shown to them once, which the
     * owner must replace at the next sign-in; the account's sign-in waits end with it. The
     * transaction holds the new hash, the ended waits and the audit row.
     */
    @Transactional
    PasswordReset resetPassword(StaffPrincipal admin, long staffId) {
        String username = requireManaged(admin, staffId, "STAFF_PASSWORD_RESET");
        String password = OneTimePasswords.generate();
        jdbc.sql("""
                        UPDATE staff_account SET password_hash = ?, must_change_password = true,
                               password_changed_at = ?, updated_at = now()
                        WHERE id = ?""")
                .params(passwords.encode(password), Timestamp.from(clock.instant()), staffId).update();
        throttle.forget(username);
        audit.record("STAFF_PASSWORD_RESET", "staff:" + staffId, "one-time password");
        revocations.staffChangedHere();
        return new PasswordReset(staffId, username, password);
    }

    /**
     * The sign-in waits running now on the accounts the admin sees; national admins see them all,
     * including those per address and those on usernames that do not exist.
     */
    List<SignInThrottle.Delay> signInDelaysVisibleTo(StaffPrincipal admin) {
        var visible = visibleTo(admin).stream().map(v -> SignInThrottle.normalised(v.username()))
                .collect(java.util.stream.Collectors.toSet());
        return throttle.delayed().stream()
                .filter(d -> admin.role() == Role.NATIONAL_ADMIN || visible.contains(d.username()))
                .toList();
    }

    List<StaffView> visibleTo(StaffPrincipal admin) {
        return jdbc.sql("""
                        SELECT s.id, s.username, s.name, s.role, s.state_id, s.district_id, s.centre_id, s.active,
                               s.must_change_password,
                               (SELECT max(f.delayed_until) FROM staff_sign_in_failure f
                                WHERE f.username = lower(s.username) AND f.kind <> 'ADDRESS' AND f.delayed_until > ?) AS delayed_until
                        FROM staff_account s ORDER BY s.id""")
                .param(Timestamp.from(clock.instant()))
                .query((rs, n) -> new StaffView(rs.getLong("id"), rs.getString("username"), rs.getString("name"),
                        rs.getString("role"), (Integer) rs.getObject("state_id"), (Integer) rs.getObject("district_id"),
                        (Long) rs.getObject("centre_id"), rs.getBoolean("active"), rs.getBoolean("must_change_password"),
                        rs.getTimestamp("delayed_until") == null ? null : rs.getTimestamp("delayed_until").toInstant()))
                .list().stream()
                .filter(v -> admin.role().outranks(Role.valueOf(v.role()))
                        && admin.scope().covers(v.state_id(), v.district_id(), v.center_id()))
                .toList();
    }
}
