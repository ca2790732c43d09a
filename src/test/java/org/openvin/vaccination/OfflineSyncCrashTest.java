package org.openvin.vaccination;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openvin.Api;
import org.openvin.Citizens;
import org.openvin.OpenVinProcess;
import org.openvin.identity.internal.TestAadhaar;
import tools.jackson.databind.JsonNode;

/**
 * {@code kill -9} of the server in the middle of a sync, then the device sends the same batch
 * again: every walk-in and every dose ends recorded exactly once, with its stock taken once.
 */
class OfflineSyncCrashTest {

    private static final int PEOPLE = 80;

    @TempDir
    Path dir;

    @Test
    void killMinusNineMidSyncThenSyncAgainRecordsEveryRecordOnce() throws Exception {
        List<Map<String, Object>> records = new ArrayList<>();
        List<String> walkInKeys = new ArrayList<>();
        List<String> doseKeys = new ArrayList<>();
        for (int i = 0; i < PEOPLE; i++) {
            String w = UUID.randomUUID().toString();
            Map<String, Object> walkIn = OfflineSyncTest.walkIn(w, "Crash Sync " + (char) ('A' + i / 26) + (char) ('a' + i % 26),
                    TestAadhaar.next());
            Map<String, Object> dose = OfflineSyncTest.walkInDose(UUID.randomUUID().toString(), w, "DEMO-COVISHIELD", Instant.now());
            dose.put("vaccine", "COVISHIELD");
            records.add(walkIn);
            records.add(dose);
            walkInKeys.add(w);
            doseKeys.add((String) dose.get("client_key"));
        }

        try (OpenVinProcess node = OpenVinProcess.start(dir, "offline-sync-first-start")) {
            Api vaccinator = Citizens.staff(node.api(), "vaccinator", "openvin-demo");
            CompletableFuture<Integer> sync = CompletableFuture.supplyAsync(() ->
                    vaccinator.post("/api/v2/vaccinator/vaccinations/sync", OfflineSyncTest.batch(Instant.now(), records)).status());
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            long done = 0;
            try (Connection db = OpenVinProcess.connect(dir)) {
                while (done < 10 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                    done = count(db, "SELECT count(*) FROM vaccination_request WHERE idempotency_key = ANY (?)", doseKeys);
                }
            }
            assertThat(done).as("doses recorded before the kill").isGreaterThanOrEqualTo(10);
            node.killApplication();
            assertThat(sync.handle((status, e) -> e != null || status != 200).join())
                    .as("the sync cut off by the kill was not answered").isTrue();
        }
        long before;
        try (Connection db = OpenVinProcess.connect(dir)) {
            before = count(db, "SELECT count(*) FROM vaccination_request WHERE idempotency_key = ANY (?)", doseKeys);
        }
        assertThat(before).as("the kill came mid-batch").isBetween(10L, (long) PEOPLE - 1);

        try (OpenVinProcess node = OpenVinProcess.start(dir, "offline-sync-after-kill")) {
            Api vaccinator = Citizens.staff(node.api(), "vaccinator", "openvin-demo");
            var again = vaccinator.post("/api/v2/vaccinator/vaccinations/sync", OfflineSyncTest.batch(Instant.now(), records));
            assertThat(again.status()).as(again.body()).isEqualTo(200);
            JsonNode answer = again.json();
            assertThat(answer.get("refused").asInt()).as(again.body()).isZero();
            assertThat(answer.get("already_recorded").asInt()).as("what was recorded before the kill")
                    .isGreaterThanOrEqualTo(2 * (int) before);

            try (Connection db = OpenVinProcess.connect(dir)) {
                assertThat(count(db, "SELECT count(*) FROM vaccination_walk_in_request WHERE idempotency_key = ANY (?)", walkInKeys))
                        .isEqualTo(PEOPLE);
                assertThat(count(db, """
                        SELECT count(*) FROM vaccination v JOIN vaccination_request q ON q.vaccination_id = v.id
                        WHERE q.idempotency_key = ANY (?)""", doseKeys)).as("each dose once").isEqualTo(PEOPLE);
                assertThat(count(db, """
                        SELECT count(DISTINCT beneficiary_id) FROM vaccination WHERE beneficiary_id IN
                            (SELECT beneficiary_id FROM vaccination_walk_in_request WHERE idempotency_key = ANY (?))""", walkInKeys))
                        .isEqualTo(PEOPLE);
                assertThat(count(db, """
                        SELECT count(*) FROM vaccination WHERE beneficiary_id IN
                            (SELECT beneficiary_id FROM vaccination_walk_in_request WHERE idempotency_key = ANY (?))""", walkInKeys))
                        .as("nobody vaccinated twice").isEqualTo(PEOPLE);
                assertThat(count(db, """
                        SELECT count(*) FROM stock_ledger WHERE reason = 'ADMINISTERED' AND vaccination_id IN
                            (SELECT vaccination_id FROM vaccination_request WHERE idempotency_key = ANY (?))""", doseKeys))
                        .as("stock taken once a dose").isEqualTo(PEOPLE);
            }
            var third = vaccinator.post("/api/v2/vaccinator/vaccinations/sync", OfflineSyncTest.batch(Instant.now(), records));
            assertThat(third.json().get("already_recorded").asInt()).isEqualTo(2 * PEOPLE);
        }
    }

    private static long count(Connection db, String sql, List<String> keys) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(sql)) {
            s.setArray(1, db.createArrayOf("text", keys.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
