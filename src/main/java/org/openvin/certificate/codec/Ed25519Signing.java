package org.openvin.certificate.codec;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519 signing through BouncyCastle's implementation, which signs many times faster than the
 * JDK's pure-Java EdDSA (CertificateSigningSpeed prints both). Keys stay JDK keys, as SigningKeys stores
 * and publishes them: the 32-byte seed is all BouncyCastle needs, and since Ed25519 signatures are
 * deterministic both produce the same bytes for the same key and message. Verifying stays on the JDK.
 */
final class Ed25519Signing {

    /** The last key converted, with its public key computed once: one active key signs everything. */
    private static volatile Converted last;

    private record Converted(PrivateKey key, Ed25519PrivateKeyParameters parameters) {
    }

    private Ed25519Signing() {
    }

    /** @throws IllegalArgumentException when the key is not an Ed25519 private key */
    static byte[] sign(PrivateKey key, byte[] message) {
        Ed25519PrivateKeyParameters parameters = parameters(key);
        if (parameters == null) {
            return signWithJdk(key, message);
        }
        byte[] signature = new byte[Ed25519PrivateKeyParameters.SIGNATURE_SIZE];
        parameters.sign(Ed25519.Algorithm.Ed25519, null, message, 0, message.length, signature, 0);
        return signature;
    }

    /** Null for a key without an accessible Ed25519 seed (e.g. one held by a hardware provider). */
    private static Ed25519PrivateKeyParameters parameters(PrivateKey key) {
        Converted converted = last;
        if (converted != null && converted.key() == key) {
            return converted.parameters();
        }
        if (!(key instanceof EdECPrivateKey edec) || !"Ed25519".equalsIgnoreCase(edec.getParams().getName())) {
            return null;
        }
        byte[] seed = edec.getBytes().orElse(null);
        if (seed == null || seed.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
            return null;
        }
        Ed25519PrivateKeyParameters parameters = new Ed25519PrivateKeyParameters(seed);
        parameters.generatePublicKey();
        last = new Converted(key, parameters);
        return parameters;
    }

    static byte[] signWithJdk(PrivateKey key, byte[] message) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Not an Ed25519 private key", e);
        }
    }
}
