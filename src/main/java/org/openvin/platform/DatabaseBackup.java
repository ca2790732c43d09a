package org.openvin.platform;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code backup} and {@code restore} of OpenVIN's database, for the embedded PostgreSQL (whose
 * binaries carry no pg_dump) and for any server OpenVIN can reach. A backup is a folder: a
 * manifest (schema version, sequences, tables) and one gzipped {@code COPY} file per table, all
 * read in one repeatable-read transaction, so it is consistent while the service keeps running.
 * A restore goes into an empty database: Flyway builds the schema of the backup's version, then
 * every table is loaded with foreign-key triggers held back until all rows are in, in one
 * transaction — it all arrives or nothing does. Keys are not in the database: back up
 * {@code openvin.keys.dir} separately (docs/OPERATIONS.md).
 */
public final class DatabaseBackup {

    public static final String BACKUP = "backup";
    public static final String RESTORE = "restore";
    private static final String MANIFEST = "manifest.properties";

    private DatabaseBackup() {
    }

    /** Runs {@code backup --to=DIR} or {@code restore --from=DIR}; the exit code for the shell. */
    public static int run(String[] args) {
        // Without Spring Boot's logging set-up, Logback would print every library's debug lines.
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.INFO);
        }
        Map<String, String> options = options(args);
        try {
            if (List.of(args).contains(BACKUP)) {
                Path to = Path.of(required(options, "to"));
                try (Database database = Database.open(options)) {
                    Properties manifest = backup(database.connection(), to);
                    System.out.println("Backed up " + manifest.getProperty("tables.count") + " tables ("
                            + manifest.getProperty("rows") + " rows, schema version " + manifest.getProperty("schema.version")
                            + ") to " + to.toAbsolutePath());
                }
            } else {
                Path from = Path.of(required(options, "from"));
                try (Database database = Database.open(options)) {
                    long rows = restore(database.connection(), database.url(), database.user(), database.password(), from);
                    System.out.println("Restored " + rows + " rows from " + from.toAbsolutePath());
                }
            }
            return 0;
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println(e.getMessage());
            return 2;
        } catch (IOException | SQLException e) {
            System.err.println("Failed: " + e.getMessage());
            return 1;
        }
    }

    /** Writes a consistent copy of every table of {@code db} into {@code to}, which must not exist or be empty. */
    public static Properties backup(Connection db, Path to) throws SQLException, IOException {
        if (Files.isDirectory(to) && Files.list(to).findAny().isPresent()) {
            throw new IllegalArgumentException("The backup folder " + to + " is not empty");
        }
        Files.createDirectories(to);
        db.setAutoCommit(false);
        try (Statement s = db.createStatement()) {
            s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            Properties manifest = new Properties();
            manifest.setProperty("created_at", Instant.now().toString());
            manifest.setProperty("schema.version", schemaVersion(s));
            List<String> tables = tables(s);
            long rows = 0;
            for (int i = 0; i < tables.size(); i++) {
                String table = tables.get(i);
                manifest.setProperty("table." + i, table);
                try (OutputStream out = new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(to.resolve(table + ".copy.gz"))))) {
                    rows += db.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY public.\"" + table + "\" TO STDOUT", out);
                }
            }
            manifest.setProperty("tables.count", String.valueOf(tables.size()));
            manifest.setProperty("rows", String.valueOf(rows));
            try (ResultSet rs = s.executeQuery("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'")) {
                while (rs.next()) {
                    long value = rs.getLong(2);
                    if (!rs.wasNull()) {
                        manifest.setProperty("sequence." + rs.getString(1), String.valueOf(value));
                    }
                }
            }
            db.commit();
            try (OutputStream out = Files.newOutputStream(to.resolve(MANIFEST))) {
                manifest.store(out, "OpenVIN database backup");
            }
            return manifest;
        } finally {
            db.rollback();
            db.setAutoCommit(true);
        }
    }

    /** Loads a backup into the empty database {@code db}; the number of rows loaded. */
    public static long restore(Connection db, String url, String user, String password, Path from) throws SQLException, IOException {
        Properties manifest = new Properties();
        try (InputStream in = Files.newInputStream(from.resolve(MANIFEST))) {
            manifest.load(in);
        }
        try (Statement s = db.createStatement()) {
            if (!tables(s).isEmpty()) {
                throw new IllegalStateException("The database already has tables: restore only into an empty database "
                        + "(a new data directory, or a new database on your server)");
            }
        }
        String version = manifest.getProperty("schema.version");
        Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration").target(version)
                .load().migrate();
        db.setAutoCommit(false);
        long rows = 0;
        try (Statement s = db.createStatement()) {
            // Rows arrive table by table; foreign keys are whole again once all are in.
            s.execute("SET LOCAL session_replication_role = replica");
            List<String> migrated = tables(s);
            if (!migrated.isEmpty()) {
                s.execute("TRUNCATE " + String.join(", ", migrated.stream().map(t -> "public.\"" + t + "\"").toList()));
            }
            int count = Integer.parseInt(manifest.getProperty("tables.count"));
            for (int i = 0; i < count; i++) {
                String table = manifest.getProperty("table." + i);
                try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(from.resolve(table + ".copy.gz"))))) {
                    rows += db.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY public.\"" + table + "\" FROM STDIN", in);
                }
            }
            for (String key : new TreeMap<>(Map.copyOf(manifest)).keySet().stream().map(Object::toString).toList()) {
                if (key.startsWith("sequence.")) {
                    s.execute("SELECT setval('public.\"" + key.substring("sequence.".length()) + "\"', "
                            + Long.parseLong(manifest.getProperty(key)) + ")");
                }
            }
            db.commit();
        } catch (SQLException | IOException | RuntimeException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(true);
        }
        if (rows != Long.parseLong(manifest.getProperty("rows"))) {
            throw new IllegalStateException("Restored " + rows + " rows, the backup holds " + manifest.getProperty("rows"));
        }
        return rows;
    }

    private static String schemaVersion(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL "
                + "ORDER BY installed_rank DESC LIMIT 1")) {
            if (!rs.next()) {
                throw new IllegalStateException("No Flyway schema history: is this an OpenVIN database?");
            }
            return rs.getString(1);
        }
    }

    private static List<String> tables(Statement s) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                + "AND tablename <> 'flyway_schema_history' ORDER BY tablename")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new TreeMap<>();
        for (String arg : args) {
            if (arg.startsWith("--") && arg.contains("=")) {
                options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            }
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Missing --" + name + "=<folder>");
        }
        return value;
    }

    /**
     * The database to back up or restore into: {@code --spring.datasource.url} (with username and
     * password) when given; else the embedded server of {@code --openvin.embedded-db.dir}
     * (default ./data/postgres), reached where it runs or started for the command and stopped after.
     */
    private record Database(Connection connection, String url, String user, String password,
                            Optional<EmbeddedDatabase> startedHere) implements AutoCloseable {

        static Database open(Map<String, String> options) throws SQLException, IOException {
            String url = options.get("spring.datasource.url");
            if (url != null) {
                String user = options.getOrDefault("spring.datasource.username", System.getenv("SPRING_DATASOURCE_USERNAME"));
                String password = options.getOrDefault("spring.datasource.password", System.getenv("SPRING_DATASOURCE_PASSWORD"));
                return new Database(DriverManager.getConnection(url, user, password), url, user, password, Optional.empty());
            }
            Path dir = Path.of(options.getOrDefault("openvin.embedded-db.dir", "./data/postgres")).toAbsolutePath().normalize();
            Optional<Integer> runningPort = runningPort(dir);
            if (runningPort.isPresent()) {
                String password = Files.readString(EmbeddedDatabase.secretFileOf(dir)).strip();
                String jdbc = "jdbc:postgresql://localhost:" + runningPort.get() + "/openvin";
                return new Database(DriverManager.getConnection(jdbc, EmbeddedDatabase.SUPERUSER, password), jdbc,
                        EmbeddedDatabase.SUPERUSER, password, Optional.empty());
            }
            EmbeddedDatabase started = EmbeddedDatabase.start(new EmbeddedDatabaseProperties(dir, 0, false, true));
            started.logStartup();
            try {
                return new Database(DriverManager.getConnection(started.jdbcUrl(), started.username(), started.password()),
                        started.jdbcUrl(), started.username(), started.password(), Optional.of(started));
            } catch (SQLException e) {
                started.close();
                throw e;
            }
        }

        /** The port of the server running on {@code dir}, if one is (the service is up: a hot backup). */
        private static Optional<Integer> runningPort(Path dir) throws IOException {
            Path pidFile = dir.resolve("postmaster.pid");
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.size() < 4 || !lines.getFirst().strip().matches("\\d+")) {
                return Optional.empty();
            }
            boolean alive = ProcessHandle.of(Long.parseLong(lines.getFirst().strip())).map(ProcessHandle::isAlive).orElse(false);
            return alive ? Optional.of(Integer.parseInt(lines.get(3).strip())) : Optional.empty();
        }

        @Override
        public void close() {
            try {
                connection.close();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            } finally {
                startedHere.ifPresent(EmbeddedDatabase::close);
            }
        }
    }
}
