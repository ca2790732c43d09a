package org.openvin.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.Citizens;
import org.openvin.OpenVinTest;
import org.openvin.platform.BearerTokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * A valid token costs no SQL: every statement the application prepares while it serves an HTTP
 * request is logged (the data source is wrapped; background work, which serves no request, is not
 * logged), and an authenticated call that needs no data of its own runs none. Also prints the
 * requests per second with the check before this change (one query per request, reproduced here)
 * and after, in this one JVM — figures, not assertions.
 */
@OpenVinTest
@Import(TokenCheckCostTest.Config.class)
class TokenCheckCostTest {

    /** Statements prepared on a thread serving an HTTP request, as "URI: SQL". */
    static final Queue<String> requestStatements = new ConcurrentLinkedQueue<>();
    /** When set, every token check also runs the query each request made before revocations were in memory. */
    static volatile boolean checkAsBefore;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    BearerTokens bearerTokens;

    @Test
    void aValidTokenCostsNoSql() {
        Api citizen = Citizens.login(new Api(port), Citizens.newMobile());
        jdbc.sql("INSERT INTO staff_account (username, password_hash, name, role) VALUES ('cost.root', ?, 'Root', 'NATIONAL_ADMIN')")
                .param(passwords.encode("correct horse battery")).update();
        Api staff = Citizens.staff(new Api(port), "cost.root", "correct horse battery");

        // Authenticated (403, not 401: the token was accepted) and refused by role before any handler runs.
        assertThat(statementsOf(() -> assertThat(citizen.get("/api/v2/admin/staff").status()).isEqualTo(403)))
                .as("a citizen token's check").isEmpty();
        assertThat(statementsOf(() -> assertThat(staff.get("/api/v2/appointment/beneficiaries").status()).isEqualTo(403)))
                .as("a staff token's check").isEmpty();
        // The log sees request statements: the check as it was shows one.
        checkAsBefore = true;
        try {
            assertThat(statementsOf(() -> assertThat(citizen.get("/api/v2/admin/staff").status()).isEqualTo(403)))
                    .singleElement().asString().contains("revoked_token");
        } finally {
            checkAsBefore = false;
        }
        // A call with data of its own: only its own statements, none about tokens.
        assertThat(statementsOf(() -> assertThat(citizen.get("/api/v2/appointment/beneficiaries").status()).isEqualTo(200)))
                .noneMatch(sql -> sql.contains("revoked_token") || sql.contains("token_revocation")
                        || sql.contains("staff_account"));
        assertThat(statementsOf(() -> assertThat(staff.get("/api/v2/admin/staff").status()).isEqualTo(200)))
                .noneMatch(sql -> sql.contains("revoked_token") || sql.contains("token_revocation")
                        || sql.contains("token_generation"));

        // A revoked token is still refused, from memory.
        assertThat(citizen.get("/api/v2/auth/logout").status()).isEqualTo(200);
        assertThat(statementsOf(() -> assertThat(citizen.get("/api/v2/admin/staff").status()).isEqualTo(401))).isEmpty();

        // The check alone, in this thread: no HTTP around it.
        String token = fresh(port).headerValue("Authorization").substring("Bearer ".length());
        for (int round = 0; round < 3; round++) {
            checkAsBefore = true;
            double before = checksPerSecond(token, Duration.ofSeconds(2));
            checkAsBefore = false;
            double after = checksPerSecond(token, Duration.ofSeconds(2));
            System.out.printf("token checks in one thread, round %d: %.0f/s with the SQL check, %.0f/s in memory%n",
                    round + 1, before, after);
        }

        // Rounds alternate so that warming up and the other helpers' load on the machine fall on both.
        Api fresh = Citizens.login(new Api(port), Citizens.newMobile());
        for (String path : List.of("/api/v2/admin/staff", "/api/v2/appointment/beneficiaries")) {
            checkAsBefore = true;
            requestsPerSecond(fresh, path, Duration.ofSeconds(2));
            checkAsBefore = false;
            requestsPerSecond(fresh, path, Duration.ofSeconds(2));
            List<Double> before = new ArrayList<>();
            List<Double> after = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                checkAsBefore = true;
                before.add(requestsPerSecond(fresh, path, Duration.ofSeconds(3)));
                checkAsBefore = false;
                after.add(requestsPerSecond(fresh, path, Duration.ofSeconds(3)));
            }
            System.out.printf("authenticated GET %s, 8 clients, requests/s per round: SQL check %s, in memory %s; medians %.0f -> %.0f (x%.2f)%n",
                    path, rounded(before), rounded(after), median(before), median(after), median(after) / median(before));
        }
        requestStatements.clear();
    }

    private static Api fresh(int port) {
        return Citizens.login(new Api(port), Citizens.newMobile());
    }

    private double checksPerSecond(String token, Duration lasting) {
        long end = System.nanoTime() + lasting.toNanos();
        long checks = 0;
        while (System.nanoTime() < end) {
            assertThat(bearerTokens.authenticate(token)).isPresent();
            checks++;
        }
        return checks / (lasting.toNanos() / 1e9);
    }

    private static List<Long> rounded(List<Double> figures) {
        return figures.stream().map(Math::round).toList();
    }

    private static double median(List<Double> figures) {
        return figures.stream().sorted().toList().get(figures.size() / 2);
    }

    private static List<String> statementsOf(Runnable call) {
        requestStatements.clear();
        call.run();
        return new ArrayList<>(requestStatements);
    }

    private static double requestsPerSecond(Api api, String path, Duration lasting) {
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + lasting.toNanos();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            clients.add(Thread.ofPlatform().start(() -> {
                while (System.nanoTime() < end) {
                    int status = api.get(path).status();
                    if (status == 200 || status == 403) {
                        done.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : clients) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        requestStatements.clear();
        return done.get() / (lasting.toNanos() / 1e9);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Config {

        @Bean
        static BeanPostProcessor statementLog() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof DataSource ds && !(bean instanceof Logging) ? new Logging(ds) : bean;
                }
            };
        }

        /** The check as it was before revocations were kept in memory, when the test asks for it. */
        @Bean
        @Primary
        BearerTokens checkingAsBeforeWhenAsked(Tokens tokens, JdbcClient jdbc) {
            return new BearerTokens() {
                @Override
                public Optional<Authentication> authenticate(String token) {
                    if (checkAsBefore) {
                        try {
                            String jti = SignedJWT.parse(token).getJWTClaimsSet().getJWTID();
                            jdbc.sql("SELECT EXISTS (SELECT 1 FROM revoked_token WHERE jti = ?)").param(jti)
                                    .query(Boolean.class).single();
                        } catch (java.text.ParseException e) {
                            return Optional.empty();
                        }
                    }
                    return tokens.authenticate(token);
                }
            };
        }
    }

    /** Logs the statements prepared on connections used while an HTTP request is being served. */
    static final class Logging extends DelegatingDataSource {

        Logging(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            return logging(super.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return logging(super.getConnection(username, password));
        }

        private static Connection logging(Connection connection) {
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                    handler(connection, (proxy, method, args) -> {
                        if ((method.getName().startsWith("prepare")) && args != null && args[0] instanceof String sql) {
                            log(sql);
                        }
                        Object result = method.invoke(connection, args);
                        if (method.getName().equals("createStatement")) {
                            Statement statement = (Statement) result;
                            return Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {Statement.class},
                                    handler(statement, (p, m, a) -> {
                                        if ((m.getName().startsWith("execute") || m.getName().equals("addBatch"))
                                                && a != null && a[0] instanceof String sql) {
                                            log(sql);
                                        }
                                        return m.invoke(statement, a);
                                    }));
                        }
                        return result;
                    }));
        }

        private static InvocationHandler handler(Object target, InvocationHandler logging) {
            return (proxy, method, args) -> {
                switch (method.getName()) {
                    case "equals" -> {
                        return proxy == args[0];
                    }
                    case "hashCode" -> {
                        return System.identityHashCode(proxy);
                    }
                    default -> {
                        try {
                            return logging.invoke(proxy, method, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }
                }
            };
        }

        private static void log(String sql) {
            if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request) {
                requestStatements.add(request.getRequest().getRequestURI() + ": " + sql.strip());
            }
        }
    }
}
