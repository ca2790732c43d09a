package org.openvin.certificate.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.security.interfaces.ECPublicKey;

/**
 * Makes a self-signed X.509 v3 certificate for an EC key with the plain JDK (which has no public
 * API for it), by writing the DER by hand. The EU DCC kid is derived from the signing
 * certificate, so an issuer that is its own trust anchor still needs one to publish.
 */
public final class SelfSignedCertificate {

    private static final byte[] ECDSA_WITH_SHA256 = Der.sequence(oid("1.2.840.10045.4.3.2"));
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter GENERALIZED_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    private SelfSignedCertificate() {
    }

    /**
     * @param commonName subject and issuer CN, e.g. "OpenVIN DSC LK 2026-1"
     * @param country    ISO 3166 alpha-2, written as the C attribute
     */
    public static X509Certificate create(KeyPair keyPair, String commonName, String country, Instant notBefore, Instant notAfter) {
        return create(keyPair, commonName, country, notBefore, notAfter, List.of());
    }

    /**
     * @param extendedKeyUsages OIDs for an extended key usage extension, none for no extension;
     *                          EU DCC signers use them to limit which certificate types they sign
     */
    public static X509Certificate create(KeyPair keyPair, String commonName, String country, Instant notBefore, Instant notAfter,
                                         List<String> extendedKeyUsages) {
        if (!(keyPair.getPublic() instanceof ECPublicKey)) {
            throw new IllegalArgumentException("Only EC keys are supported, got " + keyPair.getPublic().getAlgorithm());
        }
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("notAfter must be after notBefore");
        }
        byte[] name = Der.sequence(
                Der.tlv(0x31, Der.sequence(oid("2.5.4.6"), Der.tlv(0x13, country.getBytes(StandardCharsets.US_ASCII)))),
                Der.tlv(0x31, Der.sequence(oid("2.5.4.3"), Der.tlv(0x0c, commonName.getBytes(StandardCharsets.UTF_8)))));
        byte[] serial = new byte[16];
        new SecureRandom().nextBytes(serial);
        // Critical keyUsage = digitalSignature: a document signer signs certificates, nothing else.
        byte[] keyUsage = Der.sequence(oid("2.5.29.15"), Der.tlv(0x01, new byte[] {(byte) 0xff}),
                Der.tlv(0x04, Der.tlv(0x03, new byte[] {0x07, (byte) 0x80})));
        byte[] tbs = Der.sequence(
                Der.tlv(0xa0, Der.tlv(0x02, new byte[] {2})),
                Der.tlv(0x02, new BigInteger(1, serial).toByteArray()),
                ECDSA_WITH_SHA256,
                name,
                Der.sequence(time(notBefore), time(notAfter)),
                name,
                keyPair.getPublic().getEncoded(),
                Der.tlv(0xa3, extendedKeyUsages.isEmpty() ? Der.sequence(keyUsage)
                        : Der.sequence(keyUsage, Der.sequence(oid("2.5.29.37"), Der.tlv(0x04,
                                Der.sequence(extendedKeyUsages.stream().map(SelfSignedCertificate::oid).toArray(byte[][]::new)))))));
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(keyPair.getPrivate());
            signer.update(tbs);
            byte[] signature = signer.sign();
            byte[] bitString = new byte[signature.length + 1];
            System.arraycopy(signature, 0, bitString, 1, signature.length);
            byte[] der = Der.sequence(tbs, ECDSA_WITH_SHA256, Der.tlv(0x03, bitString));
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not sign the certificate", e);
        }
    }

    private static byte[] time(Instant instant) {
        // RFC 5280: UTCTime through 2049, GeneralizedTime from 2050.
        boolean before2050 = instant.isBefore(Instant.parse("2050-01-01T00:00:00Z"));
        String text = (before2050 ? UTC_TIME : GENERALIZED_TIME).format(instant);
        return Der.tlv(before2050 ? 0x17 : 0x18, text.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(Integer.parseInt(arcs[0]) * 40 + Integer.parseInt(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            long arc = Long.parseLong(arcs[i]);
            int groups = 1;
            while (arc >> (7 * groups) != 0) {
                groups++;
            }
            for (int g = groups - 1; g >= 0; g--) {
                body.write((int) ((arc >> (7 * g)) & 0x7f) | (g > 0 ? 0x80 : 0));
            }
        }
        return Der.tlv(0x06, body.toByteArray());
    }
}
