package org.openvin;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.openvin.platform.DatabaseBackup;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * OpenVIN: one deployable application, organised as Spring Modulith modules — one direct
 * sub-package per capability (profile, identity, registry, scheduling, vaccination, certificate,
 * stock, aefi, reporting, notification) plus {@code platform} for the plumbing they share.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OpenVinApplication {

    /** The one-off command that creates the first national admin (identity's BootstrapAdminCommand). */
    static final String BOOTSTRAP_ADMIN = "bootstrap-admin";

    public static void main(String[] args) {
        List<String> words = Arrays.asList(args);
        if (words.contains(DatabaseBackup.BACKUP) || words.contains(DatabaseBackup.RESTORE)) {
            // Plain JDBC on the database alone: nothing else of the application starts.
            System.exit(DatabaseBackup.run(args));
        }
        if (Arrays.asList(args).contains(BOOTSTRAP_ADMIN)) {
            // A one-off run beside (or instead of) the service: no public or management port of its own.
            String[] command = Stream.concat(Arrays.stream(args), Stream.of("--server.port=0",
                    "--server.address=127.0.0.1", "--management.server.port=-1")).toArray(String[]::new);
            System.exit(SpringApplication.exit(SpringApplication.run(OpenVinApplication.class, command)));
        }
        SpringApplication.run(OpenVinApplication.class, args);
    }
}
