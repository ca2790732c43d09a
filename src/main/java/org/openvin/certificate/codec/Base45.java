package org.openvin.certificate.codec;

import java.io.ByteArrayOutputStream;

/** RFC 9285 Base45: the encoding that lets binary data use the QR code's dense alphanumeric mode. */
public final class Base45 {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

    private Base45() {
    }

    public static String encode(byte[] data) {
        StringBuilder out = new StringBuilder((data.length + 1) / 2 * 3);
        for (int i = 0; i + 1 < data.length; i += 2) {
            int n = (data[i] & 0xff) * 256 + (data[i + 1] & 0xff);
            out.append(ALPHABET.charAt(n % 45)).append(ALPHABET.charAt(n / 45 % 45)).append(ALPHABET.charAt(n / 2025));
        }
        if (data.length % 2 == 1) {
            int n = data[data.length - 1] & 0xff;
            out.append(ALPHABET.charAt(n % 45)).append(ALPHABET.charAt(n / 45));
        }
        return out.toString();
    }

    /** @throws IllegalArgumentException on a character outside the alphabet, a dangling single
     *  character, or a triplet/pair whose value does not fit in two/one byte(s) */
    public static byte[] decode(String text) {
        if (text.length() % 3 == 1) {
            throw new IllegalArgumentException("Base45 length " + text.length() + " leaves a dangling character");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() / 3 * 2 + 1);
        for (int i = 0; i < text.length(); i += 3) {
            boolean pair = i + 2 >= text.length();
            int n = valueOf(text, i) + valueOf(text, i + 1) * 45 + (pair ? 0 : valueOf(text, i + 2) * 2025);
            if (pair) {
                if (n > 0xff) {
                    throw new IllegalArgumentException("Base45 pair at " + i + " exceeds one byte");
                }
                out.write(n);
            } else {
                if (n > 0xffff) {
                    throw new IllegalArgumentException("Base45 triplet at " + i + " exceeds two bytes");
                }
                out.write(n >> 8);
                out.write(n & 0xff);
            }
        }
        return out.toByteArray();
    }

    private static int valueOf(String text, int index) {
        int value = ALPHABET.indexOf(text.charAt(index));
        if (value < 0) {
            throw new IllegalArgumentException("Not a Base45 character at " + index + ": '" + text.charAt(index) + "'");
        }
        return value;
    }
}
