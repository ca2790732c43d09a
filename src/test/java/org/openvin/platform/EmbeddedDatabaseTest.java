package org.openvin.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The embedded PostgreSQL as it runs outside the test suite, read back from the server itself:
 * durable, on localhost only, and closed to anyone without its password.
 */
class EmbeddedDatabaseTest {

    @TempDir
    Path dir;

    @Test
    void outsideTestsItIsDurablePrivateAndAsksForItsPassword() throws Exception {
        EmbeddedDatabaseProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("openvin.embedded-db", EmbeddedDatabaseProperties.class);
        assertThat(defaults.durable()).as("durable unless a test says otherwise").isTrue();
        assertThat(defaults.shared()).isFalse();
        EmbeddedDatabaseProperties properties = new EmbeddedDatabaseProperties(dir.resolve("postgres"), 0, false, true);
        try (EmbeddedDatabase database = EmbeddedDatabase.start(properties)) {
            String url = "jdbc:postgresql://localhost:" + database.port() + "/openvin";
            Path secret = EmbeddedDatabase.secretFileOf(dir.resolve("postgres"));
            assertThat(Files.getPosixFilePermissions(secret)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.readString(secret).strip()).isEqualTo(database.password()).hasSizeGreaterThanOrEqualTo(32);
            try (Connection c = DriverManager.getConnection(url, "postgres", Files.readString(secret).strip());
                 Statement s = c.createStatement()) {
                assertThat(show(s, "fsync")).isEqualTo("on");
                assertThat(show(s, "synchronous_commit")).isEqualTo("on");
                assertThat(show(s, "full_page_writes")).isEqualTo("on");
                assertThat(show(s, "listen_addresses")).isEqualTo("localhost");
                assertThat(show(s, "password_encryption")).isEqualTo("scram-sha-256");
                try (ResultSet rs = s.executeQuery("SELECT DISTINCT auth_method FROM pg_hba_file_rules")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo("scram-sha-256");
                    assertThat(rs.next()).as("one method for every rule").isFalse();
                }
            }
            assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", null).close())
                    .isInstanceOf(SQLException.class).hasMessageContaining("password");
            assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "wrong").close())
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28P01"));
        }
        // A second start on the same data keeps the password and the durability.
        try (EmbeddedDatabase again = EmbeddedDatabase.start(properties);
             Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + again.port() + "/openvin",
                     "postgres", again.password());
             Statement s = c.createStatement()) {
            assertThat(show(s, "fsync")).isEqualTo("on");
        }
    }

    @Test
    void furtherServerSettingsReachTheServerButCannotTurnDurabilityOff() throws Exception {
        EmbeddedDatabaseProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
                "openvin.embedded-db.dir", dir.resolve("settings").toString(),
                "openvin.embedded-db.settings.commit-delay", "10",
                "openvin.embedded-db.settings.commit-siblings", "3",
                "openvin.embedded-db.settings.fsync", "off")))
                .bindOrCreate("openvin.embedded-db", EmbeddedDatabaseProperties.class);
        try (EmbeddedDatabase database = EmbeddedDatabase.start(properties);
             Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + database.port() + "/openvin",
                     "postgres", database.password());
             Statement s = c.createStatement()) {
            assertThat(show(s, "commit_delay")).isEqualTo("10");
            assertThat(show(s, "commit_siblings")).isEqualTo("3");
            assertThat(show(s, "fsync")).as("durability comes from openvin.embedded-db.durable alone").isEqualTo("on");
        }
    }

    @Test
    void aDataDirectoryFromTheTrustingDaysGetsAPassword() throws Exception {
        Path data = dir.resolve("old");
        // As an older OpenVIN left it: initdb with trust, no password file.
        try (var old = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().setDataDirectory(data.toFile())
                .setCleanDataDirectory(false).start()) {
            try (Connection c = old.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE openvin");
            }
        }
        assertThat(EmbeddedDatabase.secretFileOf(data)).doesNotExist();
        try (EmbeddedDatabase database = EmbeddedDatabase.start(new EmbeddedDatabaseProperties(data, 0, false, true))) {
            String url = "jdbc:postgresql://localhost:" + database.port() + "/openvin";
            assertThat(Files.readString(EmbeddedDatabase.secretFileOf(data)).strip()).isEqualTo(database.password());
            DriverManager.getConnection(url, "postgres", database.password()).close();
            assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", null).close())
                    .isInstanceOf(SQLException.class);
        }
    }

    private static String show(Statement s, String setting) throws SQLException {
        try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
