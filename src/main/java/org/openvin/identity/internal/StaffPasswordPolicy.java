package org.openvin.identity.internal;

import com.nulabinc.zxcvbn.Zxcvbn;
import java.util.List;
import java.util.Locale;
import org.openvin.platform.ApiException;
import org.springframework.stereotype.Component;

/**
 * What a staff password must be, checked whenever one is chosen (never for the generated one-time
 * passwords): 12 to 128 characters, not the username nor containing it, and not guessable in
 * fewer than 10^8 tries by zxcvbn's estimate (score 3 or more). zxcvbn works offline against its
 * own dictionaries — the 30,000 most common passwords of a public breach corpus, English words and
 * names, keyboard patterns, dates, repeats and l33t substitutions — so {@code Password123!} or
 * {@code qwertyuiop12} are refused however long they are.
 */
@Component
class StaffPasswordPolicy {

    static final int MIN_LENGTH = 12;
    static final int MAX_LENGTH = 128;
    static final int MIN_SCORE = 3;

    private final Zxcvbn zxcvbn = new Zxcvbn();

    void check(String username, String password) {
        int length = password == null ? 0 : password.codePointCount(0, password.length());
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw ApiException.badRequest("STAFF0011",
                    "password must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters").on("password");
        }
        String name = username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
        if (name.length() >= 3 && password.toLowerCase(Locale.ROOT).contains(name)) {
            throw ApiException.badRequest("STAFF0030", "password must not contain the username").on("password");
        }
        if (score(name, password) < MIN_SCORE) {
            throw ApiException.badRequest("STAFF0031",
                    "This password is too common or too easy to guess; use a longer phrase of unrelated words")
                    .on("password");
        }
    }

    private synchronized int score(String username, String password) {
        return zxcvbn.measure(password, List.of(username, "openvin", "vaccine", "vaccination")).getScore();
    }
}
