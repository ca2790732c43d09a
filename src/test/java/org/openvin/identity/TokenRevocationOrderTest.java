package org.openvin.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.Citizens;
import org.openvin.OpenVinTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The in-memory view of revocations applies changes by seq, but seqs do not commit in order: a
 * revocation whose transaction took its seq first and committed last must still be refused; and
 * a sequence that went back (a restored backup, emptied tables) must not hide new revocations.
 */
@OpenVinTest
class TokenRevocationOrderTest {

    static final String MINE = "/api/v2/appointment/beneficiaries";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Test
    void aRevocationThatCommitsAfterALaterOneIsStillRefused() throws Exception {
        Api slow = Citizens.login(new Api(port), Citizens.newMobile());
        Api quick = Citizens.login(new Api(port), Citizens.newMobile());
        assertThat(slow.get(MINE).status()).isEqualTo(200);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO revoked_token (jti, expires_at) VALUES (?, ?)")) {
                insert.setString(1, jti(slow));
                insert.setTimestamp(2, Timestamp.from(Instant.now().plus(Duration.ofMinutes(15))));
                insert.executeUpdate();
            }
            // A later seq commits first and is applied; the earlier one is not visible yet.
            assertThat(quick.get("/api/v2/auth/logout").status()).isEqualTo(200);
            assertThat(quick.get(MINE).status()).isEqualTo(401);
            assertThat(slow.get(MINE).status()).isEqualTo(200);
            c.commit();
        }
        refusedWithinASecond(slow);
    }

    @Test
    void aSequenceThatWentBackIsTakenForANewStart() throws Exception {
        Api before = Citizens.login(new Api(port), Citizens.newMobile());
        assertThat(before.get("/api/v2/auth/logout").status()).isEqualTo(200);
        Api other = Citizens.login(new Api(port), Citizens.newMobile());
        assertThat(other.get("/api/v2/auth/logout").status()).isEqualTo(200);
        assertThat(other.get(MINE).status()).isEqualTo(401);

        jdbc.sql("TRUNCATE token_revocation, revoked_token RESTART IDENTITY").update();
        Thread.sleep(1000);
        Api after = Citizens.login(new Api(port), Citizens.newMobile());
        assertThat(after.get(MINE).status()).isEqualTo(200);
        // Written by SQL, so that this node learns of it only from the table (seq 1 again).
        jdbc.sql("INSERT INTO revoked_token (jti, expires_at) VALUES (?, now() + interval '15 minutes')").param(jti(after))
                .update();
        refusedWithinASecond(after);
    }

    private static void refusedWithinASecond(Api holder) throws InterruptedException {
        long started = System.nanoTime();
        while (holder.get(MINE).status() != 401) {
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("refused within 1 s").isLessThan(Duration.ofSeconds(1));
            Thread.sleep(10);
        }
    }

    private static String jti(Api holder) throws Exception {
        return com.nimbusds.jwt.SignedJWT.parse(holder.headerValue("Authorization").substring("Bearer ".length()))
                .getJWTClaimsSet().getJWTID();
    }
}
