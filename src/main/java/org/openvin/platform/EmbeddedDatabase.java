package org.openvin.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running embedded PostgreSQL and the database OpenVIN uses on it. In shared mode (tests) one
 * server serves the whole JVM and each application context gets a database of its own.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final AtomicInteger databases = new AtomicInteger();
    private static EmbeddedPostgres sharedServer;
    private static int sharedUsers;

    private final EmbeddedPostgres server;
    private final String databaseName;
    private final boolean ownsServer;

    private EmbeddedDatabase(EmbeddedPostgres server, String databaseName, boolean ownsServer) {
        this.server = server;
        this.databaseName = databaseName;
        this.ownsServer = ownsServer;
    }

    static EmbeddedDatabase start(EmbeddedDatabaseProperties properties) {
        if (properties.shared()) {
            EmbeddedPostgres server = sharedServer(properties);
            synchronized (EmbeddedDatabase.class) {
                sharedUsers++;
            }
            String name = "openvin_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
            execute(server, "CREATE DATABASE " + name);
            return new EmbeddedDatabase(server, name, false);
        }
        EmbeddedPostgres server = startServer(properties, properties.dir());
        execute(server, "SELECT 1");
        ensureDatabase(server, "openvin");
        return new EmbeddedDatabase(server, "openvin", true);
    }

    /** The shared server of this JVM, for tests and tools that start OpenVIN more than once. */
    public static synchronized EmbeddedPostgres sharedServer(EmbeddedDatabaseProperties properties) {
        if (sharedServer == null) {
            try {
                Path dir = Files.createTempDirectory("openvin-pg-");
                sharedServer = startServer(properties, dir);
                // Application contexts close in their own shutdown hook and still need the server
                // then; this hook waits for the last of them before stopping it.
                Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedDatabase::stopSharedServerWhenUnused));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sharedServer;
    }

    private static EmbeddedPostgres startServer(EmbeddedDatabaseProperties properties, Path dir) {
        try {
            Files.createDirectories(dir);
            long started = System.nanoTime();
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dir.toFile())
                    .setCleanDataDirectory(false)
                    // We stop the server ourselves, after the application has finished with it;
                    // zonky's own hook would race the application's graceful shutdown.
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("shared_buffers", "256MB")
                    .setServerConfig("work_mem", "8MB")
                    .setServerConfig("max_wal_size", "2GB");
            if (!properties.durable()) {
                builder.setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off");
            }
            if (properties.port() > 0) {
                builder.setPort(properties.port());
            }
            EmbeddedPostgres server = builder.start();
            log.info("Embedded PostgreSQL up on port {} with data in {} ({} ms)", server.getPort(),
                    dir.toAbsolutePath().normalize(), (System.nanoTime() - started) / 1_000_000);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dir, e);
        }
    }

    private static void ensureDatabase(EmbeddedPostgres server, String name) {
        try (Connection c = server.getPostgresDatabase().getConnection();
             Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
            if (!rs.next()) {
                s.execute("CREATE DATABASE " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name, e);
        }
    }

    private static void execute(EmbeddedPostgres server, String sql) {
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Embedded PostgreSQL refused: " + sql, e);
        }
    }

    public String jdbcUrl() {
        return server.getJdbcUrl("postgres", databaseName);
    }

    public int port() {
        return server.getPort();
    }

    public String databaseName() {
        return databaseName;
    }

    @Override
    public void close() {
        if (ownsServer) {
            closeQuietly(server);
        } else {
            synchronized (EmbeddedDatabase.class) {
                sharedUsers--;
                EmbeddedDatabase.class.notifyAll();
            }
        }
    }

    private static void stopSharedServerWhenUnused() {
        synchronized (EmbeddedDatabase.class) {
            long deadline = System.currentTimeMillis() + 15_000;
            while (sharedUsers > 0 && System.currentTimeMillis() < deadline) {
                try {
                    EmbeddedDatabase.class.wait(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            closeQuietly(sharedServer);
        }
    }

    private static void closeQuietly(EmbeddedPostgres server) {
        try {
            server.close();
        } catch (IOException e) {
            log.warn("Embedded PostgreSQL did not stop cleanly", e);
        }
    }
}
