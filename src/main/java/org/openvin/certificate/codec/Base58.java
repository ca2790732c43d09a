package org.openvin.certificate.codec;

import java.math.BigInteger;

/**
 * Base58 with the Bitcoin alphabet ("base58btc"), the encoding of {@code publicKeyBase58} and of
 * {@code publicKeyMultibase} (after its {@code z} prefix). Written here because no maintained
 * Java library for it is among the project's dependencies, and a key is a few dozen bytes.
 */
public final class Base58 {

    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final BigInteger BASE = BigInteger.valueOf(58);

    private Base58() {
    }

    public static String encode(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        BigInteger number = new BigInteger(1, bytes);
        while (number.signum() > 0) {
            BigInteger[] divided = number.divideAndRemainder(BASE);
            out.append(ALPHABET.charAt(divided[1].intValue()));
            number = divided[0];
        }
        // Each leading zero byte is written as a leading '1'.
        for (int i = 0; i < bytes.length && bytes[i] == 0; i++) {
            out.append('1');
        }
        return out.reverse().toString();
    }

    /** @throws IllegalArgumentException on a character outside the alphabet */
    public static byte[] decode(String text) {
        BigInteger number = BigInteger.ZERO;
        for (char c : text.toCharArray()) {
            int digit = ALPHABET.indexOf(c);
            if (digit < 0) {
                throw new IllegalArgumentException("Not base58: " + c);
            }
            number = number.multiply(BASE).add(BigInteger.valueOf(digit));
        }
        byte[] magnitude = number.signum() == 0 ? new byte[0] : number.toByteArray();
        int sign = magnitude.length > 1 && magnitude[0] == 0 ? 1 : 0;
        int zeros = 0;
        while (zeros < text.length() && text.charAt(zeros) == '1') {
            zeros++;
        }
        byte[] out = new byte[zeros + magnitude.length - sign];
        System.arraycopy(magnitude, sign, out, zeros, magnitude.length - sign);
        return out;
    }
}
