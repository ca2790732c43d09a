package org.openvin.identity.internal;

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

    record StaffView(long id, String username, String name, String role, Integer state_id, Integer district_id,
                     Long center_id, boolean active) {
    }

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final AuditTrail audit;
    private final CountryProfile profile;
    private final FacilityLocator facilities;

    StaffAdministration(JdbcClient jdbc, PasswordEncoder passwords, AuditTrail audit, CountryProfile profile,
                        FacilityLocator facilities) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.audit = audit;
        this.profile = profile;
        this.facilities = facilities;
    }

    @Transactional
    StaffView create(StaffPrincipal admin, NewStaff s) {
        if (s.username() == null || !s.username().matches("[a-zA-Z0-9._@-]{3,64}")) {
            throw ApiException.badRequest("STAFF0010", "username must be 3 to 64 letters, digits or . _ @ -");
        }
        if (s.password() == null || s.password().length() < 10) {
            throw ApiException.badRequest("STAFF0011", "password must be at least 10 characters");
        }
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
                    scope.centreId(), true);
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
        var target = jdbc.sql("SELECT role, state_id, district_id, centre_id FROM staff_account WHERE id = ?")
                .param(staffId)
                .query((rs, n) -> new StaffScope(Role.valueOf(rs.getString("role")), (Integer) rs.getObject("state_id"),
                        (Integer) rs.getObject("district_id"), (Long) rs.getObject("centre_id")))
                .optional()
                .orElseThrow(() -> ApiException.notFound("STAFF0018", "No staff account " + staffId));
        if (!admin.role().outranks(target.role()) || !admin.scope().covers(target)) {
            audit.refused("STAFF_DISABLE", "staff:" + staffId, "outside the admin's role or scope");
            throw ApiException.forbidden("STAFF0021", "That account is outside your role or scope");
        }
        jdbc.sql("UPDATE staff_account SET active = false, updated_at = now() WHERE id = ?").param(staffId).update();
        audit.record("STAFF_DISABLE", "staff:" + staffId, null);
    }

    List<StaffView> visibleTo(StaffPrincipal admin) {
        return jdbc.sql("""
                        SELECT id, username, name, role, state_id, district_id, centre_id, active
                        FROM staff_account ORDER BY id""")
                .query((rs, n) -> new StaffView(rs.getLong("id"), rs.getString("username"), rs.getString("name"),
                        rs.getString("role"), (Integer) rs.getObject("state_id"), (Integer) rs.getObject("district_id"),
                        (Long) rs.getObject("centre_id"), rs.getBoolean("active")))
                .list().stream()
                .filter(v -> admin.role().outranks(Role.valueOf(v.role()))
                        && admin.scope().covers(v.state_id(), v.district_id(), v.center_id()))
                .toList();
    }
}
