package org.openvin.identity.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import org.openvin.identity.Role;
import org.openvin.identity.StaffScope;
import org.openvin.platform.ApiException;
import org.openvin.platform.AuditTrail;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Staff log in with username and password; five failures in a row lock the account for 15 minutes. */
@Service
class StaffLogin {

    record Staff(long id, String username, StaffScope scope) {
    }

    static final int MAX_FAILURES = 5;
    static final Duration LOCK = Duration.ofMinutes(15);

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final AuditTrail audit;
    private final Clock clock;
    private final String dummyHash;

    StaffLogin(JdbcClient jdbc, PasswordEncoder passwords, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.audit = audit;
        this.clock = clock;
        this.dummyHash = passwords.encode(java.util.UUID.randomUUID().toString());
    }

    private record Row(long id, String username, String hash, Role role, Integer state, Integer district, Long centre,
                       boolean active, int failures, Timestamp lockedUntil) {
    }

    @Transactional(noRollbackFor = ApiException.class)
    Staff login(String username, String password) {
        if (username == null || username.isBlank() || password == null || password.isEmpty()) {
            throw ApiException.badRequest("STAFF0001", "username and password are required");
        }
        Row row = jdbc.sql("""
                        SELECT id, username, password_hash, role, state_id, district_id, centre_id, active,
                               failed_logins, locked_until
                        FROM staff_account WHERE username = ? FOR UPDATE""")
                .param(username.trim())
                .query((rs, n) -> new Row(rs.getLong("id"), rs.getString("username"), rs.getString("password_hash"),
                        Role.valueOf(rs.getString("role")), (Integer) rs.getObject("state_id"),
                        (Integer) rs.getObject("district_id"), (Long) rs.getObject("centre_id"), rs.getBoolean("active"),
                        rs.getInt("failed_logins"), rs.getTimestamp("locked_until")))
                .optional().orElse(null);
        var actor = new AuditTrail.Actor("staff:" + username.trim(), "STAFF");
        if (row == null) {
            passwords.matches(password, dummyHash); // same cost as a real check: no user enumeration by timing
            audit.record(actor, "STAFF_LOGIN_FAILED", "staff:" + username.trim(), "unknown user");
            throw wrongCredentials();
        }
        if (row.lockedUntil() != null && row.lockedUntil().toInstant().isAfter(clock.instant())) {
            audit.record(actor, "STAFF_LOGIN_FAILED", "staff:" + row.id(), "locked");
            throw new ApiException(HttpStatus.FORBIDDEN, "STAFF0003",
                    "This account is locked after repeated failed logins; try again later or ask an administrator");
        }
        if (!passwords.matches(password, row.hash())) {
            int failures = row.failures() + 1;
            Timestamp lock = failures >= MAX_FAILURES ? Timestamp.from(clock.instant().plus(LOCK)) : null;
            jdbc.sql("UPDATE staff_account SET failed_logins = ?, locked_until = ? WHERE id = ?")
                    .params(lock == null ? failures : 0, lock, row.id()).update();
            audit.record(actor, "STAFF_LOGIN_FAILED", "staff:" + row.id(), lock == null ? "wrong password" : "locked");
            throw wrongCredentials();
        }
        if (!row.active()) {
            audit.record(actor, "STAFF_LOGIN_FAILED", "staff:" + row.id(), "disabled");
            throw new ApiException(HttpStatus.FORBIDDEN, "STAFF0004", "This account has been disabled");
        }
        jdbc.sql("UPDATE staff_account SET failed_logins = 0, locked_until = NULL WHERE id = ?").param(row.id()).update();
        audit.record(new AuditTrail.Actor("staff:" + row.id() + ":" + row.username(), row.role().name()),
                "STAFF_LOGIN", "staff:" + row.id(), null);
        return new Staff(row.id(), row.username(), new StaffScope(row.role(), row.state(), row.district(), row.centre()));
    }

    private static ApiException wrongCredentials() {
        return new ApiException(HttpStatus.UNAUTHORIZED, "STAFF0002", "Wrong username or password");
    }

}
