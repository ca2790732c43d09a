package org.openvin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openvin.platform.EmbeddedDatabase;

/**
 * OpenVIN as an operator runs it: its own JVM on its own embedded PostgreSQL kept in a directory,
 * so a test can kill it (or its database) with {@code kill -9} and start it again on the same data.
 */
public final class OpenVinProcess implements AutoCloseable {

    private final Process process;
    private final Path dir;
    private final int port;
    private final Duration startTime;

    private OpenVinProcess(Process process, Path dir, int port, Duration startTime) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.startTime = startTime;
    }

    /** Starts OpenVIN in demo mode on {@code dir} (data in dir/postgres, durable as in production) and waits until it is ready. */
    public static OpenVinProcess start(Path dir, String logName, String... arguments) {
        int port = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx768m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "org.openvin.OpenVinApplication",
                "--server.port=" + port, "--server.address=127.0.0.1", "--management.server.port=0", "--openvin.demo=true",
                "--openvin.embedded-db.dir=" + dir.resolve("postgres"), "--openvin.keys.dir=" + dir.resolve("keys"),
                "--openvin.otp.resend-gap=0s", "--openvin.otp.rate-limit.exempt=127.0.0.1,0:0:0:0:0:0:0:1", "--openvin.public-api.rate-limit.exempt=127.0.0.1,0:0:0:0:0:0:0:1",
                "--openvin.otp.sms-per-minute=100000",
                "--spring.datasource.hikari.maximum-pool-size=16"));
        command.addAll(List.of(arguments));
        long started = System.nanoTime();
        try {
            Path log = Path.of("target", logName + ".log");
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            Api api = new Api(port);
            long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("OpenVIN exited with " + process.exitValue() + "; see " + log);
                }
                try {
                    if (api.get("/actuator/health/readiness").status() == 200) {
                        return new OpenVinProcess(process, dir, port, Duration.ofNanos(System.nanoTime() - started));
                    }
                } catch (RuntimeException notYet) {
                    // still starting
                }
                Thread.sleep(200);
            }
            process.destroyForcibly();
            throw new IllegalStateException("OpenVIN not ready within 150 s; see " + log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Api api() {
        return new Api(port);
    }

    public Duration startTime() {
        return startTime;
    }

    public long pid() {
        return process.pid();
    }

    /** The PostgreSQL postmaster serving this node's data, as its postmaster.pid names it. */
    public static Optional<ProcessHandle> postgres(Path dir) {
        Path pidFile = dir.resolve("postgres").resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            return ProcessHandle.of(Long.parseLong(Files.readAllLines(pidFile).getFirst().strip())).filter(ProcessHandle::isAlive);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code kill -9} of the application alone: its PostgreSQL is left running, as after a real crash of the JVM. */
    public void killApplication() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code kill -9} of the application and its database together, as a power cut would. */
    public void killEverything() {
        Optional<ProcessHandle> postgres = postgres(dir);
        postgres.ifPresent(ProcessHandle::destroyForcibly);
        killApplication();
        postgres.ifPresent(p -> p.onExit().orTimeout(30, TimeUnit.SECONDS).join());
    }

    /** A plain JDBC connection to this node's database, with the password the server was given. */
    public static Connection connect(Path dir) throws SQLException {
        Path data = dir.resolve("postgres");
        try {
            String password = Files.readString(EmbeddedDatabase.secretFileOf(data)).strip();
            int port = Integer.parseInt(Files.readAllLines(data.resolve("postmaster.pid")).get(3).strip());
            return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/openvin", "postgres", password);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The centre of the demo vaccinator account, where demo lots are held. */
    public static long demoVaccinatorCentre(Path dir) throws SQLException {
        try (Connection db = connect(dir); var s = db.createStatement();
             var rs = s.executeQuery("SELECT centre_id FROM staff_account WHERE username = 'vaccinator'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(40, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
