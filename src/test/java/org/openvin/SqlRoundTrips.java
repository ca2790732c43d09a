package org.openvin;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.Filter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * Counts the round trips to PostgreSQL that one HTTP request makes on its own thread: every
 * statement executed (a JDBC batch counts once: the driver pipelines it), and every COMMIT or
 * ROLLBACK the driver actually sends (none when no transaction is open). A request carrying the
 * header {@value #HEADER} has its SQL recorded under the header's value. Work handed to other
 * threads (the availability index's catch-up, the SMS dispatcher) is not the request's and is not
 * counted; nor is the pool's own validation of an idle connection.
 *
 * <p>Import {@link Config} into a test: it wraps the data source (so the test gets a Spring
 * context of its own) and puts a filter in front of every other, security included.
 */
public final class SqlRoundTrips {

    public static final String HEADER = "X-Count-Round-Trips";

    private static final AtomicInteger TRACES = new AtomicInteger();
    private static final ThreadLocal<List<String>> current = new ThreadLocal<>();
    private static final Map<String, List<String>> traces = new ConcurrentHashMap<>();
    private static final Set<String> EXECUTES = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate",
            "executeBatch", "executeLargeBatch");

    private SqlRoundTrips() {
    }

    /** The round trips of the request sent with {@code HEADER: trace}, in order (SQL text, or COMMIT / ROLLBACK). */
    public static List<String> of(String trace) {
        List<String> trips = traces.get(trace);
        if (trips == null) {
            throw new IllegalStateException("No request was traced as " + trace);
        }
        synchronized (trips) {
            return List.copyOf(trips);
        }
    }

    /**
     * Posts {@code body} to {@code path} as {@code caller}, traced; checks the status, prints the
     * round trips (for a reader of the test log) and returns them.
     */
    public static List<String> ofPost(Api caller, String path, Object body, int status) {
        String trace = path + "#" + TRACES.incrementAndGet();
        var answer = caller.with(HEADER, trace).post(path, body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        List<String> trips = of(trace);
        System.out.println(trace + ": " + trips.size() + " round trips");
        trips.forEach(t -> System.out.println("  " + (t.length() > 160 ? t.substring(0, 160) + "…" : t)));
        return trips;
    }

    private static void record(String what) {
        List<String> trips = current.get();
        if (trips != null) {
            synchronized (trips) {
                trips.add(what.strip().replaceAll("\\s+", " "));
            }
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    public static class Config {

        @Bean
        static BeanPostProcessor countingRoundTrips() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof DataSource ds && !(Proxy.isProxyClass(bean.getClass())) ? counting(ds) : bean;
                }
            };
        }

        @Bean
        FilterRegistrationBean<Filter> roundTripTracing() {
            FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
                String trace = request instanceof jakarta.servlet.http.HttpServletRequest http ? http.getHeader(HEADER) : null;
                if (trace == null) {
                    chain.doFilter(request, response);
                    return;
                }
                List<String> trips = Collections.synchronizedList(new ArrayList<>());
                traces.put(trace, trips);
                current.set(trips);
                try {
                    chain.doFilter(request, response);
                } finally {
                    current.remove();
                }
            });
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
            return registration;
        }
    }

    private static DataSource counting(DataSource target) {
        return (DataSource) proxy(DataSource.class, target, new Hook() {
            @Override
            public Object after(java.lang.reflect.Method method, Object[] args, Object result) {
                return result instanceof Connection c ? proxy(Connection.class, c, connectionHandler(c)) : result;
            }
        });
    }

    private static Hook connectionHandler(Connection c) {
        return new Hook() {
            @Override
            public void before(java.lang.reflect.Method method, Object[] args) throws Exception {
                if (method.getName().equals("commit") || method.getName().equals("rollback") && args == null) {
                    // The driver sends nothing when no statement has run since the last commit.
                    if (c.unwrap(BaseConnection.class).getTransactionState() != TransactionState.IDLE) {
                        record(method.getName().toUpperCase());
                    }
                }
            }

            @Override
            public Object after(java.lang.reflect.Method method, Object[] args, Object result) {
                if (result instanceof Statement s) {
                    String sql = args != null && args.length > 0 && args[0] instanceof String text ? text : null;
                    Class<?> type = s instanceof java.sql.CallableStatement ? java.sql.CallableStatement.class
                            : s instanceof java.sql.PreparedStatement ? java.sql.PreparedStatement.class : Statement.class;
                    return proxy(type, s, new Hook() {
                        @Override
                        public void before(java.lang.reflect.Method m, Object[] a) {
                            if (EXECUTES.contains(m.getName())) {
                                record(a != null && a.length > 0 && a[0] instanceof String text ? text
                                        : (m.getName().contains("Batch") ? "BATCH " : "") + sql);
                            }
                        }
                    });
                }
                return result;
            }
        };
    }

    private interface Hook {
        default void before(java.lang.reflect.Method method, Object[] args) throws Exception {
        }

        default Object after(java.lang.reflect.Method method, Object[] args, Object result) throws Exception {
            return result;
        }
    }

    private static Object proxy(Class<?> type, Object target, Hook hook) {
        InvocationHandler handler = (p, method, args) -> {
            if (method.getName().equals("unwrap") && args != null && args[0] instanceof Class<?> wanted
                    && wanted.isInstance(target)) {
                return target;
            }
            hook.before(method, args);
            try {
                return hook.after(method, args, method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return Proxy.newProxyInstance(SqlRoundTrips.class.getClassLoader(), new Class<?>[] {type}, handler);
    }
}
