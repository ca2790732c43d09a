package org.openvin.identity.internal;

import java.security.SecureRandom;

/**
 * Generated one-time passwords (bootstrap, admin reset): 20 characters from an alphabet without
 * look-alikes (no 0/O, 1/l/I), in groups of four so they can be read out — about 116 bits.
 */
final class OneTimePasswords {

    private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom random = new SecureRandom();

    private OneTimePasswords() {
    }

    static String generate() {
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            if (i > 0 && i % 4 == 0) {
                password.append('-');
            }
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
