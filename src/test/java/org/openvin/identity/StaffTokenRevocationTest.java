package org.openvin.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.Citizens;
import org.openvin.OpenVinTest;
import org.openvin.pages.PageVisitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Disabling a staff account, a new password or a new role ends the account's tokens at once, on
 * every node: the second node here is a second OpenVIN process on the same database.
 */
@OpenVinTest
class StaffTokenRevocationTest {

    static final String PASSWORD = "correct horse battery";
    static final String NEW_PASSWORD = "quiet violet harbour lantern";
    /** Any staff member may read it, and it says who the token belongs to. */
    static final String WHO_AM_I = "/api/v2/admin/staff";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    DataSource dataSource;

    @BeforeEach
    void aNationalAdmin() {
        jdbc.sql("""
                        INSERT INTO staff_account (username, password_hash, name, role) VALUES ('root', ?, 'Root', 'NATIONAL_ADMIN')
                        ON CONFLICT DO NOTHING""")
                .param(passwords.encode(PASSWORD)).update();
    }

    private Api api() {
        return new Api(port);
    }

    /** A state admin (who may list staff, so a token's use shows as 200) created by root. */
    private long stateAdmin(String username) {
        var created = Citizens.staff(api(), "root", PASSWORD).post("/api/v2/admin/staff", Map.of("username", username,
                "password", PASSWORD, "name", username, "role", "STATE_ADMIN", "state_id", 21));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    @Test
    void aDisabledAccountsTokenFailsOnASecondNodeWithinOneSecond() throws Exception {
        long id = stateAdmin("leaver.state");
        String token = Citizens.staff(api(), "leaver.state", PASSWORD).headerValue("Authorization");
        try (var second = SecondNode.start(jdbc, dataSource)) {
            Api onSecond = second.api().with("Authorization", token);
            assertThat(onSecond.get(WHO_AM_I).status()).isEqualTo(200);

            assertThat(Citizens.staff(api(), "root", PASSWORD).post("/api/v2/admin/staff/" + id + "/disable", "").status())
                    .isEqualTo(200);
            // The node that disabled it refuses the token at once; the other within a second.
            assertThat(api().with("Authorization", token).get(WHO_AM_I).status()).isEqualTo(401);
            refusedWithinASecond(onSecond);
        }
    }

    @Test
    void aPasswordChangeEndsTheOlderTokensButNotTheNewOne() {
        stateAdmin("changer.state");
        Api older = Citizens.staff(api(), "changer.state", PASSWORD);
        Api oldest = Citizens.staff(api(), "changer.state", PASSWORD);
        assertThat(older.get(WHO_AM_I).status()).isEqualTo(200);

        var changed = api().post("/api/v2/auth/staff/password", Map.of("username", "changer.state",
                "password", PASSWORD, "new_password", NEW_PASSWORD));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);

        assertThat(older.get(WHO_AM_I).status()).isEqualTo(401);
        assertThat(oldest.get(WHO_AM_I).status()).isEqualTo(401);
        assertThat(api().bearer(changed.json().get("token").asString()).get(WHO_AM_I).status()).isEqualTo(200);
        assertThat(Citizens.staff(api(), "changer.state", NEW_PASSWORD).get(WHO_AM_I).status()).isEqualTo(200);
    }

    @Test
    void aPasswordResetByAnAdminEndsTheAccountsTokens() {
        long id = stateAdmin("reset.state");
        Api before = Citizens.staff(api(), "reset.state", PASSWORD);
        assertThat(Citizens.staff(api(), "root", PASSWORD).post("/api/v2/admin/staff/" + id + "/password-reset", "")
                .status()).isEqualTo(200);
        assertThat(before.get(WHO_AM_I).status()).isEqualTo(401);
    }

    @Test
    void aNewRoleOrPlaceEndsTheAccountsTokensWhicheverCodeChangesIt() throws Exception {
        long id = stateAdmin("moved.state");
        Api before = Citizens.staff(api(), "moved.state", PASSWORD);
        // No screen changes a role yet; the trigger covers whatever will (an operator's SQL here).
        // SQL by hand reaches the nodes by the change feed: within a second, not at once.
        jdbc.sql("UPDATE staff_account SET state_id = 27 WHERE id = ?").param(id).update();
        refusedWithinASecond(before);
        Api after = Citizens.staff(api(), "moved.state", PASSWORD);
        jdbc.sql("UPDATE staff_account SET role = 'DISTRICT_ADMIN', district_id = 395 WHERE id = ?").param(id).update();
        refusedWithinASecond(after);
        // Changes that do not touch what the token vouches for leave it alone.
        Api current = Citizens.staff(api(), "moved.state", PASSWORD);
        jdbc.sql("UPDATE staff_account SET name = 'Renamed', updated_at = now() WHERE id = ?").param(id).update();
        assertThat(current.get(WHO_AM_I).status()).isEqualTo(200);
    }

    @Test
    void aStaffPageSessionEndsWhenTheAccountIsDisabledButNotWhenItsOwnerChangesThePassword() {
        long id = stateAdmin("pages.state");
        var browser = new PageVisitor(port);
        var other = new PageVisitor(port);
        for (var visitor : new PageVisitor[]{browser, other}) {
            visitor.get("/staff/login");
            assertThat(visitor.post("/staff/login", Map.of("username", "pages.state", "password", PASSWORD)).path())
                    .isEqualTo("/staff");
        }
        Api token = Citizens.staff(api(), "pages.state", PASSWORD);

        browser.get("/staff/password");
        var changed = browser.post("/staff/password", Map.of("password", PASSWORD, "newPassword", NEW_PASSWORD,
                "repeat", NEW_PASSWORD));
        assertThat(changed.path()).isEqualTo("/staff");
        // The session the owner changed it from goes on; their other session and token end.
        assertThat(browser.get("/staff").path()).isEqualTo("/staff");
        assertThat(other.get("/staff").path()).isEqualTo("/staff/login");
        assertThat(token.get(WHO_AM_I).status()).isEqualTo(401);

        assertThat(Citizens.staff(api(), "root", PASSWORD).post("/api/v2/admin/staff/" + id + "/disable", "").status())
                .isEqualTo(200);
        assertThat(browser.get("/staff").path()).isEqualTo("/staff/login");
    }

    /** The token is refused within a second of the change that ended it (measured from the change's commit). */
    static void refusedWithinASecond(Api holder) throws InterruptedException {
        long started = System.nanoTime();
        while (holder.get(WHO_AM_I).status() != 401) {
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("refused within 1 s").isLessThan(Duration.ofSeconds(1));
            Thread.sleep(10);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("refused within 1 s").isLessThan(Duration.ofSeconds(1));
    }

    /** A second OpenVIN process on the test database, as a second node behind a load balancer. */
    record SecondNode(Process process, int port) implements AutoCloseable {

        static SecondNode start(JdbcClient jdbc, DataSource dataSource) throws Exception {
            String url = jdbc.sql("SELECT 'jdbc:postgresql://localhost:' || current_setting('port') || '/' || current_database()")
                    .query(String.class).single();
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            String java = ProcessHandle.current().info().command().orElse("java");
            Process process = new ProcessBuilder(List.of(java, "-Xmx512m", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"),
                    "org.openvin.OpenVinApplication", "--server.port=" + port, "--management.server.port=0",
                    "--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
                    "--spring.datasource.password=" + org.openvin.TestDatabase.password(dataSource),
                    "--spring.flyway.enabled=false", "--spring.datasource.hikari.maximum-pool-size=4",
                    "--openvin.keys.dir=target/test-keys"))
                    .redirectErrorStream(true)
                    .redirectOutput(Path.of("target", "revocation-second-node.log").toFile())
                    .start();
            var node = new SecondNode(process, port);
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline) {
                assertThat(process.isAlive()).as("the second node started (see target/revocation-second-node.log)").isTrue();
                try {
                    if (node.api().get("/actuator/health/readiness").status() == 200) {
                        return node;
                    }
                } catch (RuntimeException notYet) {
                    // still starting
                }
                Thread.sleep(300);
            }
            node.close();
            throw new AssertionError("the second node was not ready within 120 s");
        }

        Api api() {
            return new Api(port);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
