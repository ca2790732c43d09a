package org.openvin.certificate.codec;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * SMART Health Cards: a compact JWS (ES256, raw-DEFLATEd payload, kid = JWK thumbprint) carried
 * in a QR code as {@code shc:/} followed by two digits per JWS character.
 */
public final class SmartHealthCard {

    public static final String QR_PREFIX = "shc:/";
    public static final String HEALTH_CARD_TYPE = "https://smarthealth.cards#health-card";
    public static final String FILE_MEDIA_TYPE = "application/smart-health-card";
    /** The largest JWS that fits one QR code (version 22, error correction L). */
    public static final int MAX_SINGLE_QR_JWS_LENGTH = 1195;
    private static final int MAX_INFLATED_BYTES = 64 * 1024;
    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SmartHealthCard() {
    }

    /** The issuer's signing key as a JWK whose kid is its RFC 7638 thumbprint, as SHC requires. */
    public static ECKey signingKey(KeyPair keyPair) {
        try {
            return new ECKey.Builder(Curve.P_256, (ECPublicKey) keyPair.getPublic())
                    .privateKey((ECPrivateKey) keyPair.getPrivate())
                    .keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                    .keyIDFromThumbprint().build();
        } catch (JOSEException e) {
            throw new IllegalArgumentException("Not a P-256 key pair", e);
        }
    }

    /**
     * @param rid revocation id for {@code vc.rid}, null when the issuer does not revoke single
     *            cards; see {@link #revocationId}
     * @return the compact JWS
     */
    public static String issue(VaccinationClaim claim, ECKey signingKey, String rid) {
        return sign(JSON.writeValueAsString(payload(claim, rid)), signingKey);
    }

    /** The JWS payload before compression: iss, nbf, optional exp, and the vc with its FHIR bundle. */
    public static Map<String, Object> payload(VaccinationClaim claim, String rid) {
        Map<String, Object> subject = new LinkedHashMap<>();
        subject.put("fhirVersion", "4.0.1");
        subject.put("fhirBundle", FhirImmunizationBundle.of(claim));
        Map<String, Object> vc = new LinkedHashMap<>();
        vc.put("type", List.of(HEALTH_CARD_TYPE));
        vc.put("credentialSubject", subject);
        if (rid != null) {
            vc.put("rid", rid);
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("iss", claim.issuerUrl().replaceAll("/+$", ""));
        payload.put("nbf", claim.issuedAt().getEpochSecond());
        if (claim.validUntil() != null) {
            payload.put("exp", claim.validUntil().getEpochSecond());
        }
        payload.put("vc", vc);
        return payload;
    }

    /** Signs an already minified payload: DEFLATE it, then ES256 with header {zip: DEF, kid}. */
    public static String sign(String minifiedPayload, ECKey signingKey) {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256)
                .customParam("zip", "DEF")
                .keyID(signingKey.getKeyID())
                .build();
        JWSObject jws = new JWSObject(header, new Payload(deflateRaw(minifiedPayload.getBytes(StandardCharsets.UTF_8))));
        try {
            jws.sign(P256Signing.jwsSigner(signingKey));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("Cannot sign with this key", e);
        }
        return jws.serialize();
    }

    /**
     * A revocation id that does not reveal who it belongs to: the first 64 bits of
     * HMAC-SHA-256(secret, holder id), base64url — 11 characters, within the 24 allowed.
     */
    public static String revocationId(byte[] secret, String holderId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] digest = mac.doFinal(holderId.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** {@code shc:/} then each JWS character as two digits (code − 45). */
    public static String toQrText(String jws) {
        StringBuilder out = new StringBuilder(QR_PREFIX.length() + jws.length() * 2).append(QR_PREFIX);
        for (char c : jws.toCharArray()) {
            if (c < 45 || c > 122) {
                throw new IllegalArgumentException("Not a compact JWS character: '" + c + "'");
            }
            out.append((char) ('0' + (c - 45) / 10)).append((char) ('0' + (c - 45) % 10));
        }
        return out.toString();
    }

    /**
     * The JWS from the text of one QR code, or from all chunks of the deprecated multi-QR form
     * ({@code shc:/i/n/digits}), in any order.
     *
     * @throws IllegalArgumentException when the text is not a SMART Health Card QR payload
     */
    public static String fromQrText(String... qrTexts) {
        if (qrTexts.length == 1 && !qrTexts[0].substring(Math.min(QR_PREFIX.length(), qrTexts[0].length())).contains("/")) {
            return digitsToJws(stripPrefix(qrTexts[0]));
        }
        List<String[]> chunks = new ArrayList<>();
        for (String text : qrTexts) {
            String[] parts = stripPrefix(text).split("/");
            if (parts.length != 3 || !parts[1].equals(String.valueOf(qrTexts.length))) {
                throw new IllegalArgumentException("Chunked SHC must be shc:/i/n/digits with all n chunks present");
            }
            chunks.add(parts);
        }
        chunks.sort(Comparator.comparingInt(parts -> Integer.parseInt(parts[0])));
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < chunks.size(); i++) {
            if (!chunks.get(i)[0].equals(String.valueOf(i + 1))) {
                throw new IllegalArgumentException("Chunk " + (i + 1) + " is missing");
            }
            digits.append(chunks.get(i)[2]);
        }
        return digitsToJws(digits.toString());
    }

    /** Body of a {@code .smart-health-card} file download. */
    public static String fileBody(List<String> jwsList) {
        return JSON.writeValueAsString(Map.of("verifiableCredential", jwsList));
    }

    /**
     * The issuer's {@code /.well-known/jwks.json}: public parts only, with {@code crlVersion} for
     * keys whose revocation list has entries.
     *
     * @param crlVersionByKid may be empty
     */
    public static String jwks(List<ECPublicKey> keys, Map<String, Integer> crlVersionByKid) {
        List<Map<String, Object>> jwks = new ArrayList<>();
        for (ECPublicKey key : keys) {
            ECKey jwk;
            try {
                jwk = new ECKey.Builder(Curve.P_256, key).keyIDFromThumbprint().build();
            } catch (JOSEException e) {
                throw new IllegalArgumentException("Not a P-256 key", e);
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("kty", "EC");
            entry.put("kid", jwk.getKeyID());
            entry.put("use", "sig");
            entry.put("alg", "ES256");
            entry.put("crv", "P-256");
            entry.put("x", jwk.getX().toString());
            entry.put("y", jwk.getY().toString());
            if (crlVersionByKid.containsKey(jwk.getKeyID())) {
                entry.put("crlVersion", crlVersionByKid.get(jwk.getKeyID()));
            }
            jwks.add(entry);
        }
        return JSON.writeValueAsString(Map.of("keys", jwks));
    }

    /**
     * The ES256 signing keys of a JWKS, by kid. Private parts, if present, are dropped; keys for
     * other uses (e.g. encryption) are skipped.
     */
    public static Map<String, ECPublicKey> verificationKeys(String jwksJson) {
        Map<String, ECPublicKey> keys = new LinkedHashMap<>();
        try {
            for (JWK jwk : JWKSet.parse(jwksJson).getKeys()) {
                if (jwk instanceof ECKey ec && Curve.P_256.equals(ec.getCurve()) && !KeyUse.ENCRYPTION.equals(ec.getKeyUse())) {
                    keys.put(ec.getKeyID(), ec.toECPublicKey());
                }
            }
        } catch (ParseException | JOSEException e) {
            throw new IllegalArgumentException("Not a JWKS: " + e.getMessage(), e);
        }
        return keys;
    }

    /** @param card the QR text ({@code shc:/…}) or the JWS itself */
    public static Verification verify(String card, Map<String, ECPublicKey> keysByKid, Instant now) {
        JWSObject jws;
        JsonNode payload;
        try {
            String compact = card.startsWith(QR_PREFIX) ? fromQrText(card) : card;
            if (!isCanonicalEs256Compact(compact)) {
                return Verification.malformed();
            }
            jws = JWSObject.parse(compact);
            if (!JWSAlgorithm.ES256.equals(jws.getHeader().getAlgorithm()) || !"DEF".equals(jws.getHeader().getCustomParam("zip"))) {
                return Verification.malformed();
            }
            payload = JSON.readTree(inflateRaw(jws.getPayload().toBytes()));
        } catch (ParseException | IllegalArgumentException | JacksonException e) {
            return Verification.malformed();
        }
        Verification.Summary summary = summary(payload);
        ECPublicKey key = jws.getHeader().getKeyID() == null ? null : keysByKid.get(jws.getHeader().getKeyID());
        if (key == null) {
            return Verification.invalid(Verification.Reason.UNKNOWN_KEY, payload, summary);
        }
        try {
            if (!jws.verify(new ECDSAVerifier(key))) {
                return Verification.invalid(Verification.Reason.BAD_SIGNATURE, payload, summary);
            }
        } catch (JOSEException e) {
            return Verification.invalid(Verification.Reason.BAD_SIGNATURE, payload, summary);
        }
        if (payload.has("nbf") && now.getEpochSecond() < payload.get("nbf").asDouble()) {
            return Verification.invalid(Verification.Reason.NOT_YET_VALID, payload, summary);
        }
        if (payload.has("exp") && now.getEpochSecond() > payload.get("exp").asDouble()) {
            return Verification.invalid(Verification.Reason.EXPIRED, payload, summary);
        }
        return Verification.valid(payload, summary);
    }

    /**
     * Holder and doses from the bundle. A card states no series, so doses are numbered by their
     * order in the card and totalDoses is 0 (not stated).
     */
    static Verification.Summary summary(JsonNode payload) {
        String name = "";
        String birthDate = "";
        List<Verification.Dose> doses = new ArrayList<>();
        for (JsonNode entry : payload.path("vc").path("credentialSubject").path("fhirBundle").path("entry")) {
            JsonNode resource = entry.path("resource");
            switch (resource.path("resourceType").asString("")) {
                case "Patient" -> {
                    JsonNode n = resource.path("name").path(0);
                    List<String> parts = new ArrayList<>();
                    n.path("given").forEach(given -> parts.add(given.asString()));
                    parts.add(n.path("family").asString(""));
                    name = String.join(" ", parts).strip();
                    birthDate = resource.path("birthDate").asString("");
                }
                case "Immunization" -> doses.add(new Verification.Dose(
                        resource.path("vaccineCode").path("coding").path(0).path("code").asString(""),
                        doses.size() + 1, 0, resource.path("occurrenceDateTime").asString("")));
                default -> { }
            }
        }
        return new Verification.Summary(name, birthDate, doses);
    }

    /**
     * Three base64url parts and a signature that is exactly 64 bytes in its one canonical
     * spelling. Base64 decoders ignore the unused low bits of the last character (and some skip
     * stray characters), which would let several spellings of one card verify; a verifier that
     * counts or revokes cards by their text must see only one.
     */
    private static boolean isCanonicalEs256Compact(String compact) {
        String[] parts = compact.split("\\.", -1);
        if (parts.length != 3 || !Arrays.stream(parts).allMatch(part -> BASE64URL.matcher(part).matches())) {
            return false;
        }
        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        return signature.length == 64 && Base64.getUrlEncoder().withoutPadding().encodeToString(signature).equals(parts[2]);
    }

    private static String stripPrefix(String qrText) {
        if (!qrText.startsWith(QR_PREFIX)) {
            throw new IllegalArgumentException("Not a SMART Health Card: must start with " + QR_PREFIX);
        }
        return qrText.substring(QR_PREFIX.length());
    }

    private static String digitsToJws(String digits) {
        if (digits.isEmpty() || digits.length() % 2 != 0 || !digits.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("SHC numeric payload must be an even number of digits");
        }
        StringBuilder jws = new StringBuilder(digits.length() / 2);
        for (int i = 0; i < digits.length(); i += 2) {
            int value = Integer.parseInt(digits, i, i + 2, 10);
            if (value > 'z' - 45) {
                throw new IllegalArgumentException("SHC digit pair " + value + " is outside the JWS alphabet");
            }
            jws.append((char) (value + 45));
        }
        return jws.toString();
    }

    static byte[] deflateRaw(byte[] data) {
        return Compression.deflate(data, true);
    }

    static byte[] inflateRaw(byte[] data) {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(data);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[1024];
            while (!inflater.finished()) {
                int count = inflater.inflate(buffer);
                if (count == 0 && inflater.needsInput()) {
                    throw new IllegalArgumentException("DEFLATE data is truncated");
                }
                out.write(buffer, 0, count);
                if (out.size() > MAX_INFLATED_BYTES) {
                    throw new IllegalArgumentException("Inflated card exceeds " + MAX_INFLATED_BYTES + " bytes");
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("Not DEFLATE data: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }
}
