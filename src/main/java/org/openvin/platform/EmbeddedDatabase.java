package org.openvin.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;

/**
 * A running embedded PostgreSQL and the database OpenVIN uses on it. In shared mode (tests) one
 * server serves the whole JVM and each application context gets a database of its own.
 *
 * <p>Run as a service, not a demo: the server listens on localhost only and asks every client
 * for the password (SCRAM), a secret generated on first start and kept beside the data
 * ({@code <dir>.password}, owner-only); fsync, synchronous commit and full-page writes are set
 * explicitly, because the library's defaults are for throw-away test databases. The server's log
 * goes to {@code <dir>.log}. A server left running by a killed application is found through its
 * {@code postmaster.pid} and stopped before a new one starts on the same data.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final AtomicInteger databases = new AtomicInteger();
    private static final SecureRandom random = new SecureRandom();
    static final String SUPERUSER = "postgres";
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(120);

    private static EmbeddedDatabase sharedServer;
    /** The temporary directory the shared server lives in, removed when it stops. */
    private static Path sharedServerHome;
    private static int sharedUsers;

    private final EmbeddedPostgres server;
    private final String databaseName;
    private final String password;
    private final Path dataDirectory;
    private final boolean ownsServer;
    /**
     * What happened while starting, logged by {@link #logStartup()}: the server starts while
     * Spring Boot is still setting up logging, and lines logged then are dropped.
     */
    private final List<Note> notes = new ArrayList<>();

    private record Note(boolean warning, String text) {
    }

    private EmbeddedDatabase(EmbeddedPostgres server, String databaseName, String password, Path dataDirectory,
                             boolean ownsServer) {
        this.server = server;
        this.databaseName = databaseName;
        this.password = password;
        this.dataDirectory = dataDirectory;
        this.ownsServer = ownsServer;
    }

    static EmbeddedDatabase start(EmbeddedDatabaseProperties properties) {
        if (properties.shared()) {
            EmbeddedDatabase shared = sharedServer(properties);
            synchronized (EmbeddedDatabase.class) {
                sharedUsers++;
            }
            String name = "openvin_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
            shared.execute("CREATE DATABASE " + name);
            return new EmbeddedDatabase(shared.server, name, shared.password, shared.dataDirectory, false);
        }
        EmbeddedDatabase started = startServer(properties, properties.dir(), "openvin");
        started.ensureDatabase();
        return started;
    }

    /** The shared server of this JVM, for tests and tools that start OpenVIN more than once. */
    public static synchronized EmbeddedDatabase sharedServer(EmbeddedDatabaseProperties properties) {
        if (sharedServer == null) {
            try {
                sharedServerHome = Files.createTempDirectory("openvin-pg-");
                sharedServer = startServer(properties, sharedServerHome.resolve("postgres"), "postgres");
                // Application contexts close in their own shutdown hook and still need the server
                // then; this hook waits for the last of them before stopping it.
                Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedDatabase::stopSharedServerWhenUnused));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sharedServer;
    }

    /** Starts a server of its own on {@code dir}, serving {@code databaseName} (created if missing). */
    public static EmbeddedDatabase startServer(EmbeddedDatabaseProperties properties, Path dir, String databaseName) {
        Path data = dir.toAbsolutePath().normalize();
        Path secretFile = secretFileOf(data);
        Path logFile = data.resolveSibling(data.getFileName() + ".log");
        List<Note> notes = new ArrayList<>();
        try {
            Files.createDirectories(data);
            refuseIfInUseByAnotherApplication(data);
            stopServerLeftRunning(data, notes);
            boolean fresh = !Files.exists(data.resolve("postgresql.conf"));
            boolean hadSecret = Files.exists(secretFile);
            String password = hadSecret ? Files.readString(secretFile).strip() : newSecret();
            if (!hadSecret && fresh) {
                writeOwnerOnly(secretFile, password);
            }
            long started = System.nanoTime();
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(data.toFile())
                    .setCleanDataDirectory(false)
                    // We stop the server ourselves, after the application has finished with it;
                    // zonky's own hook would race the application's graceful shutdown.
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(STARTUP_WAIT)
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setConnectConfig("password", password)
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("shared_buffers", "256MB")
                    .setServerConfig("work_mem", "8MB")
                    .setServerConfig("max_wal_size", "2GB");
            properties.settings().forEach((name, value) -> builder.setServerConfig(settingName(name), value));
            // The library starts the server with -F and synchronous_commit=off; a later -c wins,
            // so durability is stated here either way (after the free settings, so they cannot
            // turn it off) and read back from the server below.
            String durable = properties.durable() ? "on" : "off";
            builder.setServerConfig("fsync", durable)
                    .setServerConfig("synchronous_commit", durable)
                    .setServerConfig("full_page_writes", durable);
            if (fresh) {
                // initdb: the superuser gets the password at once; no moment of "trust".
                builder.setLocaleConfig("pwfile", secretFile.toString())
                        .setLocaleConfig("auth-host", "scram-sha-256")
                        .setLocaleConfig("auth-local", "scram-sha-256");
            }
            if (properties.port() > 0) {
                builder.setPort(properties.port());
            }
            EmbeddedPostgres server;
            try {
                server = builder.start();
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("The embedded PostgreSQL did not start on " + data
                        + ". Its log " + logFile + " ends with:\n" + tail(logFile, 15), e);
            }
            EmbeddedDatabase database = new EmbeddedDatabase(server, databaseName, password, data, true);
            if (!hadSecret && !fresh) {
                // A data directory from a version that trusted local connections: set the password now.
                database.execute("ALTER ROLE " + SUPERUSER + " PASSWORD '" + password + "'");
                writeOwnerOnly(secretFile, password);
            }
            if (writeAccessRules(data)) {
                database.execute("SELECT pg_reload_conf()");
            }
            notes.add(new Note(false, "Embedded PostgreSQL up on localhost:%d with data in %s (%d ms); password in %s, log in %s"
                    .formatted(server.getPort(), data, (System.nanoTime() - started) / 1_000_000, secretFile, logFile)));
            database.notes.addAll(notes);
            return database;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + data, e);
        }
    }

    /** A PostgreSQL setting name from a property key: {@code commit-delay} is {@code commit_delay}. */
    private static String settingName(String key) {
        String name = key.replace('-', '_').toLowerCase(java.util.Locale.ROOT);
        if (!name.matches("[a-z][a-z0-9_.]*")) {
            throw new IllegalArgumentException("Not a PostgreSQL setting name: " + key);
        }
        return name;
    }

    /** Where the superuser password of the server on {@code dataDirectory} is kept. */
    public static Path secretFileOf(Path dataDirectory) {
        Path data = dataDirectory.toAbsolutePath().normalize();
        return data.resolveSibling(data.getFileName() + ".password");
    }

    private static String newSecret() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void writeOwnerOnly(Path file, String content) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try {
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the directory's own protection has to do.
        }
        Files.writeString(temp, content + "\n");
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Only local connections, each with the password; true if the file had to change. */
    private static boolean writeAccessRules(Path data) throws IOException {
        String rules = """
                # Written by OpenVIN at every start: local connections only, each with the password (SCRAM).
                local   all             all                     scram-sha-256
                host    all             all     127.0.0.1/32    scram-sha-256
                host    all             all     ::1/128         scram-sha-256
                local   replication     all                     scram-sha-256
                host    replication     all     127.0.0.1/32    scram-sha-256
                host    replication     all     ::1/128         scram-sha-256
                """;
        Path hba = data.resolve("pg_hba.conf");
        if (Files.exists(hba) && Files.readString(hba).equals(rules)) {
            return false;
        }
        Files.writeString(hba, rules);
        return true;
    }

    /**
     * Another live OpenVIN holds the library's lock file in the data directory: two servers on one
     * data directory would corrupt it, so this start stops here.
     */
    private static void refuseIfInUseByAnotherApplication(Path data) throws IOException {
        Path lockFile = data.resolve("epg-lock");
        if (!Files.exists(lockFile)) {
            return;
        }
        try (FileOutputStream stream = new FileOutputStream(lockFile.toFile(), true);
             FileLock lock = stream.getChannel().tryLock()) {
            if (lock == null) {
                throw new IllegalStateException("The data directory " + data
                        + " is in use by another running OpenVIN; stop it first or set openvin.embedded-db.dir");
            }
        } catch (OverlappingFileLockException e) {
            throw new IllegalStateException("The data directory " + data + " is already in use in this JVM", e);
        }
    }

    /**
     * After {@code kill -9} of the application, its PostgreSQL lives on (re-parented to init) and
     * keeps the data directory. The postmaster.pid names it and the directory it serves: stop it
     * with a fast shutdown (open transactions roll back, everything committed is on disk), and
     * only then start ours. A pid file of a dead server is left to PostgreSQL, which recovers from
     * its WAL on start.
     */
    private static void stopServerLeftRunning(Path data, List<Note> notes) throws IOException {
        Path pidFile = data.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.size() < 2 || !lines.getFirst().strip().matches("\\d+")) {
            return;
        }
        long pid = Long.parseLong(lines.getFirst().strip());
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            notes.add(new Note(true, "PostgreSQL on %s was not shut down cleanly (process %d is gone); it recovers from its WAL now"
                    .formatted(data, pid)));
            return;
        }
        String command = process.get().info().command().orElse("");
        boolean servesThisDirectory = Files.exists(Path.of(lines.get(1).strip()))
                && Files.isSameFile(Path.of(lines.get(1).strip()), data);
        if (!command.endsWith("postgres") || !servesThisDirectory) {
            // The pid was reused by an unrelated program: the pid file is stale.
            notes.add(new Note(true, "Removed the stale %s (process %d is '%s', not this directory's PostgreSQL)"
                    .formatted(pidFile, pid, command)));
            Files.delete(pidFile);
            return;
        }
        notes.add(new Note(true, ("PostgreSQL (process %d) from an earlier run still held %s: the application before this "
                + "one did not stop it (killed?). Stopped it (fast shutdown) to start again on the same data.").formatted(pid, data)));
        Path pgCtl = Path.of(command).resolveSibling("pg_ctl");
        try {
            Process stop = new ProcessBuilder(pgCtl.toString(), "-D", data.toString(), "stop", "-m", "fast", "-w", "-t", "60")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            stop.waitFor(90, TimeUnit.SECONDS);
            if (!waitForExit(process.get(), Duration.ofSeconds(5))) {
                process.get().destroy();
                if (!waitForExit(process.get(), Duration.ofSeconds(30))) {
                    // Safe with fsync on: what was committed is in the WAL and replays at start.
                    process.get().destroyForcibly();
                    waitForExit(process.get(), Duration.ofSeconds(10));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (process.get().isAlive()) {
            throw new IllegalStateException("PostgreSQL process " + pid + " still holds " + data
                    + " and did not stop. Stop it yourself (kill -INT " + pid + ") and start OpenVIN again.");
        }
    }

    private static boolean waitForExit(ProcessHandle process, Duration within) {
        try {
            process.onExit().get(within.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return !process.isAlive();
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void ensureDatabase() {
        try (Connection c = server.getPostgresDatabase().getConnection();
             Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + databaseName + "'")) {
            if (!rs.next()) {
                s.execute("CREATE DATABASE " + databaseName);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + databaseName, e);
        }
    }

    private void execute(String sql) {
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Embedded PostgreSQL refused: " + sql.replaceAll("'[^']*'", "'…'"), e);
        }
    }

    /** Logs what happened while the server started, once logging is set up. */
    void logStartup() {
        for (Note note : notes) {
            if (note.warning()) {
                log.warn(note.text());
            } else {
                log.info(note.text());
            }
        }
        notes.clear();
    }

    public String jdbcUrl() {
        return server.getJdbcUrl(SUPERUSER, databaseName);
    }

    public String username() {
        return SUPERUSER;
    }

    public String password() {
        return password;
    }

    public int port() {
        return server.getPort();
    }

    public String databaseName() {
        return databaseName;
    }

    public Path dataDirectory() {
        return dataDirectory;
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
            closeQuietly(sharedServer.server);
            // A temporary server's data: left behind, every test run kept about 1 GB in /tmp.
            try {
                FileSystemUtils.deleteRecursively(sharedServerHome);
            } catch (IOException e) {
                log.warn("Could not remove the shared server's directory {}", sharedServerHome, e);
            }
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
