package org.openvin.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * The watchdog wakes requests that wait on the pool of a database that is away by interrupting
 * them. A request must never keep that interrupt: on a virtual thread the next socket write
 * (the 503 itself) would close the client's connection, which then gets no answer at all.
 */
class FailFastDataSourceTest {

    @Test
    void aRequestWokenBecauseTheDatabaseIsAwayIsNotLeftInterrupted() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + closedPort + "/nothing");
        config.setUsername("nobody");
        config.setInitializationFailTimeout(-1);
        config.setConnectionTimeout(250); // the pool gives up before the watchdog looks: the request itself finds the server away
        try (HikariDataSource pool = new HikariDataSource(config)) {
            FailFastDataSource dataSource = new FailFastDataSource(pool);
            ConcurrentLinkedQueue<String> leftInterrupted = new ConcurrentLinkedQueue<>();
            List<Thread> requests = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                requests.add(Thread.ofVirtual().start(() -> {
                    assertThatThrownBy(dataSource::getConnection).isInstanceOf(SQLException.class);
                    if (Thread.interrupted()) {
                        leftInterrupted.add(Thread.currentThread().toString());
                    }
                    // Asked again while the database is away: refused at once, still not interrupted.
                    assertThatThrownBy(dataSource::getConnection).isInstanceOf(SQLException.class);
                    if (Thread.interrupted()) {
                        leftInterrupted.add(Thread.currentThread() + " (second call)");
                    }
                }));
            }
            for (Thread request : requests) {
                request.join(10_000);
                assertThat(request.isAlive()).isFalse();
            }
            assertThat(leftInterrupted).as("requests left with the watchdog's interrupt").isEmpty();
        }
    }
}
