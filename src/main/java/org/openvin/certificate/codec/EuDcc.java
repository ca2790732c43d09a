package org.openvin.certificate.codec;

import java.io.ByteArrayOutputStream;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * EU Digital COVID Certificate (HCERT): DCC JSON → CBOR → CWT → COSE_Sign1 → zlib → Base45 →
 * {@code HC1:}. The pipeline steps are public so that a support tool (or the vector tests) can
 * tell at which step a certificate someone brings breaks.
 */
public final class EuDcc {

    public static final String PREFIX = "HC1:";
    public static final String SCHEMA_VERSION = "1.3.0";
    static final long CLAIM_ISSUER = 1;
    static final long CLAIM_EXPIRES = 4;
    static final long CLAIM_ISSUED_AT = 6;
    static final long CLAIM_HCERT = -260;
    static final long HCERT_DCC = 1;
    /** The EU DCC requires an expiry; a claim without one gets a year, the usual DSC-bounded validity. */
    static final Duration DEFAULT_VALIDITY = Duration.ofDays(365);
    /** Guards inflate against a zip bomb: real certificates are a few kilobytes. */
    private static final int MAX_INFLATED_BYTES = 64 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A certificate taken apart, before any trust decision. */
    public record Decoded(CoseSign1 cose, Map<Object, Object> claims, JsonNode dcc) {

        public Instant issuedAt() {
            return claims.get(CLAIM_ISSUED_AT) instanceof Long seconds ? Instant.ofEpochSecond(seconds) : null;
        }

        public Instant expiresAt() {
            return claims.get(CLAIM_EXPIRES) instanceof Long seconds ? Instant.ofEpochSecond(seconds) : null;
        }
    }

    private EuDcc() {
    }

    /** @param kid 8 bytes, see {@link TrustList#kidOf} */
    public static String issue(VaccinationClaim claim, PrivateKey signingKey, byte[] kid) {
        Map<Object, Object> claims = new LinkedHashMap<>();
        claims.put(CLAIM_ISSUER, claim.issuerCountry());
        claims.put(CLAIM_ISSUED_AT, claim.issuedAt().getEpochSecond());
        Instant expires = claim.validUntil() != null ? claim.validUntil() : claim.issuedAt().plus(DEFAULT_VALIDITY);
        claims.put(CLAIM_EXPIRES, expires.getEpochSecond());
        claims.put(CLAIM_HCERT, Map.of(HCERT_DCC, payload(claim)));
        CoseSign1 cose = CoseSign1.signEs256(Cbor.encode(claims), kid, signingKey);
        return PREFIX + Base45.encode(deflate(cose.encode()));
    }

    /** The DCC JSON (schema 1.3.0) for one vaccination, as the map that goes into CBOR. */
    public static Map<String, Object> payload(VaccinationClaim claim) {
        Map<String, Object> name = new LinkedHashMap<>();
        name.put("fn", claim.familyName());
        name.put("fnt", IcaoTransliteration.transliterate(claim.familyName()));
        if (claim.givenName() != null && !claim.givenName().isBlank()) {
            name.put("gn", claim.givenName());
            name.put("gnt", IcaoTransliteration.transliterate(claim.givenName()));
        }
        Map<String, Object> vaccination = new LinkedHashMap<>();
        vaccination.put("tg", claim.diseaseCode());
        vaccination.put("vp", claim.vaccineTypeSnomed());
        vaccination.put("mp", claim.euProduct());
        vaccination.put("ma", claim.euManufacturer());
        vaccination.put("dn", claim.dose());
        vaccination.put("sd", claim.totalDoses());
        vaccination.put("dt", claim.vaccinationDate().toString());
        vaccination.put("co", claim.issuerCountry());
        vaccination.put("is", claim.issuerName().length() > 80 ? claim.issuerName().substring(0, 80) : claim.issuerName());
        vaccination.put("ci", claim.certificateId());
        Map<String, Object> dcc = new LinkedHashMap<>();
        dcc.put("ver", SCHEMA_VERSION);
        dcc.put("nam", name);
        dcc.put("dob", claim.birthDate());
        dcc.put("v", List.of(vaccination));
        return dcc;
    }

    public static Verification verify(String hc1, TrustList trustList, Instant now) {
        Decoded decoded;
        try {
            decoded = decode(hc1);
        } catch (IllegalArgumentException e) {
            return Verification.malformed();
        }
        return verify(decoded, trustList, now);
    }

    /**
     * Signature first, then the signer's key usage, the time window and the schema: an expired
     * forgery is reported as a forgery.
     */
    public static Verification verify(Decoded decoded, TrustList trustList, Instant now) {
        Verification.Summary summary = summary(decoded.dcc());
        Verification.Reason reason = signatureCheck(decoded, trustList);
        if (reason == Verification.Reason.VALID) {
            reason = keyUsageCheck(decoded, trustList);
        }
        if (reason == Verification.Reason.VALID) {
            reason = timeliness(decoded, now);
        }
        if (reason == Verification.Reason.VALID && !DccSchema.violations(decoded.dcc()).isEmpty()) {
            reason = Verification.Reason.MALFORMED;
        }
        return reason == Verification.Reason.VALID
                ? Verification.valid(decoded.dcc(), summary)
                : Verification.invalid(reason, decoded.dcc(), summary);
    }

    /**
     * VALID when a trusted key under the certificate's kid made the signature; UNKNOWN_KEY when
     * no key is listed under it; BAD_SIGNATURE when none of the listed keys matches.
     */
    public static Verification.Reason signatureCheck(Decoded decoded, TrustList trustList) {
        byte[] kid = decoded.cose().kid();
        List<PublicKey> keys = kid == null ? List.of() : trustList.keysFor(kid);
        if (keys.isEmpty()) {
            return Verification.Reason.UNKNOWN_KEY;
        }
        return keys.stream().anyMatch(decoded.cose()::isSignedBy) ? Verification.Reason.VALID : Verification.Reason.BAD_SIGNATURE;
    }

    /**
     * VALID when a signing certificate that made the signature may sign this certificate type
     * (see {@link DccKeyUsage}), or when the signing key was trusted without a certificate;
     * KEY_NOT_PERMITTED otherwise. Call after {@link #signatureCheck} found the signature valid.
     */
    public static Verification.Reason keyUsageCheck(Decoded decoded, TrustList trustList) {
        byte[] kid = decoded.cose().kid();
        List<java.security.cert.X509Certificate> signers = trustList.certificatesFor(kid).stream()
                .filter(certificate -> decoded.cose().isSignedBy(certificate.getPublicKey())).toList();
        boolean signedByBareKey = signers.isEmpty();
        return signedByBareKey || signers.stream().anyMatch(signer -> DccKeyUsage.permits(signer, decoded.dcc()))
                ? Verification.Reason.VALID : Verification.Reason.KEY_NOT_PERMITTED;
    }

    /** VALID, NOT_YET_VALID (clock before iat) or EXPIRED (clock after exp). */
    public static Verification.Reason timeliness(Decoded decoded, Instant now) {
        Instant issuedAt = decoded.issuedAt();
        Instant expiresAt = decoded.expiresAt();
        if (issuedAt != null && now.isBefore(issuedAt)) {
            return Verification.Reason.NOT_YET_VALID;
        }
        if (expiresAt != null && now.isAfter(expiresAt)) {
            return Verification.Reason.EXPIRED;
        }
        return Verification.Reason.VALID;
    }

    /**
     * All decoding steps, no trust decision.
     *
     * @throws IllegalArgumentException naming the step that failed
     */
    public static Decoded decode(String hc1) {
        return decodeCose(inflate(Base45.decode(removePrefix(hc1))));
    }

    /** COSE_Sign1 bytes → CWT claims and DCC JSON. */
    public static Decoded decodeCose(byte[] coseBytes) {
        CoseSign1 cose = CoseSign1.parse(coseBytes);
        if (!(Cbor.decode(cose.payload()) instanceof Map<?, ?> claimsMap)) {
            throw new IllegalArgumentException("CWT payload is not a claims map");
        }
        Map<Object, Object> claims = new LinkedHashMap<>(claimsMap);
        if (!(claims.get(CLAIM_HCERT) instanceof Map<?, ?> hcert) || !(hcert.get(HCERT_DCC) instanceof Map<?, ?> dcc)) {
            throw new IllegalArgumentException("CWT has no hcert claim -260 holding a DCC under key 1");
        }
        return new Decoded(cose, claims, toJson(dcc));
    }

    /** @throws IllegalArgumentException when the text does not start with {@code HC1:} */
    public static String removePrefix(String hc1) {
        if (hc1 == null || !hc1.startsWith(PREFIX)) {
            throw new IllegalArgumentException("Not an EU DCC: the text must start with " + PREFIX);
        }
        return hc1.substring(PREFIX.length());
    }

    /** zlib (RFC 1950) with the best compression, so the QR code stays as small as possible. */
    public static byte[] deflate(byte[] data) {
        return Compression.deflate(data, false);
    }

    /**
     * Inflates zlib data. Uncompressed COSE is rejected, as the conformance vectors (Z2) require.
     *
     * @throws IllegalArgumentException when the data is not complete, valid zlib
     */
    public static byte[] inflate(byte[] zlib) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(zlib);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[1024];
            while (!inflater.finished()) {
                int count = inflater.inflate(buffer);
                if (count == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalArgumentException("zlib data is truncated");
                }
                out.write(buffer, 0, count);
                if (out.size() > MAX_INFLATED_BYTES) {
                    throw new IllegalArgumentException("Inflated certificate exceeds " + MAX_INFLATED_BYTES + " bytes");
                }
            }
            if (inflater.getRemaining() > 0) {
                throw new IllegalArgumentException("Trailing bytes after zlib data");
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("Not zlib data: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    /** The holder and doses, for the verifier's screen. */
    public static Verification.Summary summary(JsonNode dcc) {
        JsonNode name = dcc.path("nam");
        String fullName = (name.path("gn").asString("") + " " + name.path("fn").asString("")).strip();
        List<Verification.Dose> doses = new ArrayList<>();
        for (JsonNode entry : dcc.path("v")) {
            doses.add(new Verification.Dose(entry.path("mp").asString(""), entry.path("dn").asInt(),
                    entry.path("sd").asInt(), entry.path("dt").asString("")));
        }
        return new Verification.Summary(fullName, dcc.path("dob").asString(""), doses);
    }

    /**
     * CBOR values to JSON: map keys become text, tags (e.g. tag 0 on a test's sample time) give
     * way to their content, byte strings become Base64. Re-read from text so numbers get the
     * same node types as JSON parsed from a file.
     */
    static JsonNode toJson(Object cbor) {
        return JSON.readTree(JSON.writeValueAsString(plain(cbor)));
    }

    private static Object plain(Object value) {
        return switch (value) {
            case Map<?, ?> map -> {
                Map<String, Object> result = new LinkedHashMap<>();
                map.forEach((k, v) -> result.put(String.valueOf(k), plain(v)));
                yield result;
            }
            case List<?> list -> list.stream().map(EuDcc::plain).toList();
            case Cbor.Tagged tagged -> plain(tagged.content());
            case byte[] bytes -> Base64.getEncoder().encodeToString(bytes);
            case null -> null;
            default -> value;
        };
    }
}
