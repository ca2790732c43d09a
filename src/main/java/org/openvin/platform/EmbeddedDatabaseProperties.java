package org.openvin.platform;

import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded PostgreSQL used when no {@code spring.datasource.url} is set.
 *
 * @param dir where its data lives; kept across restarts
 * @param port its port, 0 for any free one
 * @param shared one server per JVM with a fresh database per application context (tests)
 * @param durable fsync and synchronous commit on; only tests turn it off, for speed
 * @param settings further server settings, passed as {@code -c name=value}: e.g.
 *        {@code openvin.embedded-db.settings.commit-delay=10} for group commit ({@code -} in a name
 *        stands for PostgreSQL's {@code _}, which Spring drops from map keys). The durability
 *        settings come from {@code durable} and cannot be overridden here.
 */
@ConfigurationProperties("openvin.embedded-db")
public record EmbeddedDatabaseProperties(
        @DefaultValue("./data/postgres") Path dir,
        @DefaultValue("0") int port,
        @DefaultValue("false") boolean shared,
        @DefaultValue("true") boolean durable,
        Map<String, String> settings) {

    @ConstructorBinding
    public EmbeddedDatabaseProperties {
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    public EmbeddedDatabaseProperties(Path dir, int port, boolean shared, boolean durable) {
        this(dir, port, shared, durable, Map.of());
    }
}
