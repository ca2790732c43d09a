package org.openvin.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openvin.identity.internal.TestAadhaar;

/**
 * The benchmark driver behind {@code bench/run}: loads the synthetic country and runs the flows
 * wrk cannot express (OTP login then booking, bulk import, vaccination day). Every figure is
 * appended as {@code key=value} to the results file; {@code report} turns that file into the
 * Markdown table and JSON.
 *
 * <pre>
 * BenchDriver generate    --jdbc URL --user U --password P --seed S --centres N --days N --beneficiaries N --out F --lua F
 * BenchDriver storm       --base URL --jdbc URL --user U --password P --citizens N --sessions N --capacity N --concurrency N --out F
 * BenchDriver vaccination --base URL --jdbc URL --user U --password P --doses N --centres N --concurrency N --beneficiaries N --out F
 * BenchDriver import      --base URL --rows N --chunk N --out F
 * BenchDriver report      --out F --md F --json F
 * </pre>
 */
public final class BenchDriver {

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    private static final Pattern OTP = Pattern.compile("\\b(\\d{6})\\b");
    private static final Pattern JSON_STRING = Pattern.compile("\"%s\"\\s*:\\s*\"([^\"]*)\"");

    private final Map<String, String> args;

    private BenchDriver(Map<String, String> args) {
        this.args = args;
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = 1; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        BenchDriver driver = new BenchDriver(args);
        switch (argv[0]) {
            case "settings" -> driver.settings();
            case "generate" -> driver.generate();
            case "storm" -> driver.storm();
            case "vaccination" -> driver.vaccination();
            case "import" -> driver.bulkImport();
            case "report" -> Report.write(Path.of(args.get("out")), Path.of(args.get("md")), Path.of(args.get("json")));
            default -> throw new IllegalArgumentException("unknown command " + argv[0]);
        }
    }

    private int integer(String name) {
        return Integer.parseInt(args.get(name));
    }

    private void result(String key, Object value) {
        String line = key + "=" + value + "\n";
        System.out.print("  " + line);
        try {
            Files.writeString(Path.of(args.get("out")), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Connection database() throws SQLException {
        return DriverManager.getConnection(args.get("jdbc"), args.getOrDefault("user", "postgres"),
                args.getOrDefault("password", ""));
    }

    /** What the database server says about durability, read back, not taken from the configuration. */
    private void settings() throws SQLException {
        try (Connection c = database(); Statement s = c.createStatement()) {
            for (String name : List.of("server_version", "fsync", "synchronous_commit", "full_page_writes",
                    "shared_buffers", "max_connections")) {
                try (ResultSet rs = s.executeQuery("SHOW " + name)) {
                    rs.next();
                    result("db." + name, rs.getString(1));
                }
            }
        }
    }

    // ---------------------------------------------------------------- the synthetic country

    private void generate() throws Exception {
        var scale = new CountryGenerator.Scale(Long.parseLong(args.get("seed")), integer("centres"), integer("days"),
                integer("beneficiaries"));
        CountryGenerator generator = CountryGenerator.india(scale);
        long started = System.nanoTime();
        try (Connection c = database()) {
            generator.load(c);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long rows = scale.centres() + (long) scale.centres() * scale.days() * 5 + generator.accounts() + scale.beneficiaries();
        result("data.seed", scale.seed());
        result("data.centres", scale.centres());
        result("data.districts", generator.districtIds().size());
        result("data.sessions", (long) scale.centres() * scale.days());
        result("data.beneficiaries", scale.beneficiaries());
        result("data.accounts", generator.accounts());
        result("data.load_seconds", round(seconds));
        result("data.load_rows_per_s", Math.round(rows / seconds));
        // What wrk's Lua script rotates through: every district, every pincode, every day.
        StringBuilder lua = new StringBuilder("return {\n  districts = {");
        lua.append(String.join(",", generator.districtIds().stream().map(String::valueOf).toList())).append("},\n");
        lua.append("  pincodes = {");
        List<String> pins = new ArrayList<>();
        for (int d = 0; d < generator.districtIds().size(); d++) {
            for (int k = 0; k < CountryGenerator.PINCODES_PER_DISTRICT; k++) {
                pins.add("\"" + CountryGenerator.pincode(d, k) + "\"");
            }
        }
        lua.append(String.join(",", pins)).append("},\n  dates = {");
        List<String> dates = new ArrayList<>();
        for (int day = 0; day < scale.days(); day++) {
            dates.add("\"" + LocalDate.now(CountryGenerator.ZONE).plusDays(day)
                    .format(java.time.format.DateTimeFormatter.ofPattern("dd-MM-yyyy")) + "\"");
        }
        lua.append(String.join(",", dates)).append("}\n}\n");
        Files.writeString(Path.of(args.get("lua")), lua);
    }

    // ---------------------------------------------------------------- booking storm

    private record Citizen(String mobile, String beneficiary, String token) {
    }

    private void storm() throws Exception {
        String base = args.get("base");
        int citizens = integer("citizens");
        int sessions = integer("sessions");
        int capacity = integer("capacity");
        int concurrency = integer("concurrency");
        LocalDate day = LocalDate.now(CountryGenerator.ZONE).plusDays(1);
        List<String> labels = org.openvin.scheduling.SlotLabels.forDay(java.time.LocalTime.of(9, 0), java.time.LocalTime.of(17, 0));
        // Scarce sessions: fewer places than citizens, spread over a few centres, all tomorrow.
        List<UUID> storm = new ArrayList<>();
        try (Connection c = database(); Statement s = c.createStatement()) {
            for (int i = 0; i < sessions; i++) {
                UUID id = UUID.nameUUIDFromBytes(("storm-" + i + "-" + day).getBytes(StandardCharsets.UTF_8));
                storm.add(id);
                s.execute("INSERT INTO vaccination_session (id, centre_id, session_date, vaccine, min_age, capacity_dose1, "
                        + "capacity_dose2, slot_labels) VALUES ('" + id + "', " + (CountryGenerator.FIRST_CENTRE + i) + ", '"
                        + day + "', 'COVISHIELD', 18, " + capacity + ", 0, '{" + String.join(",", labels.stream()
                        .map(l -> "\"" + l + "\"").toList()) + "}')");
                int[] shares = org.openvin.scheduling.SlotLabels.share(capacity, labels.size());
                for (int p = 0; p < labels.size(); p++) {
                    s.execute("INSERT INTO session_slot (session_id, position, label, capacity) VALUES ('" + id + "', " + p
                            + ", '" + labels.get(p) + "', " + shares[p] + ")");
                }
            }
        }
        // Every citizen logs in through the real OTP API (demo mode shows the SMS).
        long loginStarted = System.nanoTime();
        List<Citizen> people = parallel(citizens, Math.min(concurrency, 64), a -> {
            String mobile = CountryGenerator.mobile(a);
            String txn = field(post(base + "/api/v2/auth/generateOTP", null, "{\"mobile\":\"" + mobile + "\"}"), "txnId");
            // The SMS leaves through the durable outbox after commit: it may take a moment to arrive.
            String otp = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (otp == null && System.nanoTime() < deadline) {
                Matcher m = OTP.matcher(get(base + "/api/dev/sms?mobile=" + mobile, null).body());
                if (m.find()) {
                    otp = m.group(1);
                } else {
                    Thread.sleep(200);
                }
            }
            if (otp == null) {
                throw new IllegalStateException("no OTP reached " + mobile + " within 60 s");
            }
            var confirmed = post(base + "/api/v2/auth/confirmOTP", null,
                    "{\"otp\":\"" + sha256(otp) + "\",\"txnId\":\"" + txn + "\"}");
            String beneficiary = String.valueOf(CountryGenerator.FIRST_REFERENCE + (5L * a + 1) / 2);
            return new Citizen(mobile, beneficiary, field(confirmed, "token"));
        });
        double loginSeconds = (System.nanoTime() - loginStarted) / 1e9;
        result("storm.citizens", citizens);
        result("storm.logins_per_s", Math.round(citizens / loginSeconds));
        result("storm.places", (long) sessions * capacity);

        // Freshness under load: while the storm runs, a probe reads a hot session's free places from
        // SQL, then from the public answer, every 50 ms. Places only go down in the storm, so a public
        // figure above SQL's is stale, by the time since SQL first showed fewer (a lower bound, to
        // within one probe interval).
        UUID hot = storm.getFirst();
        String hotUrl = base + "/api/v2/appointment/sessions/public/calendarByCenter?center_id=" + CountryGenerator.FIRST_CENTRE
                + "&date=" + day.format(java.time.format.DateTimeFormatter.ofPattern("dd-MM-yyyy"));
        Pattern hotFree = Pattern.compile("\"session_id\":\"" + hot + "\".*?\"available_capacity_dose1\":(\\d+)");
        java.util.concurrent.atomic.AtomicBoolean probing = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicLong worstLag = new java.util.concurrent.atomic.AtomicLong();
        AtomicInteger probes = new AtomicInteger();
        Thread probe = Thread.ofVirtual().start(() -> {
            List<long[]> history = new ArrayList<>(); // {nanoTime, free places in SQL}
            try (Connection c = database();
                 var ps = c.prepareStatement("SELECT capacity_dose1 - booked_dose1 FROM vaccination_session WHERE id = ?")) {
                ps.setObject(1, hot);
                while (probing.get()) {
                    long sql;
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        sql = rs.getLong(1);
                    }
                    history.add(new long[]{System.nanoTime(), sql});
                    Matcher m = hotFree.matcher(get(hotUrl, null).body());
                    long now = System.nanoTime();
                    if (m.find()) {
                        long shown = Long.parseLong(m.group(1));
                        long lag = 0;
                        if (shown > sql) {
                            for (long[] sample : history) {
                                if (sample[1] < shown) {
                                    lag = now - sample[0];
                                    break;
                                }
                            }
                        }
                        worstLag.accumulateAndGet(lag, Math::max);
                        probes.incrementAndGet();
                    }
                    Thread.sleep(50);
                }
            } catch (Exception e) {
                System.err.println("  freshness probe stopped: " + e);
            }
        });

        // The storm: everyone at once, each trying up to five sessions until one has a place.
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger confirmed = new AtomicInteger();
        AtomicInteger full = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long started = System.nanoTime();
        parallel(citizens, concurrency, i -> {
            Citizen citizen = people.get(i);
            SplittableRandom random = new SplittableRandom(i);
            for (int attempt = 0; attempt < 5; attempt++) {
                UUID session = storm.get(random.nextInt(storm.size()));
                String body = "{\"dose\":1,\"session_id\":\"" + session + "\",\"slot\":\"" + labels.get(random.nextInt(labels.size()))
                        + "\",\"beneficiaries\":[\"" + citizen.beneficiary() + "\"]}";
                long t = System.nanoTime();
                var answer = send(HttpRequest.newBuilder(URI.create(base + "/api/v2/appointment/schedule"))
                        .header("Content-Type", "application/json").header("Authorization", "Bearer " + citizen.token())
                        .POST(HttpRequest.BodyPublishers.ofString(body)));
                latencies.add(System.nanoTime() - t);
                if (answer.statusCode() == 200) {
                    confirmed.incrementAndGet();
                    return null;
                }
                if (answer.statusCode() == 409) {
                    full.incrementAndGet();
                } else {
                    if (errors.incrementAndGet() <= 3) {
                        System.err.println("  booking answered " + answer.statusCode() + " " + answer.body());
                    }
                    return null;
                }
            }
            return null;
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        Thread.sleep(1_500); // let the public answer catch up with the last bookings, still probed
        probing.set(false);
        probe.join();
        result("storm.freshness_probes", probes.get());
        result("storm.freshness_worst_lag_ms", round(worstLag.get() / 1e6));
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        result("storm.requests", sorted.length);
        result("storm.confirmed", confirmed.get());
        result("storm.refused_full", full.get());
        result("storm.errors", errors.get());
        result("storm.seconds", round(seconds));
        result("storm.confirmed_per_s", Math.round(confirmed.get() / seconds));
        result("storm.requests_per_s", Math.round(sorted.length / seconds));
        result("storm.p50_ms", round(percentile(sorted, 0.50) / 1e6));
        result("storm.p99_ms", round(percentile(sorted, 0.99) / 1e6));
        // The database is the judge: counters and appointment rows against capacities.
        String sessionList = String.join(",", storm.stream().map(id -> "'" + id + "'").toList());
        try (Connection c = database(); Statement s = c.createStatement()) {
            result("storm.overbooked_sessions", scalar(s, """
                    SELECT count(*) FROM vaccination_session v
                    WHERE v.booked_dose1 > v.capacity_dose1 OR v.booked_dose2 > v.capacity_dose2
                       OR v.booked_booster > v.capacity_booster
                       OR (SELECT count(*) FROM appointment a WHERE a.session_id = v.id AND a.status = 'BOOKED')
                          > v.capacity_dose1 + v.capacity_dose2 + v.capacity_booster"""));
            result("storm.overbooked_slots", scalar(s, """
                    SELECT count(*) FROM session_slot sl
                    WHERE sl.booked > sl.capacity
                       OR (SELECT count(*) FROM appointment a WHERE a.session_id = sl.session_id
                           AND a.slot_position = sl.position AND a.status = 'BOOKED') > sl.capacity"""));
            result("storm.booked_in_db", scalar(s, "SELECT count(*) FROM appointment WHERE status = 'BOOKED' AND session_id IN ("
                    + sessionList + ")"));
            result("storm.counter_mismatches", scalar(s, "SELECT count(*) FROM vaccination_session v WHERE v.id IN ("
                    + sessionList + ") AND v.booked_dose1 <> (SELECT count(*) FROM appointment a WHERE a.session_id = v.id"
                    + " AND a.status = 'BOOKED')"));
        }
    }

    // ---------------------------------------------------------------- vaccination day

    /**
     * Vaccinators recording doses, certificates issued. {@code centres} synthetic centres each get a
     * vaccinator account (through the staff API, as a national admin) and enough vials of the demo
     * COVISHIELD lot (through the stock API). Then {@code doses} walk-ins — synthetic beneficiaries
     * the storm never touches — get their first dose from {@code concurrency} virtual threads, each
     * call with its own Idempotency-Key, spread over the centres. Certificates are issued from the
     * dose's event after commit, so the figure that counts is end to end: from the first dose posted
     * to the last certificate signed, read in SQL.
     */
    private void vaccination() throws Exception {
        String base = args.get("base");
        int doses = integer("doses");
        int centres = integer("centres");
        int concurrency = integer("concurrency");
        String admin = field(post(base + "/api/v2/auth/staff/login", null,
                "{\"username\":\"national.admin\",\"password\":\"openvin-demo\"}"), "token");
        String runId = Long.toString(System.currentTimeMillis(), 36);
        int vialsEach = doses / centres / 10 + 2;
        List<String> vaccinators = new ArrayList<>();
        List<Long> centreIds = new ArrayList<>();
        for (int c = 0; c < centres; c++) {
            long centre = CountryGenerator.FIRST_CENTRE + 5_000 + c;
            String username = "bench.vaccinator." + runId + "." + c;
            var created = post(base + "/api/v2/admin/staff", admin, "{\"username\":\"" + username
                    + "\",\"password\":\"bench vaccinator passphrase\",\"name\":\"Bench Vaccinator " + c
                    + "\",\"role\":\"VACCINATOR\",\"center_id\":" + centre + "}");
            if (created.statusCode() != 201) {
                throw new IllegalStateException("staff API answered " + created.statusCode() + " " + created.body());
            }
            var received = post(base + "/api/v2/admin/stock/receipts", admin, "{\"center_id\":" + centre
                    + ",\"vaccine\":\"COVISHIELD\",\"lot_number\":\"DEMO-COVISHIELD\",\"vials\":" + vialsEach + "}");
            if (received.statusCode() != 201) {
                throw new IllegalStateException("stock API answered " + received.statusCode() + " " + received.body());
            }
            vaccinators.add(field(post(base + "/api/v2/auth/staff/login", null, "{\"username\":\"" + username
                    + "\",\"password\":\"bench vaccinator passphrase\"}"), "token"));
            centreIds.add(centre);
        }
        // Beneficiaries from the upper half of the synthetic population: the storm books the lower part.
        long firstBeneficiary = CountryGenerator.FIRST_REFERENCE + integer("beneficiaries") / 2;
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger recorded = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        long started = System.nanoTime();
        parallel(doses, concurrency, i -> {
            int c = i % centres;
            String body = "{\"beneficiary_reference_id\":\"" + (firstBeneficiary + i) + "\",\"center_id\":" + centreIds.get(c)
                    + ",\"vaccine\":\"COVISHIELD\",\"vaccine_batch\":\"DEMO-COVISHIELD\",\"dose\":1}";
            long t = System.nanoTime();
            var answer = send(HttpRequest.newBuilder(URI.create(base + "/api/v2/vaccinator/vaccinations"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + vaccinators.get(c))
                    .header("Idempotency-Key", "bench-" + runId + "-" + i).POST(HttpRequest.BodyPublishers.ofString(body)));
            latencies.add(System.nanoTime() - t);
            if (answer.statusCode() == 201) {
                recorded.incrementAndGet();
            } else if (refused.incrementAndGet() <= 3) {
                System.err.println("  vaccination answered " + answer.statusCode() + " " + answer.body());
            }
            return null;
        });
        double recordingSeconds = (System.nanoTime() - started) / 1e9;
        String ours = "v.centre_id IN (" + String.join(",", centreIds.stream().map(String::valueOf).toList()) + ")";
        String backlogSql = "SELECT count(*) FROM vaccination v WHERE " + ours
                + " AND NOT EXISTS (SELECT 1 FROM certificate c WHERE c.vaccination_id = v.id)";
        long backlogAtEnd;
        long backlog;
        double endToEndSeconds;
        try (Connection c = database(); Statement s = c.createStatement()) {
            backlogAtEnd = scalar(s, backlogSql);
            backlog = backlogAtEnd;
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (backlog > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                backlog = scalar(s, backlogSql);
            }
            endToEndSeconds = (System.nanoTime() - started) / 1e9;
            result("vaccination.doses_in_db", scalar(s, "SELECT count(*) FROM vaccination v WHERE " + ours));
            result("vaccination.certificates_in_db", scalar(s, "SELECT count(*) FROM certificate c JOIN vaccination v"
                    + " ON v.id = c.vaccination_id WHERE " + ours));
            result("vaccination.doses_twice", scalar(s, "SELECT count(*) FROM (SELECT beneficiary_id FROM vaccination v WHERE "
                    + ours + " GROUP BY beneficiary_id, dose HAVING count(*) > 1) t"));
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        result("vaccination.centres", centres);
        result("vaccination.doses", doses);
        result("vaccination.recorded", recorded.get());
        result("vaccination.refused", refused.get());
        result("vaccination.recorded_per_s", Math.round(recorded.get() / recordingSeconds));
        result("vaccination.p50_ms", round(percentile(sorted, 0.50) / 1e6));
        result("vaccination.p99_ms", round(percentile(sorted, 0.99) / 1e6));
        result("vaccination.backlog_when_recording_ended", backlogAtEnd);
        result("vaccination.seconds", round(endToEndSeconds));
        result("vaccination.per_s", Math.round(recorded.get() / endToEndSeconds));
        result("vaccination.backlog", backlog);
    }

    // ---------------------------------------------------------------- bulk registration import

    private void bulkImport() throws Exception {
        String base = args.get("base");
        int rows = integer("rows");
        int chunk = integer("chunk");
        String token = field(post(base + "/api/v2/auth/staff/login", null,
                "{\"username\":\"national.admin\",\"password\":\"openvin-demo\"}"), "token");
        // Valid Aadhaar numbers from a range the rest of the benchmark never uses; three per mobile.
        List<String> bodies = new ArrayList<>();
        for (int from = 0; from < rows; from += chunk) {
            StringBuilder csv = new StringBuilder("mobile,name,birth_year,gender_id,photo_id_type,photo_id_number\n");
            for (int n = from; n < Math.min(rows, from + chunk); n++) {
                csv.append(8_000_000_000L + n / 3).append(",Imported Person,").append(1950 + n % 50).append(',')
                        .append(1 + n % 2).append(",1,").append(TestAadhaar.of(30_000_000_000L + n * 7L)).append('\n');
            }
            bodies.add(csv.toString());
        }
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        long started = System.nanoTime();
        parallel(bodies.size(), 2, i -> {
            var answer = post(base + "/api/v2/admin/beneficiaries/import", token, bodies.get(i));
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("import answered " + answer.statusCode() + " " + answer.body());
            }
            Matcher m = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)").matcher(answer.body());
            accepted.addAndGet(m.find() ? Integer.parseInt(m.group(1)) : 0);
            rejected.addAndGet(answer.body().split("\"line\"").length - 1);
            return null;
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        result("import.rows", rows);
        result("import.accepted", accepted.get());
        result("import.rejected", rejected.get());
        result("import.seconds", round(seconds));
        result("import.per_s", Math.round(accepted.get() / seconds));
    }

    // ---------------------------------------------------------------- plumbing

    private interface Task<T> {
        T run(int i) throws Exception;
    }

    /** Runs tasks 0..n-1 on virtual threads, at most {@code limit} at a time; results in order. */
    private static <T> List<T> parallel(int n, int limit, Task<T> task) throws InterruptedException {
        List<T> results = new ArrayList<>(java.util.Collections.nCopies(n, null));
        Semaphore permits = new Semaphore(limit);
        CountDownLatch done = new CountDownLatch(n);
        AtomicInteger failures = new AtomicInteger();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                int index = i;
                executor.submit(() -> {
                    try {
                        permits.acquire();
                        try {
                            results.set(index, task.run(index));
                        } finally {
                            permits.release();
                        }
                    } catch (Exception e) {
                        if (failures.incrementAndGet() <= 3) {
                            System.err.println("  task " + index + " failed: " + e);
                        }
                    } finally {
                        done.countDown();
                    }
                });
            }
            done.await();
        }
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " of " + n + " tasks failed");
        }
        return results;
    }

    private static HttpResponse<String> get(String url, String token) {
        var builder = HttpRequest.newBuilder(URI.create(url)).GET();
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return send(builder);
    }

    private static HttpResponse<String> post(String url, String token, String body) {
        var builder = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(5)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return send(builder);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String field(HttpResponse<String> answer, String name) {
        Matcher m = Pattern.compile(String.format(JSON_STRING.pattern(), name)).matcher(answer.body());
        if (answer.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException("no " + name + " in " + answer.statusCode() + " " + answer.body());
        }
        return m.group(1);
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static long scalar(Statement s, String sql) throws SQLException {
        try (var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    static String[] split(String s) {
        return Arrays.stream(s.split(",")).map(String::strip).toArray(String[]::new);
    }
}
