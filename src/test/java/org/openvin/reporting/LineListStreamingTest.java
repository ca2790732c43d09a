package org.openvin.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.Citizens;
import org.openvin.OpenVinTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * A line list of one million doses streams out of an OpenVIN node whose heap is capped at
 * 96 MB — less than the CSV itself — so it cannot have been held in memory. Then officials on
 * slow networks hold more exports open than the node's pool has connections, and the node still
 * answers everything else.
 */
@OpenVinTest
class LineListStreamingTest {

    static final int ROWS = 1_000_000;
    static final String PASSWORD = "correct horse battery";

    @LocalServerPort
    int port;

    @Autowired
    javax.sql.DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PasswordEncoder passwords;

    @Test
    void aMillionRowsStreamFromANodeWithA96MbHeap() throws Exception {
        jdbc.sql("INSERT INTO centre (id, name, address, state_id, district_id, pincode) VALUES (890001, 'Bulk Centre', 'Road', 21, 395, '400080')")
                .update();
        jdbc.sql("""
                        INSERT INTO vaccination (id, beneficiary_id, dose, total_doses, vaccine, batch, vaccinated_on, centre_id,
                                                 staff_id, staff_name, certificate_id)
                        SELECT gen_random_uuid(), lpad(g::text, 14, '0'), 1, 2, 'COVISHIELD', 'LOT-' || (g % 97), current_date,
                               890001, 1, 'Bulk Vaccinator', 'URN:UVCI:01:IN:' || g
                        FROM generate_series(1, ?) g""")
                .param(ROWS).update();
        jdbc.sql("INSERT INTO staff_account (username, password_hash, name, role) VALUES ('export.root', ?, 'Root', 'NATIONAL_ADMIN')")
                .param(passwords.encode(PASSWORD)).update();
        String token = Citizens.staff(new Api(port), "export.root", PASSWORD).headerValue("Authorization");

        String url = jdbc.sql("SELECT 'jdbc:postgresql://localhost:' || current_setting('port') || '/' || current_database()")
                .query(String.class).single();
        int nodePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            nodePort = socket.getLocalPort();
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Process node = new ProcessBuilder(List.of(java, "-Xmx96m", "-cp", System.getProperty("java.class.path"),
                "org.openvin.OpenVinApplication", "--server.port=" + nodePort, "--management.server.port=0", "--spring.datasource.url=" + url,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=" + org.openvin.TestDatabase.password(dataSource), "--spring.flyway.enabled=false",
                "--spring.datasource.hikari.maximum-pool-size=4", "--openvin.keys.dir=target/test-keys"))
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target", "line-list-node.log").toFile())
                .start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            Api nodeApi = new Api(nodePort);
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    if (nodeApi.get("/actuator/health/readiness").status() == 200) {
                        break;
                    }
                } catch (RuntimeException notYet) {
                    // still starting
                }
                assertThat(node.isAlive()).as("the 96 MB node started (see target/line-list-node.log)").isTrue();
                Thread.sleep(500);
            }
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + nodePort + "/api/v2/admin/reports/line-list?state_id=21"))
                    .header("Authorization", token).timeout(Duration.ofMinutes(5)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            long lines = 0;
            long bytes = 0;
            try (InputStream in = new BufferedInputStream(response.body(), 1 << 16)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    bytes += n;
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\n') {
                            lines++;
                        }
                    }
                }
            }
            assertThat(lines).isEqualTo(ROWS + 1);
            assertThat(bytes).as("the CSV is larger than the node's whole heap").isGreaterThan(96L * 1024 * 1024);
            assertThat(node.isAlive()).isTrue();

            // Six downloads whose readers stop reading: each keeps its cursor open once the sockets are full.
            List<Socket> stalled = new ArrayList<>();
            try {
                for (int i = 0; i < 6; i++) {
                    Socket socket = new Socket();
                    socket.setReceiveBufferSize(4096);
                    socket.connect(new InetSocketAddress("localhost", nodePort));
                    socket.getOutputStream().write(("GET /api/v2/admin/reports/line-list?state_id=21 HTTP/1.1\r\nHost: localhost\r\n"
                            + "Authorization: " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                    stalled.add(socket);
                }
                // Until four cursors are open (the exports' pool is full) or 20 s have passed.
                long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                int open = 0;
                while (open < 4 && System.nanoTime() < until) {
                    Thread.sleep(200);
                    open = openCursors();
                }
                // The node's pool has 4 connections: a sign-in and a report still answer, because
                // the exports read through connections of their own. (When they read through the
                // main pool, the sign-in waited its 30 s and was answered 503 SERVER_BUSY.)
                Api official = Citizens.staff(nodeApi, "export.root", PASSWORD);
                var coverage = official.get("/api/v2/admin/reports/coverage?state_id=21");
                assertThat(coverage.status()).as(coverage.body()).isEqualTo(200);
                assertThat(openCursors()).as("line-list cursors held open by readers that stopped").isEqualTo(4);
            } finally {
                for (Socket socket : stalled) {
                    socket.close();
                }
            }
        } finally {
            node.destroy();
            node.waitFor();
        }
    }

    /** Line-list queries the server is running or holds open in their transaction (a cursor between fetches). */
    private int openCursors() {
        return jdbc.sql("""
                        SELECT count(*) FROM pg_stat_activity
                        WHERE query LIKE 'SELECT v.id, v.beneficiary_id%' AND state <> 'idle' AND pid <> pg_backend_pid()""")
                .query(Integer.class).single();
    }
}
