package org.openvin.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.Citizens;
import org.openvin.OpenVinTest;
import org.openvin.identity.internal.TestAadhaar;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;

@OpenVinTest
class BulkRegistrationTest {

    static final String PASSWORD = "bulk-import-Pa55";
    static final String PATH = "/api/v2/admin/beneficiaries/import";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PasswordEncoder passwords;

    @BeforeEach
    void admins() {
        jdbc.sql("""
                        INSERT INTO centre (id, name, state_id, district_id, pincode) VALUES (700001, 'Centre', 21, 395, '400080')
                        ON CONFLICT DO NOTHING""").update();
        for (String[] a : new String[][]{{"nation", "NATIONAL_ADMIN", null}, {"district", "DISTRICT_ADMIN", "395"}}) {
            jdbc.sql("""
                            INSERT INTO staff_account (username, password_hash, name, role, state_id, district_id)
                            VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                    .params(a[0], passwords.encode(PASSWORD), a[0], a[1], a[2] == null ? null : 21,
                            a[2] == null ? null : Integer.valueOf(a[2]))
                    .update();
        }
    }

    private Api as(String username) {
        return Citizens.staff(new Api(port), username, PASSWORD);
    }

    private Api.Answer importing(Api api, String body) {
        return api.method("POST", PATH, body);
    }

    private int beneficiaries() {
        return jdbc.sql("SELECT count(*) FROM beneficiary").query(Integer.class).single();
    }

    @Test
    void validRowsAreStoredAndEveryBadRowIsNamedByLine() {
        String mobile = Citizens.newMobile();
        String a1 = TestAadhaar.next();
        String a2 = TestAadhaar.next();
        int before = beneficiaries();
        String csv = String.join("\n",
                "mobile,name,birth_year,gender_id,photo_id_type,photo_id_number",
                mobile + ",Asha Devi,1980,2,1," + a1,                                          // 2 ok
                "{\"mobile\":\"" + mobile + "\",\"name\":\"Ravi Kumar\",\"birth_year\":\"1975\",\"gender_id\":1,"
                        + "\"photo_id_type\":1,\"photo_id_number\":\"" + a2 + "\"}",           // 3 ok (NDJSON)
                Citizens.newMobile() + ",Copy Cat,1990,1,1," + a1,                             // 4 duplicate ID
                Citizens.newMobile() + ",Bad Sum,1990,1,1," + TestAadhaar.withBadChecksum(TestAadhaar.next()), // 5
                "12345,Bad Mobile,1990,1,1," + TestAadhaar.next(),                             // 6 bad mobile
                Citizens.newMobile() + ",Too Old,1800,1,1," + TestAadhaar.next(),             // 7 birth year
                Citizens.newMobile() + ",No Gender,1990,9,1," + TestAadhaar.next(),           // 8 gender
                Citizens.newMobile() + ",Short,1990",                                          // 9 fields
                Citizens.newMobile() + ",Passport Holder,1990,1,8,A1234567",                  // 10 ok, passport
                "{not json");                                                                  // 11
        var answer = importing(as("nation"), csv);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode json = answer.json();
        assertThat(json.get("accepted").asInt()).isEqualTo(3);
        List<String> rejected = new ArrayList<>();
        json.get("rejected").forEach(r -> rejected.add(r.get("line").asInt() + ":" + r.get("errorCode").asString()));
        assertThat(rejected).containsExactly("4:BENREG0003", "5:BENREG0011", "6:USRAUT0010", "7:BENREG0005",
                "8:BENREG0004", "9:BULK0001", "11:BULK0001");
        assertThat(beneficiaries()).isEqualTo(before + 3);

        // The imported family logs in like any citizen and sees both members, IDs masked.
        Api citizen = Citizens.login(new Api(port), mobile);
        JsonNode list = citizen.get("/api/v2/appointment/beneficiaries").json().get("beneficiaries");
        assertThat(list).hasSize(2);
        assertThat(citizen.get("/api/v2/appointment/beneficiaries").body()).doesNotContain(a1).doesNotContain(a2);

        // The same people again, in a second import or through the citizen API: duplicates.
        var again = importing(as("nation"), mobile + ",Asha Devi,1980,2,1," + a1);
        assertThat(again.json().get("accepted").asInt()).isZero();
        assertThat(again.json().get("rejected").get(0).get("errorCode").asString()).isEqualTo("BENREG0003");
        var single = Citizens.login(new Api(port), Citizens.newMobile()).post("/api/v2/registration/beneficiary/new",
                Map.of("name", "Asha", "birth_year", "1980", "gender_id", 2, "photo_id_type", 1, "photo_id_number", a1));
        assertThat(single.status()).isEqualTo(409);
    }

    @Test
    void anAccountKeepsItsLimitAndDuplicatesInsideOneImportAreCaught() {
        String mobile = Citizens.newMobile();
        StringBuilder csv = new StringBuilder();
        String repeated = TestAadhaar.next();
        csv.append(mobile).append(",Twin,1990,1,1,").append(repeated).append('\n');
        csv.append(Citizens.newMobile()).append(",Twin,1990,1,1,").append(repeated).append('\n');
        for (int i = 0; i < 4; i++) {
            csv.append(mobile).append(",Member ").append("ABCD".charAt(i)).append(",1990,1,1,").append(TestAadhaar.next()).append('\n');
        }
        var answer = importing(as("nation"), csv.toString());
        assertThat(answer.json().get("accepted").asInt()).as(answer.body()).isEqualTo(4);
        List<String> rejected = new ArrayList<>();
        answer.json().get("rejected").forEach(r -> rejected.add(r.get("line").asInt() + ":" + r.get("errorCode").asString()));
        assertThat(rejected).containsExactly("2:BENREG0003", "6:BENREG0001");
    }

    @Test
    void importsArrivingSlowlyNeverHoldTheConnectionsOfOtherRequests() throws Exception {
        // More imports than the tests' pool has connections (20), each sending one batch of rows
        // (its COPY starts) and then nothing: an import holds its connection while its body arrives.
        String token = as("nation").headerValue("Authorization");
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 24; i++) {
                StringBuilder rows = new StringBuilder("mobile,name,birth_year,gender_id,photo_id_type,photo_id_number\n");
                for (int n = 0; n < 2_100; n++) {
                    rows.append(Citizens.newMobile()).append(",Slow Upload,1980,1,1,").append(TestAadhaar.next()).append('\n');
                }
                Socket socket = new Socket();
                socket.connect(new InetSocketAddress("127.0.0.1", port));
                socket.getOutputStream().write(("POST " + PATH + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + token
                        + "\r\nContent-Type: text/csv\r\nContent-Length: 10000000\r\n\r\n" + rows)
                        .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                slow.add(socket);
            }
            long until = System.nanoTime() + 20_000_000_000L;
            while (importing() < 4 && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            // Only the imports' own pool is held (4 of its connections, the others wait for it):
            // a sign-in and a citizen's request still answer.
            as("district");
            Api citizen = Citizens.login(new Api(port), Citizens.newMobile());
            assertThat(citizen.get("/api/v2/appointment/beneficiaries").status()).isEqualTo(200);
            assertThat(importing()).as("imports holding a connection while their bodies arrive").isEqualTo(4);
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    /** Server connections inside an import's COPY, waiting for the body's next lines. */
    private int importing() {
        return jdbc.sql("""
                        SELECT count(*) FROM pg_stat_activity
                        WHERE query LIKE 'COPY import_row FROM STDIN%' AND pid <> pg_backend_pid()""")
                .query(Integer.class).single();
    }

    @Test
    void onlyNationalAndStateAdminsMayImport() {
        int before = beneficiaries();
        var refused = importing(as("district"), Citizens.newMobile() + ",Asha,1980,2,1," + TestAadhaar.next());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("errorCode").asString()).isEqualTo("BULK0002");
        assertThat(importing(new Api(port), "x").status()).isEqualTo(401);
        assertThat(beneficiaries()).isEqualTo(before);
    }
}
