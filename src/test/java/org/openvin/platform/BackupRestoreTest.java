package org.openvin.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openvin.Api;
import org.openvin.Citizens;
import org.openvin.OpenVinProcess;
import org.openvin.scheduling.Fixtures;
import org.openvin.vaccination.PointOfCare;

/**
 * The backup an operator takes of the embedded database, as docs/OPERATIONS.md tells it: taken
 * while the service runs, then the data directory is wiped, restored from the backup, and every
 * row of every table is back, byte for byte; the service starts on it and works.
 */
class BackupRestoreTest {

    @TempDir
    Path dir;

    @Test
    void backUpWhileRunningWipeRestoreAndEveryRowIsBack() throws Exception {
        Path backup = dir.resolve("backup-1");
        Map<String, String> before;
        Map<String, Set<String>> rowsBefore;
        // The demo plans sessions for the next 14 days at each start: a start on the country's next
        // day adds that day's sessions (and their change rows). Every backed-up row must be back
        // whatever the day; nothing else may be there unless the day has turned.
        LocalDate backedUpOn = LocalDate.now(Fixtures.INDIA);
        try (OpenVinProcess node = OpenVinProcess.start(dir, "backup-node")) {
            Api api = node.api();
            Api citizen = CrashRecoveryTest.login(api, Citizens.newMobile());
            String ref = PointOfCare.beneficiary(citizen, "Backed Up Person", "1968");
            Api vaccinator = Citizens.staff(api, "vaccinator", "openvin-demo");
            long centre = OpenVinProcess.demoVaccinatorCentre(dir);
            var dose = vaccinator.with("Idempotency-Key", UUID.randomUUID().toString()).post("/api/v2/vaccinator/vaccinations",
                    Map.of("beneficiary_reference_id", ref, "center_id", centre, "vaccine", "COVISHIELD",
                            "vaccine_batch", "DEMO-COVISHIELD", "dose", 1));
            assertThat(dose.status()).as(dose.body()).isEqualTo(201);
            // Wait for the certificate, so the tables are still while we fingerprint them.
            try (Connection db = OpenVinProcess.connect(dir); Statement s = db.createStatement()) {
                for (int i = 0; i < 100 && count(s, "SELECT count(*) FROM certificate") == 0; i++) {
                    Thread.sleep(100);
                }
            }
            Thread.sleep(1500);
            Run run = command(dir, "backup", "--openvin.embedded-db.dir=" + dir.resolve("postgres"), "--to=" + backup);
            assertThat(run.exit()).as(run.out()).isZero();
            assertThat(run.out()).contains("Backed up");
            try (Connection db = OpenVinProcess.connect(dir)) {
                before = fingerprint(db);
                rowsBefore = rows(db);
            }
        }
        assertThat(before.get("vaccination")).startsWith("1 ");
        assertThat(before).containsKeys("event_publication", "spring_session", "sms_outbox");
        assertThat(before.get("certificate")).doesNotStartWith("0 ");

        // Wipe the data directory, keys kept (they are backed up apart, as OPERATIONS.md says).
        deleteTree(dir.resolve("postgres"));
        Files.deleteIfExists(EmbeddedDatabase.secretFileOf(dir.resolve("postgres")));
        Run restore = command(dir, "restore", "--openvin.embedded-db.dir=" + dir.resolve("postgres"), "--from=" + backup);
        assertThat(restore.exit()).as(restore.out()).isZero();
        Run again = command(dir, "restore", "--openvin.embedded-db.dir=" + dir.resolve("postgres"), "--from=" + backup);
        assertThat(again.exit()).as("a restore never overwrites a database in use").isEqualTo(2);

        try (OpenVinProcess node = OpenVinProcess.start(dir, "restored-node")) {
            try (Connection db = OpenVinProcess.connect(dir)) {
                Map<String, String> after = fingerprint(db);
                // Demo data is loaded only into an empty database, so the start adds nothing either.
                after.keySet().retainAll(before.keySet());
                // The schema history is written anew by the restore's migration (its times differ);
                // its versions must not.
                assertThat(after.remove("flyway_schema_history")).startsWith(before.remove("flyway_schema_history").split(" ")[0] + " ");
                Map<String, Set<String>> rowsAfter = rows(db);
                rowsBefore.remove("flyway_schema_history");
                rowsBefore.forEach((table, rows) -> assertThat(rowsAfter.get(table)).as("every row of " + table + " is back")
                        .containsAll(rows));
                if (LocalDate.now(Fixtures.INDIA).equals(backedUpOn)) {
                    assertThat(after).isEqualTo(before);
                }
            }
            assertThat(Citizens.staff(node.api(), "vaccinator", "openvin-demo").get("/api/v2/admin/stock/balance?center_id=1")
                    .status()).as("the restored node serves").isNotEqualTo(500);
        }
    }

    /** Per table: the md5 of each of its rows. */
    private static Map<String, Set<String>> rows(Connection db) throws SQLException {
        Map<String, Set<String>> tables = new TreeMap<>();
        try (Statement s = db.createStatement()) {
            for (String table : fingerprint(db).keySet()) {
                Set<String> hashes = new HashSet<>();
                try (ResultSet rs = s.executeQuery("SELECT md5(t::text) FROM public.\"" + table + "\" t")) {
                    while (rs.next()) {
                        hashes.add(rs.getString(1));
                    }
                }
                tables.put(table, hashes);
            }
        }
        return tables;
    }

    /** Per table: its row count and an md5 of all its rows in a fixed order. */
    private static Map<String, String> fingerprint(Connection db) throws SQLException {
        Map<String, String> tables = new TreeMap<>();
        List<String> names = new ArrayList<>();
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        try (Statement s = db.createStatement()) {
            for (String table : names) {
                try (ResultSet rs = s.executeQuery("SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM public.\""
                        + table + "\" t")) {
                    rs.next();
                    tables.put(table, rs.getLong(1) + " " + rs.getString(2));
                }
            }
        }
        return tables;
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    record Run(int exit, String out) {
    }

    /** The jar's command as an operator runs it: its own JVM. */
    private static Run command(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), "org.openvin.OpenVinApplication"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "command", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the command finished").isTrue();
        return new Run(process.exitValue(), Files.readString(out));
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
