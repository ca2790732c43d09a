package org.openvin.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.openvin.Citizens;
import org.openvin.OpenVinTest;
import org.openvin.platform.AuditTrail;
import org.openvin.profile.CountryProfile;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The COPY import answers as the chunked import before it did, row for row, and stays correct
 * when two imports of overlapping files run at once.
 */
@OpenVinTest
class BulkRegistrationRefusalsTest {

    @Autowired
    BulkRegistration bulk;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    CountryProfile profile;

    @Autowired
    PhotoIds photoIds;

    @Autowired
    RegisteringBeneficiary registering;

    @Autowired
    AuditTrail audit;

    @Autowired
    PlatformTransactionManager transactions;

    /** Fresh mobiles and ID numbers for one copy of the mixed file, some of the people registered beforehand. */
    private record World(String a, String b, String d, String e, String registered1, String registered2,
                         List<String> fresh) {

        static World create() {
            List<String> fresh = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                fresh.add(TestAadhaar.next());
            }
            return new World(Citizens.newMobile(), Citizens.newMobile(), Citizens.newMobile(), Citizens.newMobile(),
                    TestAadhaar.next(), TestAadhaar.next(), fresh);
        }

        String registeredBefore() {
            return Citizens.newMobile() + ",Already Here,1970,1,1," + registered1 + "\n"
                    + Citizens.newMobile() + ",Also Here,1971,2,1," + registered2 + "\n";
        }

        String file() {
            List<String> f = fresh;
            return String.join("\n",
                    "mobile,name,birth_year,gender_id,photo_id_type,photo_id_number",
                    a + ",First Of A,1980,2,1," + f.get(0),                                      // 2 ok
                    a + ",Known Person,1980,2,1," + registered1,                                 // 3 registered before: duplicate, takes no place
                    b + ",Same As Two,1981,1,1," + f.get(0),                                     // 4 duplicate within the file
                    e + ",Bad Sum,1990,1,1," + TestAadhaar.withBadChecksum(f.get(6)),            // 5 check digit
                    "12345,Bad Mobile,1990,1,1," + TestAadhaar.next(),                          // 6 mobile
                    "{\"mobile\":\"" + b + "\",\"name\":\"Json Person\",\"birth_year\":\"1975\",\"gender_id\":1,"
                            + "\"photo_id_type\":1,\"photo_id_number\":\"" + f.get(1) + "\"}",     // 7 ok (NDJSON)
                    "",                                                                          // 8 blank, skipped
                    e + ",Short,1990",                                                           // 9 fields
                    a + ",Second Of A,1982,1,1," + f.get(2),                                     // 10 ok
                    a + ",Third Of A,1983,1,1," + f.get(3),                                      // 11 ok
                    a + ",Fourth Of A,1984,2,1," + f.get(4),                                     // 12 ok: line 3 took no place
                    a + ",Fifth Of A,1985,2,1," + f.get(5),                                      // 13 over the limit of 4
                    d + ",Known Again,1971,2,1," + registered2,                                  // 14 registered before
                    e + ",Fifth Elsewhere,1985,2,1," + f.get(5),                                 // 15 line 13 claimed this ID first
                    e + ",Too Old,1800,1,1," + TestAadhaar.next(),                              // 16 birth year
                    e + ",No Gender,1990,9,1," + TestAadhaar.next(),                            // 17 gender
                    "{not json");                                                                // 18
        }
    }

    private static BufferedReader body(String text) {
        return new BufferedReader(new StringReader(text));
    }

    /** The text, then a failure, as a client hanging up: the first batch has gone to COPY by then. */
    private static Reader breakingOffAfter(String text) {
        return new Reader() {
            private final Reader rows = new StringReader(text);

            @Override
            public int read(char[] buffer, int offset, int length) throws IOException {
                int n = rows.read(buffer, offset, length);
                if (n < 0) {
                    throw new IOException("client went away");
                }
                return n;
            }

            @Override
            public void close() {
            }
        };
    }

    private static List<String> refusals(List<?> rejected) {
        List<String> lines = new ArrayList<>();
        for (Object r : rejected) {
            lines.add(switch (r) {
                case BulkRegistration.Rejected n -> n.line() + ":" + n.errorCode() + ":" + n.error();
                case LegacyBulkRegistration.Rejected o -> o.line() + ":" + o.errorCode() + ":" + o.error();
                default -> throw new IllegalArgumentException(r.toString());
            });
        }
        return lines;
    }

    @Test
    void aMixedFileGetsTheSameAnswersAsTheChunkedImportGave() throws Exception {
        LegacyBulkRegistration legacy = new LegacyBulkRegistration(jdbc, profile, photoIds, registering, audit, transactions);

        World before = World.create();
        assertThat(legacy.importLines(body(before.registeredBefore())).accepted()).isEqualTo(2);
        LegacyBulkRegistration.Result old = legacy.importLines(body(before.file()));

        World now = World.create();
        assertThat(bulk.importLines(body(now.registeredBefore())).accepted()).isEqualTo(2);
        BulkRegistration.Result result = bulk.importLines(body(now.file()));

        assertThat(result.accepted()).isEqualTo(old.accepted()).isEqualTo(5);
        assertThat(refusals(result.rejected())).isEqualTo(refusals(old.rejected()));
        assertThat(refusals(result.rejected())).map(r -> r.substring(0, r.indexOf(':', r.indexOf(':') + 1)))
                .containsExactly("3:BENREG0003", "4:BENREG0003", "5:BENREG0011", "6:USRAUT0010", "9:BULK0001",
                        "13:BENREG0001", "14:BENREG0003", "15:BENREG0003", "16:BENREG0005", "17:BENREG0004",
                        "18:BULK0001");
        // What was stored, not only what was answered: four for A, one for B, none for D; E had
        // no row staged (the chunked import made it an empty account, this one does not).
        assertThat(jdbc.sql("""
                        SELECT a.mobile, count(b.*) FROM citizen_account a LEFT JOIN beneficiary b ON b.account_id = a.id
                        WHERE a.mobile IN (?, ?, ?, ?) GROUP BY a.mobile""")
                .params(now.a(), now.b(), now.d(), now.e())
                .query((rs, i) -> (rs.getString(1).equals(now.a()) ? "A" : rs.getString(1).equals(now.b()) ? "B"
                        : rs.getString(1).equals(now.d()) ? "D" : "E") + rs.getInt(2))
                .list()).containsExactlyInAnyOrder("A4", "B1", "D0");
    }

    @Test
    void aFileOfOnlyBadRowsTouchesNothing() throws Exception {
        int before = jdbc.sql("SELECT count(*) FROM beneficiary").query(Integer.class).single();
        BulkRegistration.Result result = bulk.importLines(body("12345,Bad Mobile,1990,1,1," + TestAadhaar.next() + "\n\n{oops"));
        assertThat(result.accepted()).isZero();
        assertThat(refusals(result.rejected())).map(r -> r.substring(0, r.indexOf(':', r.indexOf(':') + 1)))
                .containsExactly("1:USRAUT0010", "3:BULK0001");
        assertThat(jdbc.sql("SELECT count(*) FROM beneficiary").query(Integer.class).single()).isEqualTo(before);
    }

    @Test
    void aBodyThatBreaksOffStoresNothingAndLeavesTheConnectionClean() throws Exception {
        int before = jdbc.sql("SELECT count(*) FROM beneficiary").query(Integer.class).single();
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < BulkRegistration.BATCH + 500; i++) {
            rows.append(Citizens.newMobile()).append(",Cut Off,1980,1,1,").append(TestAadhaar.next()).append('\n');
        }
        for (int attempt = 0; attempt < 25; attempt++) {   // more than the pool: every connection went back clean
            assertThatThrownBy(() -> bulk.importLines(new BufferedReader(breakingOffAfter(rows.toString()))))
                    .isInstanceOf(IOException.class);
        }
        assertThat(jdbc.sql("SELECT count(*) FROM beneficiary").query(Integer.class).single()).isEqualTo(before);
        assertThat(bulk.importLines(body(Citizens.newMobile() + ",After,1980,1,1," + TestAadhaar.next())).accepted()).isEqualTo(1);
    }

    @Test
    void twoImportsOfOverlappingFilesRegisterEachPersonOnce() throws Exception {
        int people = 3_000;
        long firstMobile = Long.parseLong(Citizens.newMobile());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < people; i++) {
            ids.add(TestAadhaar.next());
        }
        // The first file has people 0..1999, the second 1000..2999: the middle thousand is in both,
        // half of them under the same mobile (the same family), half under another.
        StringBuilder first = new StringBuilder();
        StringBuilder second = new StringBuilder();
        for (int i = 0; i < people; i++) {
            String row = ",Person,1980,1,1," + ids.get(i) + "\n";
            if (i < 2_000) {
                first.append(firstMobile + i / 3).append(row);
            }
            if (i >= 1_000) {
                long mobile = i < 2_000 && i % 2 == 0 ? firstMobile + 5_000 + i / 3 : firstMobile + i / 3;
                second.append(mobile).append(row);
            }
        }
        List<BulkRegistration.Result> results = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<Future<BulkRegistration.Result>> answers = new ArrayList<>();
            for (String file : List.of(first.toString(), second.toString())) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return bulk.importLines(body(file));
                }));
            }
            start.countDown();
            for (Future<BulkRegistration.Result> answer : answers) {
                results.add(answer.get());
            }
        }
        assertThat(results.get(0).accepted() + results.get(1).accepted()).isEqualTo(people);
        assertThat(results).flatMap(BulkRegistration.Result::rejected)
                .hasSize(1_000)
                .allSatisfy(r -> assertThat(r.errorCode()).isEqualTo("BENREG0003"));
        String[] hashes = ids.stream().map(id -> photoIds.hash(1, id)).toArray(String[]::new);
        assertThat(jdbc.sql("""
                        SELECT count(*), count(DISTINCT photo_id_hash) FROM beneficiary
                        WHERE photo_id_type = 1 AND photo_id_hash = ANY(?) AND deleted_at IS NULL""")
                .param(hashes)
                .query((rs, i) -> rs.getInt(1) + "/" + rs.getInt(2)).single()).isEqualTo(people + "/" + people);
        assertThat(jdbc.sql("""
                        SELECT max(n) FROM (SELECT count(*) AS n FROM beneficiary b
                                            WHERE photo_id_type = 1 AND photo_id_hash = ANY(?) GROUP BY account_id) per_account""")
                .param(hashes).query(Integer.class).single()).isLessThanOrEqualTo(profile.limits().beneficiariesPerAccount());
    }
}
