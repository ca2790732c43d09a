package org.openvin;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import javax.sql.DataSource;

/** What a second OpenVIN process needs to reach this test's database: the embedded server asks for a password. */
public final class TestDatabase {

    private TestDatabase() {
    }

    public static String password(DataSource dataSource) {
        try {
            return dataSource.unwrap(HikariDataSource.class).getPassword();
        } catch (SQLException e) {
            throw new IllegalStateException("Not a Hikari pool", e);
        }
    }
}
