package org.openvin.certificate.codec;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECParameterSpec;
import java.util.Set;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;

/**
 * ES256 (ECDSA over P-256 with SHA-256) signing through BouncyCastle, which measured 1.5 to 2 times
 * the JDK's signing rate (CertificateSigningSpeed prints both); EU DCC and SMART Health Cards sign
 * with it on every certificate. The nonce is derived as RFC 6979 specifies (HMAC-DRBG from key and
 * message), so signing needs no shared random source; verifiers cannot tell and need not. Keys
 * stay JDK / JWK keys as SigningKeys stores them; only the private scalar is read, which costs
 * nothing worth caching (BouncyCastle's precomputation belongs to the curve, not the key).
 */
final class P256Signing {

    private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(P256.getCurve(), P256.getG(), P256.getN(), P256.getH());

    private P256Signing() {
    }

    /** @return r‖s, 32 bytes each; null when the key is not a P-256 key (the caller keeps the JDK's path) */
    static byte[] sign(PrivateKey key, byte[] message) {
        if (!(key instanceof ECPrivateKey ec) || !isP256(ec.getParams())) {
            return null;
        }
        return sign(ec.getS(), message);
    }

    /** ES256 for nimbus JWS: BouncyCastle for a private P-256 JWK, nimbus's own signer for anything else. */
    static JWSSigner jwsSigner(ECKey key) throws JOSEException {
        if (!Curve.P_256.equals(key.getCurve()) || key.getD() == null) {
            return new com.nimbusds.jose.crypto.ECDSASigner(key);
        }
        BigInteger secret = key.getD().decodeToBigInteger();
        return new JWSSigner() {
            @Override
            public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
                if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
                    throw new JOSEException("Only ES256 is signed here, not " + header.getAlgorithm());
                }
                return Base64URL.encode(P256Signing.sign(secret, signingInput));
            }

            @Override
            public Set<JWSAlgorithm> supportedJWSAlgorithms() {
                return Set.of(JWSAlgorithm.ES256);
            }

            @Override
            public JCAContext getJCAContext() {
                return new JCAContext();
            }
        };
    }

    private static boolean isP256(ECParameterSpec params) {
        return params.getOrder().equals(P256.getN()) && params.getCofactor() == 1
                && params.getCurve().getField().getFieldSize() == 256
                && params.getGenerator().getAffineX().equals(P256.getG().getAffineXCoord().toBigInteger())
                && params.getGenerator().getAffineY().equals(P256.getG().getAffineYCoord().toBigInteger());
    }

    private static byte[] sign(BigInteger secret, byte[] message) {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(message);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(secret, DOMAIN));
        BigInteger[] rs = signer.generateSignature(hash);
        byte[] raw = new byte[64];
        fixed(rs[0], raw, 0);
        fixed(rs[1], raw, 32);
        return raw;
    }

    /** Big-endian, left-padded to 32 bytes; r and s are below the group order, so they fit. */
    private static void fixed(BigInteger value, byte[] target, int offset) {
        byte[] bytes = value.toByteArray();
        int skip = bytes.length > 32 ? bytes.length - 32 : 0;
        System.arraycopy(bytes, skip, target, offset + 32 - (bytes.length - skip), bytes.length - skip);
    }
}
