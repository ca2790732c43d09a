package org.openvin.identity.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

@Configuration(proxyBeanMethods = false)
class IdentityConfiguration {

    static final String BCRYPT_SHA256 = "bcrypt-sha256";

    /**
     * BCrypt over the SHA-256 of the password, with the algorithm named in each hash
     * ({@code {bcrypt-sha256}}): BCrypt reads only the first 72 bytes, so a long pass-phrase would
     * otherwise be cut silently (and Spring's encoder refuses it with an exception). Hashes made
     * before ({@code {bcrypt}}) still match and are re-hashed at the next sign-in. Argon2 would need
     * no pre-hash but costs megabytes per attempt, which an attacker could multiply.
     */
    @Bean
    PasswordEncoder passwordEncoder() {
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
        PasswordEncoder legacy = new PasswordEncoder() {
            @Override
            public String encode(CharSequence raw) {
                return bcrypt.encode(raw);
            }

            @Override
            public boolean matches(CharSequence raw, String encoded) {
                // A password over 72 bytes was never accepted by this encoder, so it cannot match;
                // the check still costs one BCrypt, like any wrong password.
                if (raw.toString().getBytes(StandardCharsets.UTF_8).length > 72) {
                    bcrypt.matches("", encoded);
                    return false;
                }
                return bcrypt.matches(raw, encoded);
            }
        };
        return new DelegatingPasswordEncoder(BCRYPT_SHA256, Map.of(BCRYPT_SHA256, new Sha256Bcrypt(bcrypt), "bcrypt", legacy));
    }

    /** BCrypt of the base64 SHA-256 digest (44 characters, no NUL byte), so every character counts. */
    private record Sha256Bcrypt(BCryptPasswordEncoder bcrypt) implements PasswordEncoder {

        @Override
        public String encode(CharSequence raw) {
            return bcrypt.encode(digest(raw));
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            return bcrypt.matches(digest(raw), encoded);
        }

        private static String digest(CharSequence raw) {
            try {
                byte[] hash = MessageDigest.getInstance("SHA-256").digest(raw.toString().getBytes(StandardCharsets.UTF_8));
                return Base64.getEncoder().encodeToString(hash);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every JDK", e);
            }
        }
    }
}
