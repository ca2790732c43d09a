package org.openvin.platform;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded PostgreSQL used when no {@code spring.datasource.url} is set.
 *
 * @param dir where its data lives; kept across restarts
 * @param port its port, 0 for any free one
 * @param shared one server per JVM with a fresh database per application context (tests)
 * @param durable fsync and synchronous commit on; only tests turn it off, for speed
 */
@ConfigurationProperties("openvin.embedded-db")
public record EmbeddedDatabaseProperties(
        @DefaultValue("./data/postgres") Path dir,
        @DefaultValue("0") int port,
        @DefaultValue("false") boolean shared,
        @DefaultValue("true") boolean durable) {
}
