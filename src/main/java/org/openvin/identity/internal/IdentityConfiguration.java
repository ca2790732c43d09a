package org.openvin.identity.internal;

import java.nio.charset.StandardCharsets;
import org.openvin.platform.ApiException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

@Configuration(proxyBeanMethods = false)
class IdentityConfiguration {

    /** BCrypt reads at most 72 bytes of a password; Spring's encoder throws beyond that. */
    static final int MAX_PASSWORD_BYTES = 72;

    /**
     * bcrypt today, with the algorithm named in each hash so it can be upgraded without a migration.
     * A password longer than bcrypt can read is refused with a 400 when it is set, and never matches,
     * instead of failing inside the encoder as a 500.
     */
    @Bean
    PasswordEncoder passwordEncoder() {
        PasswordEncoder delegate = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return new PasswordEncoder() {
            @Override
            public String encode(CharSequence raw) {
                if (tooLong(raw)) {
                    throw ApiException.badRequest("STAFF0019", "password may be at most 72 bytes").on("password");
                }
                return delegate.encode(raw);
            }

            @Override
            public boolean matches(CharSequence raw, String encoded) {
                return !tooLong(raw) && delegate.matches(raw, encoded);
            }

            @Override
            public boolean upgradeEncoding(String encoded) {
                return delegate.upgradeEncoding(encoded);
            }
        };
    }

    private static boolean tooLong(CharSequence raw) {
        return raw != null && raw.toString().getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES;
    }
}
