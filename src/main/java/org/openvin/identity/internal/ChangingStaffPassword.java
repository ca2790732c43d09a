package org.openvin.identity.internal;

import java.sql.Timestamp;
import java.time.Clock;
import org.openvin.platform.ApiException;
import org.openvin.platform.AuditTrail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * A staff member replaces their password — the one-time password of a new deployment or of an
 * admin's reset, or simply their own. The current password is checked exactly as a sign-in is
 * (same waits, same answers); the new one must follow {@link StaffPasswordPolicy} and differ from
 * it. The update clears the must-change flag; it and its audit row are one statement each, after
 * the check, so a refused change leaves nothing behind.
 */
@Service
class ChangingStaffPassword {

    private final StaffLogin login;
    private final StaffPasswordPolicy policy;
    private final PasswordEncoder passwords;
    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;
    private final TokenRevocations revocations;

    ChangingStaffPassword(StaffLogin login, StaffPasswordPolicy policy, PasswordEncoder passwords, JdbcClient jdbc,
                          AuditTrail audit, Clock clock, TokenRevocations revocations) {
        this.revocations = revocations;
        this.login = login;
        this.policy = policy;
        this.passwords = passwords;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    StaffLogin.Staff change(String username, String currentPassword, String newPassword, String address) {
        StaffLogin.Account account = login.verify(username, currentPassword, address);
        policy.check(account.username(), newPassword);
        if (newPassword.equals(currentPassword)) {
            throw ApiException.badRequest("STAFF0035", "The new password must differ from the current one")
                    .on("new_password");
        }
        jdbc.sql("""
                        UPDATE staff_account SET password_hash = ?, must_change_password = false,
                               password_changed_at = ?, updated_at = now()
                        WHERE id = ?""")
                .params(passwords.encode(newPassword), Timestamp.from(clock.instant()), account.id())
                .update();
        audit.record(StaffLogin.actor(account), "STAFF_PASSWORD_CHANGE", "staff:" + account.id(),
                account.mustChangePassword() ? "one-time password replaced" : null);
        revocations.staffChangedHere();
        return account.staff();
    }
}
