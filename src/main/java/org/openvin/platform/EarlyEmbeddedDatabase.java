package org.openvin.platform;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Starts the embedded PostgreSQL on a background thread as soon as its settings are known, while
 * Spring is still building the application context: one after the other, the two were most of
 * the cold start. {@link EmbeddedDatabaseConfiguration} takes the running server; if start-up
 * fails before it does, the server is stopped when the JVM exits.
 */
class EarlyEmbeddedDatabase implements EnvironmentPostProcessor {

    private record Early(EmbeddedDatabaseProperties properties, CompletableFuture<EmbeddedDatabase> database) {
    }

    private static final AtomicReference<Early> early = new AtomicReference<>();

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String url = environment.getProperty("spring.datasource.url");
        if (url != null && !url.isBlank()) {
            return;
        }
        EmbeddedDatabaseProperties properties = Binder.get(environment)
                .bindOrCreate("openvin.embedded-db", EmbeddedDatabaseProperties.class);
        if (properties.shared()) {
            return;
        }
        CompletableFuture<EmbeddedDatabase> database = new CompletableFuture<>();
        Thread.ofPlatform().name("embedded-postgres-start").daemon().start(() -> {
            try {
                database.complete(EmbeddedDatabase.start(properties));
            } catch (Throwable e) {
                database.completeExceptionally(e);
            }
        });
        Early started = new Early(properties, database);
        stopUnclaimed(early.getAndSet(started));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (early.compareAndSet(started, null)) {
                stopUnclaimed(started);
            }
        }));
    }

    /** The server started early with these settings, or else one started now. */
    static EmbeddedDatabase take(EmbeddedDatabaseProperties properties) {
        Early started = early.getAndSet(null);
        if (started != null && started.properties().equals(properties)) {
            try {
                return started.database().join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        stopUnclaimed(started);
        return EmbeddedDatabase.start(properties);
    }

    private static void stopUnclaimed(Early started) {
        if (started == null) {
            return;
        }
        try {
            started.database().get(60, TimeUnit.SECONDS).close();
        } catch (Exception e) {
            // It never came up, or is already gone: nothing to stop.
        }
    }
}
