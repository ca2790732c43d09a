package org.openvin.identity.internal;

import org.openvin.platform.ApiException;
import org.openvin.platform.AuditTrail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The first national admin of a new deployment, created from the command line
 * ({@code java -jar openvin.jar bootstrap-admin --username=...}) with a generated one-time
 * password that must be changed at the first sign-in. Refused once any national admin exists:
 * from then on accounts are made by admins. The transaction holds an advisory lock, so two
 * bootstraps run at once cannot both create one, the check, the insert and its audit.
 */
@Service
class BootstrappingAdmin {

    record Created(long id, String username, String oneTimePassword) {
    }

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final AuditTrail audit;

    BootstrappingAdmin(JdbcClient jdbc, PasswordEncoder passwords, AuditTrail audit) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.audit = audit;
    }

    @Transactional
    Created bootstrap(String username, String name) {
        if (username == null || !username.matches(StaffAdministration.USERNAME)) {
            throw ApiException.badRequest("STAFF0010", "username must be 3 to 64 letters, digits or . _ @ -");
        }
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('openvin.bootstrap-admin'))").query(Object.class).single();
        boolean exists = jdbc.sql("SELECT EXISTS (SELECT 1 FROM staff_account WHERE role = 'NATIONAL_ADMIN')")
                .query(Boolean.class).single();
        if (exists) {
            audit.record(AuditTrail.Actor.SYSTEM, "STAFF_BOOTSTRAP_REFUSED", "staff:" + username,
                    "a national admin exists");
            throw ApiException.conflict("STAFF0034",
                    "A national admin already exists; accounts are created and reset by admins from now on");
        }
        if (jdbc.sql("SELECT EXISTS (SELECT 1 FROM staff_account WHERE username = ?)").param(username)
                .query(Boolean.class).single()) {
            throw ApiException.conflict("STAFF0014", "That username is taken");
        }
        String password = OneTimePasswords.generate();
        long id = jdbc.sql("""
                        INSERT INTO staff_account (username, password_hash, name, role, must_change_password)
                        VALUES (?, ?, ?, 'NATIONAL_ADMIN', true) RETURNING id""")
                .params(username, passwords.encode(password), name == null || name.isBlank() ? "National admin" : name.trim())
                .query(Long.class).single();
        audit.record(AuditTrail.Actor.SYSTEM, "STAFF_BOOTSTRAP", "staff:" + id, "first national admin, one-time password");
        return new Created(id, username, password);
    }
}
