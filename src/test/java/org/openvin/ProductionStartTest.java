package org.openvin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A production start as a ministry's IT team would do it, each step its own process on the same
 * jar's classes: a node without the demo flag on an empty database (no staff, no API document,
 * metrics only on the management port), then {@code bootstrap-admin} creating the first national
 * admin, who must change the one-time password before getting a token, and a second
 * {@code bootstrap-admin} refused.
 */
@OpenVinTest
class ProductionStartTest {

    static final String DATABASE = "openvin_production_start";

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    private List<String> java(String... args) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx384m",
                "-cp", System.getProperty("java.class.path"), "org.openvin.OpenVinApplication"));
        command.addAll(List.of(args));
        String url = jdbc.sql("SELECT 'jdbc:postgresql://localhost:' || current_setting('port') || '/" + DATABASE + "'")
                .query(String.class).single();
        command.addAll(List.of("--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
                "--openvin.keys.dir=target/test-keys", "--spring.datasource.hikari.maximum-pool-size=4"));
        String password = TestDatabase.password(dataSource);
        if (password != null && !password.isEmpty()) {
            command.add("--spring.datasource.password=" + password);
        }
        return command;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private record Run(int exitCode, String out) {
    }

    private Run bootstrap(String username) throws Exception {
        Path log = Path.of("target", "bootstrap-admin-" + username + ".log");
        Process process = new ProcessBuilder(java("bootstrap-admin", "--username=" + username))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("bootstrap-admin ended (see " + log + ")").isTrue();
        return new Run(process.exitValue(), Files.readString(log));
    }

    @Test
    void anEmptyProductionDatabaseGetsItsFirstAdminFromTheCommandWhoMustChangeThePassword() throws Exception {
        jdbc.sql("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)").update();
        jdbc.sql("CREATE DATABASE " + DATABASE).update();
        int port = freePort();
        int managementPort = freePort();
        Process node = new ProcessBuilder(java("--server.port=" + port, "--management.server.port=" + managementPort))
                .redirectErrorStream(true).redirectOutput(Path.of("target", "production-start-node.log").toFile()).start();
        try {
            Api api = new Api(port);
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            boolean ready = false;
            while (!ready && System.nanoTime() < deadline) {
                try {
                    ready = api.get("/actuator/health/readiness").status() == 200;
                } catch (RuntimeException notYet) {
                    // still starting
                }
                assertThat(node.isAlive()).as("the node started (see target/production-start-node.log)").isTrue();
                if (!ready) {
                    Thread.sleep(500);
                }
            }
            assertThat(ready).as("the production node became ready").isTrue();

            // Nothing to sign in with yet, and nothing an operator should keep private is public.
            assertThat(api.post("/api/v2/auth/staff/login", Map.of("username", "admin", "password", "anything at all"))
                    .status()).isEqualTo(401);
            assertThat(api.get("/v3/api-docs").status()).isEqualTo(404);
            assertThat(api.get("/swagger-ui.html").status()).isEqualTo(404);
            assertThat(api.get("/swagger-ui/index.html").status()).isEqualTo(404);
            assertThat(api.get("/actuator/prometheus").status()).isEqualTo(404);
            assertThat(api.get("/actuator/metrics").status()).isEqualTo(404);
            assertThat(api.get("/actuator/health/readiness").json().has("components")).isFalse();
            Api operators = new Api(managementPort);
            assertThat(operators.get("/actuator/prometheus").body()).contains("jvm_memory_used_bytes");
            assertThat(operators.get("/actuator/health").json().get("components").has("db")).isTrue();

            Run first = bootstrap("first.admin");
            assertThat(first.exitCode()).as(first.out()).isZero();
            var printed = Pattern.compile("one-time password:\\s+(\\S+)").matcher(first.out());
            assertThat(printed.find()).as(first.out()).isTrue();
            String oneTime = printed.group(1);

            var signIn = api.post("/api/v2/auth/staff/login", Map.of("username", "first.admin", "password", oneTime));
            assertThat(signIn.status()).isEqualTo(403);
            assertThat(signIn.json().get("errorCode").asString()).isEqualTo("STAFF0032");
            var changed = api.post("/api/v2/auth/staff/password", Map.of("username", "first.admin", "password", oneTime,
                    "new_password", "granite meadow lantern 42"));
            assertThat(changed.status()).as(changed.body()).isEqualTo(200);
            assertThat(changed.json().get("role").asString()).isEqualTo("NATIONAL_ADMIN");
            Api admin = Citizens.staff(api, "first.admin", "granite meadow lantern 42");
            assertThat(admin.get("/api/v2/admin/staff").status()).isEqualTo(200);

            Run second = bootstrap("second.admin");
            assertThat(second.exitCode()).as(second.out()).isEqualTo(2);
            assertThat(second.out()).contains("STAFF0034").doesNotContain("one-time password:");
            assertThat(api.post("/api/v2/auth/staff/login", Map.of("username", "second.admin", "password", "x")).status())
                    .isEqualTo(401);
        } finally {
            node.destroy();
            if (!node.waitFor(30, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        }
    }
}
