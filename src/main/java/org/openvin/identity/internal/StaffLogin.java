package org.openvin.identity.internal;

import java.util.List;
import org.openvin.identity.Role;
import org.openvin.identity.StaffScope;
import org.openvin.platform.ApiException;
import org.openvin.platform.AuditTrail;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Staff sign in with username and password. An unknown username and a wrong password get the
 * same answer after the same work (a BCrypt check against a dummy hash), and failures make the
 * next attempts wait ({@link SignInDelays}) instead of locking the account, so nobody can keep a
 * colleague out by typing wrong passwords in their name. Each failure is audited, and so is each
 * wait it starts. An account with a one-time password must choose its own before anything else.
 */
@Service
class StaffLogin {

    record Staff(long id, String username, StaffScope scope) {
    }

    record Account(long id, String username, String hash, Role role, Integer state, Integer district, Long centre,
                   boolean active, boolean mustChangePassword) {

        Staff staff() {
            return new Staff(id, username, new StaffScope(role, state, district, centre));
        }
    }

    /** Longer than any password the policy lets anyone choose: not worth hashing against the account. */
    static final int MAX_CHECKED_LENGTH = 4 * StaffPasswordPolicy.MAX_LENGTH;

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final AuditTrail audit;
    private final SignInThrottle throttle;
    private final String dummyHash;

    StaffLogin(JdbcClient jdbc, PasswordEncoder passwords, AuditTrail audit, SignInThrottle throttle) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.audit = audit;
        this.throttle = throttle;
        this.dummyHash = passwords.encode(java.util.UUID.randomUUID().toString());
    }

    /** A token-worthy sign-in: the right password of an active account that has chosen its own password. */
    Staff login(String username, String password, String address) {
        Account account = verify(username, password, address);
        if (account.mustChangePassword()) {
            audit.record(actor(account), "STAFF_LOGIN_PASSWORD_CHANGE_REQUIRED", "staff:" + account.id(), null);
            throw new ApiException(HttpStatus.FORBIDDEN, "STAFF0032",
                    "Choose a new password before signing in (POST /api/v2/auth/staff/password)");
        }
        audit.record(actor(account), "STAFF_LOGIN", "staff:" + account.id(), null);
        return account.staff();
    }

    /**
     * Checks a username and password under the sign-in waits, for a sign-in or a password change;
     * answers the active account they belong to.
     */
    Account verify(String username, String password, String address) {
        if (username == null || username.isBlank() || password == null || password.isEmpty()) {
            throw ApiException.badRequest("STAFF0001", "username and password are required");
        }
        String name = username.trim();
        Account account = find(name);
        boolean known = account != null && throttle.isKnownAddress(account.id(), address);
        List<SignInThrottle.Key> keys = throttle.keys(name, address, known);
        var actor = new AuditTrail.Actor("staff:" + name, "STAFF");
        List<SignInThrottle.Counted> counted = throttle.count(keys);
        boolean matches;
        if (account == null || password.length() > MAX_CHECKED_LENGTH) {
            // The same work as a real check, so the answer's timing does not tell who exists.
            passwords.matches(password, dummyHash);
            matches = false;
        } else {
            matches = passwords.matches(password, account.hash());
        }
        if (!matches) {
            String subject = account == null ? "staff:" + name : "staff:" + account.id();
            audit.record(actor, "STAFF_LOGIN_FAILED", subject, account == null ? "unknown user" : "wrong password");
            for (SignInThrottle.Counted c : counted) {
                if (!c.delayIfFailed().isZero()) {
                    audit.record(actor, "STAFF_LOGIN_DELAYED", subject, c.key().kind() + " " + c.failures()
                            + " failures from " + (c.key().address().isEmpty() ? "any address" : c.key().address())
                            + ": next attempt in " + c.delayIfFailed().toSeconds() + " s");
                }
            }
            throw new ApiException(HttpStatus.UNAUTHORIZED, "STAFF0002", "Wrong username or password");
        }
        throttle.succeeded(keys);
        if (!account.active()) {
            audit.record(actor, "STAFF_LOGIN_FAILED", "staff:" + account.id(), "disabled");
            throw new ApiException(HttpStatus.FORBIDDEN, "STAFF0004", "This account has been disabled");
        }
        throttle.remember(account.id(), address);
        if (passwords.upgradeEncoding(account.hash())) {
            jdbc.sql("UPDATE staff_account SET password_hash = ? WHERE id = ? AND password_hash = ?")
                    .params(passwords.encode(password), account.id(), account.hash()).update();
        }
        return account;
    }

    private Account find(String username) {
        return jdbc.sql("""
                        SELECT id, username, password_hash, role, state_id, district_id, centre_id, active,
                               must_change_password
                        FROM staff_account WHERE username = ?""")
                .param(username)
                .query((rs, n) -> new Account(rs.getLong("id"), rs.getString("username"), rs.getString("password_hash"),
                        Role.valueOf(rs.getString("role")), (Integer) rs.getObject("state_id"),
                        (Integer) rs.getObject("district_id"), (Long) rs.getObject("centre_id"), rs.getBoolean("active"),
                        rs.getBoolean("must_change_password")))
                .optional().orElse(null);
    }

    static AuditTrail.Actor actor(Account account) {
        return new AuditTrail.Actor("staff:" + account.id() + ":" + account.username(), account.role().name());
    }
}
