package org.openvin.identity.internal;

import java.time.Duration;

/**
 * How long failed staff sign-ins make the next attempt wait, per kind of key. A few failures are
 * free (typing mistakes); after that each failure doubles the wait up to a cap. There is no
 * lock-out: once the wait is over the right password gets in, and attempts refused during a wait
 * are not counted, so sending more of them never makes it longer.
 * <ul>
 * <li>per account and address: 3 free, then 1 s doubling up to 15 minutes — one source guessing
 * one account;</li>
 * <li>per address: 50 free (a hospital's staff share one address), then 1 s doubling up to 15
 * minutes — one source trying many accounts;</li>
 * <li>per account, from every address: 10 free, then 1 s doubling up to only 1 minute, and never
 * for an address the account signed in from in the last 90 days — many sources guessing one
 * account are slowed, yet cannot keep its owner out.</li>
 * </ul>
 * Failures older than an hour are forgotten.
 */
record SignInDelays(Rule accountAtAddress, Rule address, Rule account, Duration forgetAfter, Duration knownAddressFor) {

    record Rule(int free, Duration first, Duration cap) {

        /** The wait after the given number of failures in a row. */
        Duration after(int failures) {
            if (failures <= free) {
                return Duration.ZERO;
            }
            int doublings = Math.min(failures - free - 1, 30);
            Duration wait = first.multipliedBy(1L << doublings);
            return wait.compareTo(cap) > 0 ? cap : wait;
        }
    }

    static final SignInDelays STANDARD = new SignInDelays(
            new Rule(3, Duration.ofSeconds(1), Duration.ofMinutes(15)),
            new Rule(50, Duration.ofSeconds(1), Duration.ofMinutes(15)),
            new Rule(10, Duration.ofSeconds(1), Duration.ofMinutes(1)),
            Duration.ofHours(1), Duration.ofDays(90));

    Rule rule(SignInThrottle.Kind kind) {
        return switch (kind) {
            case ACCOUNT_ADDRESS -> accountAtAddress;
            case ADDRESS -> address;
            case ACCOUNT -> account;
        };
    }
}
