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

    /**
     * The account of this mobile, created on first login. The language the citizen logged in with
     * (null: none asked for) becomes the account's, for its SMS and printed documents.
     */
    Account loginOrRegister(String mobile, String language) {
        return jdbc.sql("""
                        INSERT INTO citizen_account (mobile, language) VALUES (?, ?)
                        ON CONFLICT (mobile) DO UPDATE SET updated_at = now(),
                            language = COALESCE(EXCLUDED.language, citizen_account.language)
                        RETURNING id, mobile, (xmax = 0) AS is_new""")
                .params(mobile, language)
                .query((rs, n) -> new Account(rs.getLong("id"), rs.getString("mobile"), rs.getBoolean("is_new")))
                .single();
    }

    /** The citizen switched the pages to another language: the account follows. */
    void rememberLanguage(long accountId, String language) {
        jdbc.sql("UPDATE citizen_account SET language = ?, updated_at = now() WHERE id = ? AND language IS DISTINCT FROM ?")
                .params(language, accountId, language).update();
    }
}
