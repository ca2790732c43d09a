package org.openvin.certificate.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Ed25519Signature2018 Linked Data Proof: a detached JWS ({@code b64:false}) over
 * SHA-256(canonical proof options) ‖ SHA-256(canonical document), both canonicalised with
 * URDNA2015. The proof options are the proof without its signature, under the document's
 * {@code @context}; the document is taken without its proof.
 */
public final class Ed25519Signature2018 {

    public static final String TYPE = "Ed25519Signature2018";
    /** {"alg":"EdDSA","b64":false,"crit":["b64"]}, encoded once: the header is part of what is signed. */
    private static final String ENCODED_HEADER = Base64.getUrlEncoder().withoutPadding()
            .encodeToString("{\"alg\":\"EdDSA\",\"b64\":false,\"crit\":[\"b64\"]}".getBytes(StandardCharsets.UTF_8));
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Ed25519Signature2018() {
    }

    /** @return a copy of the document with a {@code proof} for assertionMethod */
    public static ObjectNode sign(ObjectNode document, PrivateKey key, String verificationMethod, Instant created) {
        ObjectNode proof = proofOptions(verificationMethod, created);
        return signed(document, proof, key, CanonicalNQuads.of(underContextOf(document, proof).toString()),
                CanonicalNQuads.of(document.toString()));
    }

    /**
     * As {@link #sign(ObjectNode, PrivateKey, String, Instant)}, with the canonical forms made by
     * the caller, who knows the document's shape ({@link CredentialNQuads}) and so needs no JSON-LD
     * processing. They must be exactly what URDNA2015 makes of the document and of the proof
     * options ({@link #proofOptions} under the document's {@code @context}).
     */
    static ObjectNode sign(ObjectNode document, PrivateKey key, String verificationMethod, Instant created,
                           String canonicalDocument, String canonicalProofOptions) {
        return signed(document, proofOptions(verificationMethod, created), key, canonicalProofOptions, canonicalDocument);
    }

    /** The proof's {@code created}: whole seconds, as the proof options carry it. */
    static String created(Instant created) {
        return created.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** The proof without its signature. */
    static ObjectNode proofOptions(String verificationMethod, Instant created) {
        ObjectNode proof = JSON.createObjectNode();
        proof.put("type", TYPE);
        proof.put("created", created(created));
        proof.put("verificationMethod", verificationMethod);
        proof.put("proofPurpose", "assertionMethod");
        return proof;
    }

    /** The proof options as they are canonicalised: under the document's {@code @context}. */
    static ObjectNode underContextOf(JsonNode document, ObjectNode proofOptions) {
        ObjectNode options = JSON.createObjectNode();
        options.set("@context", document.get("@context"));
        proofOptions.properties().forEach(field -> {
            if (!field.getKey().equals("@context")) {
                options.set(field.getKey(), field.getValue());
            }
        });
        return options;
    }

    private static ObjectNode signed(ObjectNode document, ObjectNode proof, PrivateKey key, String canonicalProofOptions,
                                     String canonicalDocument) {
        byte[] signature = Ed25519Signing.sign(key, signingInput(canonicalProofOptions, canonicalDocument));
        proof.put("jws", ENCODED_HEADER + ".." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature));
        ObjectNode signed = document.deepCopy();
        signed.remove("proof");
        signed.set("proof", proof);
        return signed;
    }

    /**
     * @return true when the proof is an Ed25519Signature2018 whose detached JWS was made by this
     * key over this document; false for any other proof, header, or a changed document
     * @throws IllegalArgumentException when the document cannot be canonicalised
     */
    public static boolean verify(JsonNode signedDocument, PublicKey key) {
        JsonNode proof = signedDocument.path("proof");
        String jws = proof.path("jws").asString("");
        int firstDot = jws.indexOf("..");
        if (!TYPE.equals(proof.path("type").asString("")) || firstDot < 0
                || !jws.substring(0, firstDot).equals(ENCODED_HEADER)) {
            return false;
        }
        ObjectNode document = ((ObjectNode) signedDocument).deepCopy();
        document.remove("proof");
        ObjectNode proofOptions = ((ObjectNode) proof).deepCopy();
        proofOptions.remove("jws");
        proofOptions.remove("proofValue");
        proofOptions.remove("signatureValue");
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(signingInput(CanonicalNQuads.of(underContextOf(document, proofOptions).toString()),
                    CanonicalNQuads.of(document.toString())));
            return verifier.verify(Base64.getUrlDecoder().decode(jws.substring(firstDot + 2)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** ASCII(BASE64URL(header)) ‖ '.' ‖ SHA-256(c14n proof options) ‖ SHA-256(c14n document). */
    private static byte[] signingInput(String canonicalProofOptions, String canonicalDocument) {
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        input.writeBytes((ENCODED_HEADER + ".").getBytes(StandardCharsets.US_ASCII));
        input.writeBytes(sha256(canonicalProofOptions));
        input.writeBytes(sha256(canonicalDocument));
        return input.toByteArray();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
