package org.openvin.identity.internal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Citizen accounts: one per verified mobile number. */
@Component
class CitizenAccounts {

    record Account(long id, String mobile, boolean isNew) {
    }

    private final JdbcClient jdbc;

    CitizenAccounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The account of this mobile, created on first login. */
    Account loginOrRegister(String mobile) {
        return jdbc.sql("""
                        INSERT INTO citizen_account (mobile) VALUES (?)
                        ON CONFLICT (mobile) DO UPDATE SET updated_at = now()
                        RETURNING id, mobile, (xmax = 0) AS is_new""")
                .param(mobile)
                .query((rs, n) -> new Account(rs.getLong("id"), rs.getString("mobile"), rs.getBoolean("is_new")))
                .single();
    }
}
