package org.openvin.identity.internal;

import java.util.concurrent.atomic.AtomicLong;

/** Valid Aadhaar numbers for tests: 11 digits not starting 0/1, plus the Verhoeff check digit. */
public final class TestAadhaar {

    private static final AtomicLong next = new AtomicLong(20_000_000_000L + (System.nanoTime() % 1_000_000_000L) * 7);

    private TestAadhaar() {
    }

    public static String next() {
        String base = String.valueOf(next.addAndGet(13));
        return base + Verhoeff.checkDigit(base);
    }

    /** The valid number made of these 11 digits (2xxxxxxxxxx to 9xxxxxxxxxx) and their check digit. */
    public static String of(long elevenDigits) {
        String base = String.valueOf(elevenDigits);
        return base + Verhoeff.checkDigit(base);
    }

    /** The same number with a wrong last digit. */
    public static String withBadChecksum(String valid) {
        char last = valid.charAt(11);
        return valid.substring(0, 11) + (char) ('0' + ((last - '0' + 1) % 10));
    }
}
