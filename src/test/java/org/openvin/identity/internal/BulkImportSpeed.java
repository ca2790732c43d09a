package org.openvin.identity.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.openvin.OpenVinApplication;
import org.openvin.platform.AuditTrail;
import org.openvin.profile.CountryProfile;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Old against new bulk import in one run, posted over HTTP as {@code bench/run}'s {@code driver
 * import} posts them: CSV bodies of 20,000 rows, two requests in flight, to OpenVIN started
 * in this JVM in demo mode on its own durable embedded database. Prints accepted rows per second.
 * Not a test (no timed asserts). Arguments: rows per run, rows per request, rounds, and
 * {@code old}, {@code new} or {@code both}:
 *
 * <pre>
 * ./mvnw -B -ntp test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -Xmx2g -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *     org.openvin.identity.internal.BulkImportSpeed 100000 20000 2 both
 * </pre>
 */
public final class BulkImportSpeed {

    private static final HttpClient http = HttpClient.newHttpClient();
    private static Path dataDirectory;
    private static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");

    private BulkImportSpeed() {
    }

    /**
     * The old import behind a path of its own, only in this program's application: given to it as
     * a source, and without a stereotype so that no component scan (the tests') ever finds it.
     */
    static class Legacy {

        @Bean
        LegacyEndpoint legacyEndpoint(JdbcClient jdbc, CountryProfile profile, PhotoIds photoIds,
                                      RegisteringBeneficiary registering, AuditTrail audit,
                                      PlatformTransactionManager transactions) {
            return new LegacyEndpoint(new LegacyBulkRegistration(jdbc, profile, photoIds, registering, audit, transactions));
        }

        @RestController
        class LegacyEndpoint {

            private final LegacyBulkRegistration bulk;

            LegacyEndpoint(LegacyBulkRegistration bulk) {
                this.bulk = bulk;
            }

            @PostMapping("/api/v2/admin/beneficiaries/import-legacy")
            LegacyBulkRegistration.Result importBeneficiaries(HttpServletRequest request) throws IOException {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(request.getInputStream(), StandardCharsets.UTF_8))) {
                    return bulk.importLines(reader);
                }
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int chunk = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        String only = args.length > 3 ? args[3] : "both";
        Path dir = Files.createTempDirectory("openvin-import-speed");
        dataDirectory = dir.resolve("postgres");
        ConfigurableApplicationContext app = new SpringApplicationBuilder(OpenVinApplication.class, Legacy.class).run(
                "--server.port=0", "--server.address=127.0.0.1", "--management.server.port=0", "--openvin.demo=true",
                "--openvin.embedded-db.dir=" + dir.resolve("postgres"), "--openvin.keys.dir=" + dir.resolve("keys"),
                "--logging.level.org.openvin.platform.AuditTrail=WARN", "--logging.level.root=WARN");
        try {
            String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
            String token = login(base);
            JdbcClient jdbc = app.getBean(JdbcClient.class);
            System.out.println("fsync=" + jdbc.sql("SHOW fsync").query(String.class).single()
                    + " synchronous_commit=" + jdbc.sql("SHOW synchronous_commit").query(String.class).single()
                    + " full_page_writes=" + jdbc.sql("SHOW full_page_writes").query(String.class).single());
            long next = 0;
            // Warm both paths (JIT) and give the table some people first, as the bench has.
            for (String path : new String[]{"import-legacy", "import"}) {
                if (!only.equals("new") || path.equals("import")) {
                    run(base, token, path, next, 40_000, chunk);
                }
                next += 40_000;
            }
            List<String> lines = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                for (String path : new String[]{"import-legacy", "import"}) {
                    if (only.equals("old") && path.equals("import") || only.equals("new") && path.equals("import-legacy")) {
                        continue;
                    }
                    Figures figures = run(base, token, path, next, rows, chunk);
                    next += rows;
                    lines.add(String.format("round %d %-14s %s", round, path, figures));
                    System.out.println(lines.getLast());
                }
            }
            System.out.println("\n" + rows + " rows per run, " + chunk + " per request, 2 in flight, load average "
                    + Files.readString(Path.of("/proc/loadavg")).substring(0, 14) + ":");
            lines.forEach(System.out::println);
        } finally {
            app.close();
            // Hundreds of megabytes of database per run.
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static String login(String base) throws Exception {
        var answer = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v2/auth/staff/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"national.admin\",\"password\":\"openvin-demo\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]*)\"").matcher(answer.body());
        if (!m.find()) {
            throw new IllegalStateException("login: " + answer.body());
        }
        return m.group(1);
    }

    /**
     * Rows per second, and CPU time per row of this JVM (server and client) and of PostgreSQL: on a
     * machine shared with other work the rate moves with the load, the CPU cost much less.
     */
    record Figures(double perSecond, double jvmMicrosPerRow, double databaseMicrosPerRow) {
        @Override
        public String toString() {
            return String.format("%,9.0f beneficiaries/s   CPU per row: JVM %5.1f µs, PostgreSQL %5.1f µs",
                    perSecond, jvmMicrosPerRow, databaseMicrosPerRow);
        }
    }

    private static long jvmCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
    }

    /** CPU time of each of the server's processes, by id and title (backends, WAL writer, ...): {@code -DperProcess=true}. */
    private static Map<String, Long> databaseCpuByProcess() {
        Map<String, Long> cpu = new TreeMap<>();
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(dataDirectory.toString()))
                .flatMap(p -> Stream.concat(Stream.of(p), p.children()))
                .forEach(p -> {
                    String title;
                    try {
                        title = Files.readString(Path.of("/proc/" + p.pid() + "/cmdline")).replace('\0', ' ').strip();
                    } catch (IOException e) {
                        title = "?";
                    }
                    cpu.put(p.pid() + " " + title.substring(0, Math.min(50, title.length())),
                            p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L));
                });
        return cpu;
    }

    /** The embedded server (its command names the data directory) and its processes, the backends among them. */
    private static long databaseCpuNanos() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(dataDirectory.toString()))
                .flatMap(p -> Stream.concat(Stream.of(p), p.children()))
                .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
    }

    /** Posts {@code rows} new people (from {@code first} on) as the bench does; returns accepted per second. */
    private static Figures run(String base, String token, String path, long first, int rows, int chunk) throws Exception {
        List<String> bodies = new ArrayList<>();
        for (int from = 0; from < rows; from += chunk) {
            StringBuilder csv = new StringBuilder("mobile,name,birth_year,gender_id,photo_id_type,photo_id_number\n");
            for (int i = from; i < Math.min(rows, from + chunk); i++) {
                long n = first + i;
                csv.append(8_000_000_000L + n / 3).append(",Imported Person,").append(1950 + n % 50).append(',')
                        .append(1 + n % 2).append(",1,").append(TestAadhaar.of(30_000_000_000L + n * 7L)).append('\n');
            }
            bodies.add(csv.toString());
        }
        long started = System.nanoTime();
        long jvmCpu = jvmCpuNanos();
        long databaseCpu = databaseCpuNanos();
        Map<String, Long> perProcess = databaseCpuByProcess();
        int accepted = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<Future<Integer>> answers = new ArrayList<>();
            for (String body : bodies) {
                answers.add(pool.submit(() -> {
                    var answer = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v2/admin/beneficiaries/" + path))
                            .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() != 200) {
                        throw new IllegalStateException(path + " answered " + answer.statusCode() + " " + answer.body());
                    }
                    Matcher m = ACCEPTED.matcher(answer.body());
                    return m.find() ? Integer.parseInt(m.group(1)) : 0;
                }));
            }
            for (Future<Integer> f : answers) {
                accepted += f.get();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (Boolean.getBoolean("perProcess")) {
            Map<String, Long> after = databaseCpuByProcess();
            after.forEach((name, nanos) -> {
                long spent = nanos - perProcess.getOrDefault(name, 0L);
                if (spent > 0) {
                    System.out.printf("    %-60s %6.1f µs/row%n", name, spent / 1e3 / rows);
                }
            });
        }
        if (accepted != rows) {
            System.out.println("  " + path + ": " + accepted + " of " + rows + " accepted");
        }
        return new Figures(accepted / seconds, (jvmCpuNanos() - jvmCpu) / 1e3 / rows, (databaseCpuNanos() - databaseCpu) / 1e3 / rows);
    }
}
