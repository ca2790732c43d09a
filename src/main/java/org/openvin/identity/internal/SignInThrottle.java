package org.openvin.identity.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openvin.platform.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The failed-sign-in counters of {@link SignInDelays}, kept in PostgreSQL so every node sees the
 * same waits. An attempt is counted as a failure before its password is checked and refunded if
 * it succeeds: a burst of parallel guesses cannot all slip in before the first wait is written.
 */
@Component
class SignInThrottle {

    enum Kind { ACCOUNT, ACCOUNT_ADDRESS, ADDRESS }

    /** One counter; {@code ""} for the part a kind does not use. */
    record Key(Kind kind, String username, String address) {
    }

    /** This attempt's place in a counter, and the wait that starts if it fails. */
    record Counted(Key key, int failures, Duration delayIfFailed) {
    }

    /** A counter that makes sign-ins wait now, for admins. */
    record Delay(String kind, String username, String address, int failures, Instant delayed_until) {
    }

    /** A sign-in refused because of a wait; the API answers it with {@code Retry-After}. */
    static final class SlowDown extends ApiException {

        SlowDown(Duration wait) {
            super(HttpStatus.TOO_MANY_REQUESTS, "STAFF0033", "Too many failed sign-ins; try again in "
                    + seconds(wait) + " s");
            retryAfter(seconds(wait));
        }

        private static long seconds(Duration wait) {
            return Math.max(1, (wait.toMillis() + 999) / 1000);
        }
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final SignInDelays delays = SignInDelays.STANDARD;

    SignInThrottle(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    static String normalised(String username) {
        return username.trim().toLowerCase(Locale.ROOT);
    }

    /** The counters of one attempt; the per-account one only from an address the account has not signed in from. */
    List<Key> keys(String username, String address, boolean knownAddress) {
        String name = normalised(username);
        List<Key> keys = new ArrayList<>();
        if (!knownAddress) {
            keys.add(new Key(Kind.ACCOUNT, name, ""));
        }
        keys.add(new Key(Kind.ACCOUNT_ADDRESS, name, address));
        keys.add(new Key(Kind.ADDRESS, "", address));
        return keys;
    }

    /**
     * Refuses with {@link SlowDown} while any of the keys is waiting; otherwise counts the attempt
     * as a failure on each key, in one transaction (keys always in the same order, so two attempts
     * never deadlock), starting the wait its count calls for.
     */
    List<Counted> count(List<Key> keys) {
        Instant now = clock.instant();
        List<Counted> counted = new ArrayList<>();
        Duration wait = transaction.execute(status -> {
            Duration longest = longestWait(keys, now);
            if (longest != null) {
                return longest;
            }
            for (Key key : keys) {
                Integer failures = jdbc.sql("""
                                INSERT INTO staff_sign_in_failure AS f (kind, username, address, failures, last_failure_at)
                                VALUES (?, ?, ?, 1, ?)
                                ON CONFLICT (kind, username, address) DO UPDATE
                                SET failures = CASE WHEN f.last_failure_at < ? THEN 1 ELSE f.failures + 1 END,
                                    last_failure_at = excluded.last_failure_at
                                WHERE f.delayed_until IS NULL OR f.delayed_until <= excluded.last_failure_at
                                RETURNING failures""")
                        .params(key.kind().name(), key.username(), key.address(), Timestamp.from(now),
                                Timestamp.from(now.minus(delays.forgetAfter())))
                        .query(Integer.class).optional().orElse(null);
                if (failures == null) {
                    // Another node started a wait since we looked: nothing of this attempt is kept.
                    status.setRollbackOnly();
                    Duration raced = longestWait(keys, now);
                    return raced == null ? Duration.ofSeconds(1) : raced;
                }
                Duration delay = delays.rule(key.kind()).after(failures);
                jdbc.sql("UPDATE staff_sign_in_failure SET delayed_until = ? WHERE kind = ? AND username = ? AND address = ?")
                        .params(delay.isZero() ? null : Timestamp.from(now.plus(delay)), key.kind().name(),
                                key.username(), key.address())
                        .update();
                counted.add(new Counted(key, failures, delay));
            }
            return null;
        });
        if (wait != null) {
            throw new SlowDown(wait);
        }
        return counted;
    }

    private Duration longestWait(List<Key> keys, Instant now) {
        Duration longest = null;
        for (Key key : keys) {
            Timestamp until = jdbc.sql("""
                            SELECT delayed_until FROM staff_sign_in_failure
                            WHERE kind = ? AND username = ? AND address = ? AND delayed_until > ?""")
                    .params(key.kind().name(), key.username(), key.address(), Timestamp.from(now))
                    .query(Timestamp.class).optional().orElse(null);
            if (until != null) {
                Duration wait = Duration.between(now, until.toInstant());
                longest = longest == null || wait.compareTo(longest) > 0 ? wait : longest;
            }
        }
        return longest;
    }

    /**
     * The right password: the account's counters start again, and the address gives back the
     * failure counted in advance and any wait that count started.
     */
    void succeeded(List<Key> keys) {
        for (Key key : keys) {
            if (key.kind() == Kind.ADDRESS) {
                jdbc.sql("""
                                UPDATE staff_sign_in_failure SET failures = greatest(failures - 1, 0), delayed_until = NULL
                                WHERE kind = ? AND username = ? AND address = ?""")
                        .params(key.kind().name(), key.username(), key.address()).update();
            } else {
                jdbc.sql("DELETE FROM staff_sign_in_failure WHERE kind = ? AND username = ? AND address = ?")
                        .params(key.kind().name(), key.username(), key.address()).update();
            }
        }
    }

    /** An admin's reset: every wait on the account, from every address, ends now. */
    void forget(String username) {
        jdbc.sql("DELETE FROM staff_sign_in_failure WHERE username = ?").param(normalised(username)).update();
    }

    /** The waits running now, longest first. */
    List<Delay> delayed() {
        return jdbc.sql("""
                        SELECT kind, username, address, failures, delayed_until FROM staff_sign_in_failure
                        WHERE delayed_until > ? ORDER BY delayed_until DESC, kind, username, address""")
                .param(Timestamp.from(clock.instant()))
                .query((rs, n) -> new Delay(rs.getString("kind"), rs.getString("username"), rs.getString("address"),
                        rs.getInt("failures"), rs.getTimestamp("delayed_until").toInstant()))
                .list();
    }

    boolean isKnownAddress(long staffId, String address) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM staff_known_address WHERE staff_id = ? AND address = ? AND last_sign_in_at > ?)")
                .params(staffId, address, Timestamp.from(clock.instant().minus(delays.knownAddressFor())))
                .query(Boolean.class).single();
    }

    void remember(long staffId, String address) {
        jdbc.sql("""
                        INSERT INTO staff_known_address (staff_id, address, last_sign_in_at) VALUES (?, ?, ?)
                        ON CONFLICT (staff_id, address) DO UPDATE SET last_sign_in_at = excluded.last_sign_in_at""")
                .params(staffId, address, Timestamp.from(clock.instant())).update();
    }
}
