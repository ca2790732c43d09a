package org.openvin.identity.internal;

import org.openvin.platform.ApiException;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar openvin.jar bootstrap-admin --username=<name> [--name="<full name>"]}: runs
 * {@link BootstrappingAdmin} and prints the one-time password once, on standard output (never in
 * the log). {@code OpenVinApplication} then exits with this command's code: 0 created, 2 refused.
 */
@Component
class BootstrapAdminCommand implements ApplicationRunner, ExitCodeGenerator {

    static final String COMMAND = "bootstrap-admin";

    private final BootstrappingAdmin bootstrapping;
    private volatile int exitCode;

    BootstrapAdminCommand(BootstrappingAdmin bootstrapping) {
        this.bootstrapping = bootstrapping;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!args.getNonOptionArgs().contains(COMMAND)) {
            return;
        }
        String username = first(args, "username", "admin");
        String name = first(args, "name", null);
        try {
            var created = bootstrapping.bootstrap(username, name);
            System.out.printf("%nFirst national admin created.%n  username:           %s%n"
                            + "  one-time password:  %s%n"
                            + "Sign in at /staff/login (or POST /api/v2/auth/staff/password) and choose a new password;"
                            + " this one is shown only once.%n%n",
                    created.username(), created.oneTimePassword());
            exitCode = 0;
        } catch (ApiException e) {
            System.err.println("bootstrap-admin refused (" + e.errorCode() + "): " + e.getMessage());
            exitCode = 2;
        }
    }

    private static String first(ApplicationArguments args, String option, String otherwise) {
        var values = args.getOptionValues(option);
        return values == null || values.isEmpty() ? otherwise : values.getFirst();
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
