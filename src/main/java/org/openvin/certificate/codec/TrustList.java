package org.openvin.certificate.codec;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The EU DCC verifier's trust store: document signer keys by kid. Several keys may share a kid
 * (8 bytes of a hash collide, and the spec says to try each), and keys stay listed after rotation
 * so certificates signed before it keep verifying.
 */
public final class TrustList {

    private final Map<String, List<PublicKey>> keysByKid = new LinkedHashMap<>();
    /** The certificates behind the keys, where known: their extended key usage limits what they may sign. */
    private final Map<String, List<X509Certificate>> certificatesByKid = new LinkedHashMap<>();

    /** Trusts the certificate's key under the kid computed from the certificate. */
    public TrustList add(X509Certificate certificate) {
        certificatesByKid.computeIfAbsent(Base64.getEncoder().encodeToString(kidOf(certificate)), k -> new ArrayList<>())
                .add(certificate);
        return add(kidOf(certificate), certificate.getPublicKey());
    }

    public TrustList add(byte[] kid, PublicKey key) {
        keysByKid.computeIfAbsent(Base64.getEncoder().encodeToString(kid), k -> new ArrayList<>()).add(key);
        return this;
    }

    /** The keys listed under this kid, empty when none. */
    public List<PublicKey> keysFor(byte[] kid) {
        return List.copyOf(keysByKid.getOrDefault(Base64.getEncoder().encodeToString(kid), List.of()));
    }

    /** The certificates listed under this kid, empty when none or when only bare keys were added. */
    public List<X509Certificate> certificatesFor(byte[] kid) {
        return List.copyOf(certificatesByKid.getOrDefault(Base64.getEncoder().encodeToString(kid), List.of()));
    }

    /** kid = first 8 bytes of SHA-256 over the DER-encoded signing certificate. */
    public static byte[] kidOf(X509Certificate certificate) {
        try {
            return kidOf(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("Certificate cannot be encoded", e);
        }
    }

    public static byte[] kidOf(byte[] derCertificate) {
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(derCertificate), 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
