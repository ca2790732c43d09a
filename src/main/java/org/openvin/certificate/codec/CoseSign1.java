package org.openvin.certificate.codec;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A COSE_Sign1 message (RFC 9052) with the two algorithms the EU DCC allows: ES256 (-7) and
 * PS256 (-37). Header maps are kept as decoded; the protected header is also kept as the exact
 * bytes received, because the signature covers those bytes, not a re-encoding of them.
 */
public record CoseSign1(byte[] protectedBytes, Map<Object, Object> protectedHeader,
                        Map<Object, Object> unprotectedHeader, byte[] payload, byte[] signature) {

    public static final long ES256 = -7;
    public static final long PS256 = -37;
    static final long HEADER_ALG = 1;
    static final long HEADER_KID = 4;
    static final long TAG_COSE_SIGN1 = 18;
    static final long TAG_CWT = 61;

    /** Signs with ES256, putting alg and kid in the protected header. */
    public static CoseSign1 signEs256(byte[] payload, byte[] kid, PrivateKey key) {
        Map<Object, Object> header = new LinkedHashMap<>();
        header.put(HEADER_ALG, ES256);
        header.put(HEADER_KID, kid);
        byte[] protectedBytes = Cbor.encode(header);
        byte[] fast = P256Signing.sign(key, toBeSigned(protectedBytes, payload));
        if (fast != null) {
            return new CoseSign1(protectedBytes, header, Map.of(), payload, fast);
        }
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(key);
            signer.update(toBeSigned(protectedBytes, payload));
            byte[] raw = EcdsaSignatures.derToRaw(signer.sign(), 32);
            return new CoseSign1(protectedBytes, header, Map.of(), payload, raw);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot sign with this key", e);
        }
    }

    /**
     * Parses COSE_Sign1, with or without tag 18, also inside a CWT tag 61.
     *
     * @throws IllegalArgumentException when the bytes are not a COSE_Sign1 structure
     */
    public static CoseSign1 parse(byte[] cbor) {
        Object item = Cbor.decode(cbor);
        if (item instanceof Cbor.Tagged(long tag, Object content) && tag == TAG_CWT) {
            item = content;
        }
        if (item instanceof Cbor.Tagged(long tag, Object content)) {
            if (tag != TAG_COSE_SIGN1) {
                throw new IllegalArgumentException("Expected COSE_Sign1 tag 18, got tag " + tag);
            }
            item = content;
        }
        if (!(item instanceof List<?> parts) || parts.size() != 4
                || !(parts.get(0) instanceof byte[] protectedBytes)
                || !(parts.get(1) instanceof Map<?, ?> unprotected)
                || !(parts.get(2) instanceof byte[] payload)
                || !(parts.get(3) instanceof byte[] signature)) {
            throw new IllegalArgumentException("Not a COSE_Sign1 array [protected, unprotected, payload, signature]");
        }
        Map<Object, Object> protectedHeader = new LinkedHashMap<>();
        if (protectedBytes.length > 0) {
            if (!(Cbor.decode(protectedBytes) instanceof Map<?, ?> decoded)) {
                throw new IllegalArgumentException("COSE protected header is not a map");
            }
            protectedHeader.putAll(decoded);
        }
        return new CoseSign1(protectedBytes, protectedHeader, new LinkedHashMap<>(unprotected), payload, signature);
    }

    /** The message as tagged CBOR (tag 18). */
    public byte[] encode() {
        return Cbor.encode(new Cbor.Tagged(TAG_COSE_SIGN1, List.of(protectedBytes, unprotectedHeader, payload, signature)));
    }

    /**
     * The key id: from the protected header when present there, else from the unprotected one.
     * A protected kid wins because only it is covered by the signature.
     *
     * @return null when neither header has a kid
     */
    public byte[] kid() {
        Object kid = protectedHeader.containsKey(HEADER_KID) ? protectedHeader.get(HEADER_KID) : unprotectedHeader.get(HEADER_KID);
        return kid instanceof byte[] bytes ? bytes : null;
    }

    /** @return the COSE algorithm id, null when absent */
    public Long algorithm() {
        Object alg = protectedHeader.containsKey(HEADER_ALG) ? protectedHeader.get(HEADER_ALG) : unprotectedHeader.get(HEADER_ALG);
        return alg instanceof Long value ? value : null;
    }

    /** True when this key made the signature with the header's algorithm. */
    public boolean isSignedBy(PublicKey key) {
        Long alg = algorithm();
        try {
            Signature verifier;
            byte[] expected;
            if (alg != null && alg == ES256 && key instanceof ECPublicKey) {
                verifier = Signature.getInstance("SHA256withECDSA");
                expected = EcdsaSignatures.rawToDer(signature);
            } else if (alg != null && alg == PS256 && key instanceof RSAPublicKey) {
                verifier = Signature.getInstance("RSASSA-PSS");
                verifier.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                expected = signature;
            } else {
                return false;
            }
            verifier.initVerify(key);
            verifier.update(toBeSigned(protectedBytes, payload));
            return verifier.verify(expected);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Sig_structure: {@code ["Signature1", protected, external_aad = h'', payload]}. */
    private static byte[] toBeSigned(byte[] protectedBytes, byte[] payload) {
        return Cbor.encode(List.of("Signature1", protectedBytes, new byte[0], payload));
    }
}
