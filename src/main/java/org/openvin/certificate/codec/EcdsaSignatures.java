package org.openvin.certificate.codec;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * COSE and JOSE carry ECDSA signatures as raw {@code r‖s} (each half the key size); Java's
 * {@code Signature} reads and writes ASN.1 DER {@code SEQUENCE { INTEGER r, INTEGER s }}.
 * Getting this wrong makes every certificate fail, so both directions live here.
 */
public final class EcdsaSignatures {

    private EcdsaSignatures() {
    }

    /** @throws IllegalArgumentException when the raw signature is empty or of odd length */
    public static byte[] rawToDer(byte[] raw) {
        if (raw.length == 0 || raw.length % 2 != 0) {
            throw new IllegalArgumentException("Raw ECDSA signature must be r‖s of equal halves, got " + raw.length + " bytes");
        }
        int half = raw.length / 2;
        byte[] r = new BigInteger(1, Arrays.copyOfRange(raw, 0, half)).toByteArray();
        byte[] s = new BigInteger(1, Arrays.copyOfRange(raw, half, raw.length)).toByteArray();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        Der.writeTlv(body, 0x02, r);
        Der.writeTlv(body, 0x02, s);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Der.writeTlv(out, 0x30, body.toByteArray());
        return out.toByteArray();
    }

    /** @param halfLength bytes per integer: 32 for P-256, 48 for P-384 */
    public static byte[] derToRaw(byte[] der, int halfLength) {
        Der.Reader sequence = new Der.Reader(der).enter(0x30);
        BigInteger r = new BigInteger(sequence.read(0x02));
        BigInteger s = new BigInteger(sequence.read(0x02));
        byte[] raw = new byte[halfLength * 2];
        copyUnsigned(r, raw, 0, halfLength);
        copyUnsigned(s, raw, halfLength, halfLength);
        return raw;
    }

    private static void copyUnsigned(BigInteger value, byte[] target, int offset, int length) {
        byte[] bytes = value.toByteArray();
        int start = bytes.length > length ? bytes.length - length : 0;
        int count = bytes.length - start;
        if (count > length || value.signum() < 0) {
            throw new IllegalArgumentException("ECDSA integer does not fit in " + length + " bytes");
        }
        System.arraycopy(bytes, start, target, offset + length - count, count);
    }
}
