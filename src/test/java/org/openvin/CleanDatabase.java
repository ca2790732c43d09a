package org.openvin;

import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/** Empties every table OpenVIN owns (not Flyway's history) before a test class runs. */
public class CleanDatabase implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        JdbcClient jdbc = SpringExtension.getApplicationContext(context).getBean(JdbcClient.class);
        List<String> tables = jdbc.sql("""
                SELECT quote_ident(tablename) FROM pg_tables
                WHERE schemaname = current_schema() AND tablename <> 'flyway_schema_history'
                """).query(String.class).list();
        if (!tables.isEmpty()) {
            // Citizen account ids are never handed out twice, as in production: what a node keeps
            // per account in memory (booking-attempt limits) must not pass to the next class's citizens.
            long accounts = jdbc.sql("SELECT last_value FROM citizen_account_id_seq").query(Long.class).single();
            // The audit table refuses DELETE row by row, but TRUNCATE is allowed for tests. It locks
            // the tables one after another while the node's background work (queue drains, polls)
            // may hold some of them: PostgreSQL then breaks the deadlock by failing one side, and
            // if that is us, we try again.
            for (int attempt = 1; ; attempt++) {
                try {
                    jdbc.sql("TRUNCATE " + String.join(", ", tables) + " RESTART IDENTITY CASCADE").update();
                    break;
                } catch (PessimisticLockingFailureException e) {
                    if (attempt == 5) {
                        throw e;
                    }
                }
            }
            jdbc.sql("SELECT setval('citizen_account_id_seq', ?)").param(accounts).query(Long.class).single();
        }
    }
}
