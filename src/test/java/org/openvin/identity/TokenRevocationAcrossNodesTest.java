package org.openvin.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.Citizens;
import org.openvin.OpenVinTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two OpenVIN processes on one database, each checking tokens against its own memory of
 * revocations: a logout on one node is refused on the other within a second, also when the
 * other's LISTEN connection was just killed; and a node that cannot read revocations accepts no
 * token at all rather than one it should refuse.
 */
@OpenVinTest
class TokenRevocationAcrossNodesTest {

    /** Any citizen may read it: 200 shows the token was accepted, 401 that it was refused. */
    static final String MINE = "/api/v2/appointment/beneficiaries";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Test
    void aLogoutIsRefusedOnEveryNodeWithinASecondEvenWithoutItsListenConnection() throws Exception {
        Api a = new Api(port);
        try (var second = StaffTokenRevocationTest.SecondNode.start(jdbc, dataSource)) {
            Api b = second.api();

            // Logout on A: refused on A at once, on B within a second.
            Api onA = Citizens.login(a, Citizens.newMobile());
            Api onB = b.with("Authorization", onA.headerValue("Authorization"));
            assertThat(onB.get(MINE).status()).isEqualTo(200);
            assertThat(onA.get("/api/v2/auth/logout").status()).isEqualTo(200);
            assertThat(onA.get(MINE).status()).as("the node that logged it out").isEqualTo(401);
            System.out.printf("logout on A refused on B after %d ms%n", refusedWithinASecond(onB));

            // Logout on B: refused on A within a second.
            Api second1 = Citizens.login(a, Citizens.newMobile());
            Api second1OnB = b.with("Authorization", second1.headerValue("Authorization"));
            assertThat(second1.get(MINE).status()).isEqualTo(200);
            assertThat(second1OnB.get("/api/v2/auth/logout").status()).isEqualTo(200);
            assertThat(second1OnB.get(MINE).status()).isEqualTo(401);
            System.out.printf("logout on B refused on A after %d ms%n", refusedWithinASecond(second1));

            // Every LISTEN connection killed, a logout at once: B learns of it by its poll.
            Api deaf = Citizens.login(a, Citizens.newMobile());
            Api deafOnB = b.with("Authorization", deaf.headerValue("Authorization"));
            assertThat(deafOnB.get(MINE).status()).isEqualTo(200);
            int killed = jdbc.sql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE query LIKE 'LISTEN%'")
                    .query(Integer.class).single();
            assertThat(killed).as("both nodes' LISTEN connections").isGreaterThanOrEqualTo(2);
            // A killed backend says "administrator command", as a server shutting down does: the
            // node may take the database for away for a moment (503) until its probe answers; 401
            // means an attempt that answered 503 had logged out already.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                    .until(() -> deaf.get("/api/v2/auth/logout").status(), status -> status == 200 || status == 401);
            System.out.printf("logout while deaf refused on B after %d ms%n", refusedWithinASecond(deafOnB));

            // Revocations cannot be read at all (the table hidden) while one is written: B answers
            // neither the revoked token nor a valid one from what it knew, and recovers when it can read again.
            Api revokedBlind = Citizens.login(a, Citizens.newMobile());
            Api valid = Citizens.login(a, Citizens.newMobile());
            Api revokedBlindOnB = b.with("Authorization", revokedBlind.headerValue("Authorization"));
            Api validOnB = b.with("Authorization", valid.headerValue("Authorization"));
            assertThat(revokedBlindOnB.get(MINE).status()).isEqualTo(200);
            assertThat(validOnB.get(MINE).status()).isEqualTo(200);
            String jti = jti(revokedBlind.headerValue("Authorization"));
            jdbc.sql("ALTER TABLE token_revocation RENAME TO token_revocation_hidden").update();
            try {
                jdbc.sql("INSERT INTO token_revocation_hidden (jti, expires_at) VALUES (?, now() + interval '15 minutes')")
                        .param(jti).update();
                jdbc.sql("SELECT pg_notify('token_revocation', '0')").query(String.class).single();
                Thread.sleep(1000);
                for (int i = 0; i < 5; i++) {
                    assertThat(revokedBlindOnB.get(MINE).status()).as("a token revoked while B cannot read").isGreaterThanOrEqualTo(500);
                    assertThat(validOnB.get(MINE).status()).as("no answer from a stale view").isGreaterThanOrEqualTo(500);
                    Thread.sleep(100);
                }
            } finally {
                jdbc.sql("ALTER TABLE token_revocation_hidden RENAME TO token_revocation").update();
            }
            long back = System.nanoTime();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                    .until(() -> validOnB.get(MINE).status() == 200);
            assertThat(revokedBlindOnB.get(MINE).status()).isEqualTo(401);
            System.out.printf("B served again %d ms after revocations could be read%n", (System.nanoTime() - back) / 1_000_000);
        }
    }

    /** Polls until the holder's token is refused; fails if that takes a second or more. Returns the milliseconds taken. */
    private static long refusedWithinASecond(Api holder) throws InterruptedException {
        long started = System.nanoTime();
        while (holder.get(MINE).status() != 401) {
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("refused within 1 s").isLessThan(Duration.ofSeconds(1));
            Thread.sleep(5);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).as("refused within 1 s").isLessThan(Duration.ofSeconds(1));
        return took.toMillis();
    }

    private static String jti(String authorization) throws Exception {
        return com.nimbusds.jwt.SignedJWT.parse(authorization.substring("Bearer ".length())).getJWTClaimsSet().getJWTID();
    }
}
