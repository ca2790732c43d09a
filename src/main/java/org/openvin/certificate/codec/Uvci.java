package org.openvin.certificate.codec;

import java.util.regex.Pattern;

/**
 * Unique Vaccination Certificate Identifier (eHealth Network UVCI guidelines):
 * {@code URN:UVCI:01:<country>:<issuer-defined>#<check>}. The check character is Luhn mod N
 * over the 38-symbol alphabet and covers the whole string including the {@code URN:UVCI:} prefix,
 * so a mistyped identifier read out over the phone is caught before any lookup.
 */
public final class Uvci {

    static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/:";
    private static final String PREFIX = "URN:UVCI:01:";
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern ISSUER_PART = Pattern.compile("[A-Z0-9/:]+");

    private Uvci() {
    }

    /** @param issuerPart the issuer-defined part, upper-case letters, digits, '/' and ':' only */
    public static String of(String country, String issuerPart) {
        if (!COUNTRY.matcher(country).matches()) {
            throw new IllegalArgumentException("Country must be ISO 3166 alpha-2 upper-case: " + country);
        }
        if (!ISSUER_PART.matcher(issuerPart).matches()) {
            throw new IllegalArgumentException("Issuer part may hold only A-Z, 0-9, '/' and ':': " + issuerPart);
        }
        String body = PREFIX + country + ":" + issuerPart;
        return body + "#" + checkCharacter(body);
    }

    /** True when the identifier has the version-01 shape and, if it carries one, a correct check character. */
    public static boolean isValid(String uvci) {
        int hash = uvci.indexOf('#');
        String body = hash < 0 ? uvci : uvci.substring(0, hash);
        if (!body.startsWith(PREFIX) || body.length() <= PREFIX.length() + 3
                || !COUNTRY.matcher(body.substring(PREFIX.length(), PREFIX.length() + 2)).matches()
                || body.charAt(PREFIX.length() + 2) != ':'
                || !ISSUER_PART.matcher(body.substring(PREFIX.length() + 3)).matches()) {
            return false;
        }
        if (hash < 0) {
            return true;
        }
        String check = uvci.substring(hash + 1);
        return check.length() == 1 && check.charAt(0) == checkCharacter(body);
    }

    /** Luhn mod N (N = 38): double every second code point counting from the right. */
    static char checkCharacter(String body) {
        int n = ALPHABET.length();
        int factor = 2;
        int sum = 0;
        for (int i = body.length() - 1; i >= 0; i--) {
            int codePoint = ALPHABET.indexOf(body.charAt(i));
            if (codePoint < 0) {
                throw new IllegalArgumentException("Character outside the UVCI alphabet: '" + body.charAt(i) + "'");
            }
            int addend = factor * codePoint;
            factor = factor == 2 ? 1 : 2;
            sum += addend / n + addend % n;
        }
        return ALPHABET.charAt((n - sum % n) % n);
    }
}
