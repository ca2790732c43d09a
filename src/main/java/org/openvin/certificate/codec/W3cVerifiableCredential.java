package org.openvin.certificate.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A W3C Verifiable Credential in the shape CoWIN/DIVOC certificates use, signed with an
 * Ed25519Signature2018 proof, and carried in the QR code as a ZIP holding {@code certificate.json}.
 */
public final class W3cVerifiableCredential {

    public static final String ENTRY_NAME = "certificate.json";
    private static final int MAX_CERTIFICATE_BYTES = 64 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private W3cVerifiableCredential() {
    }

    /** The unsigned credential. */
    public static ObjectNode credential(VaccinationClaim claim) {
        return json(fields(claim), BundledContexts.vaccinationContext(claim.issuerUrl()));
    }

    /** The credential's values, computed once for its JSON and for its canonical N-Quads. */
    static CredentialNQuads.Fields fields(VaccinationClaim claim) {
        String issuerBase = claim.issuerUrl().replaceAll("/+$", "");
        return new CredentialNQuads.Fields(
                "urn:openvin:holder:" + URLEncoder.encode(claim.holderId(), StandardCharsets.UTF_8), claim.holderId(),
                fullName(claim), claim.gender(), String.valueOf(ageAt(claim)), claim.birthDate(), claim.issuerCountry(),
                issuerId(claim.issuerUrl()), claim.issuedAt().toString(),
                issuerBase + "/vaccine/" + URLEncoder.encode(claim.certificateId(), StandardCharsets.UTF_8),
                claim.certificateId(), claim.lot(), claim.vaccine(), claim.manufacturerName(), claim.icd11(), claim.atc(),
                claim.vaccinationDate().atStartOfDay(ZoneOffset.UTC).toInstant().toString(),
                claim.vaccinationDate().toString(),
                claim.validUntil() == null ? null : LocalDate.ofInstant(claim.validUntil(), ZoneOffset.UTC).toString(),
                claim.dose(), claim.totalDoses(), claim.vaccinatorName(), claim.centreName(), claim.centreAddress());
    }

    private static ObjectNode json(CredentialNQuads.Fields f, String vaccinationContext) {
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("addressCountry", f.country());
        Map<String, Object> subject = new LinkedHashMap<>();
        subject.put("type", "Person");
        subject.put("id", f.holderIri());
        subject.put("refId", f.refId());
        subject.put("name", f.name());
        subject.put("gender", f.gender());
        subject.put("age", f.age());
        subject.put("dob", f.dob());
        subject.put("address", address);

        Map<String, Object> facilityAddress = new LinkedHashMap<>();
        facilityAddress.put("streetAddress", f.streetAddress());
        facilityAddress.put("addressCountry", f.country());
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("id", f.evidenceIri());
        evidence.put("certificateId", f.certificateId());
        evidence.put("type", List.of("Vaccination"));
        evidence.put("batch", f.batch());
        evidence.put("vaccine", f.vaccine());
        evidence.put("manufacturer", f.manufacturer());
        evidence.put("icd11Code", f.icd11Code());
        evidence.put("prophylaxis", f.prophylaxis());
        evidence.put("date", f.date());
        evidence.put("effectiveStart", f.effectiveStart());
        if (f.effectiveUntil() != null) {
            evidence.put("effectiveUntil", f.effectiveUntil());
        }
        evidence.put("dose", f.dose());
        evidence.put("totalDoses", f.totalDoses());
        if (f.verifierName() != null) {
            evidence.put("verifier", Map.of("name", f.verifierName()));
        }
        evidence.put("facility", Map.of("name", f.facilityName(), "address", facilityAddress));

        Map<String, Object> credential = new LinkedHashMap<>();
        credential.put("@context", List.of(BundledContexts.CREDENTIALS_V1, vaccinationContext));
        credential.put("type", List.of("VerifiableCredential", "ProofOfVaccinationCredential"));
        credential.put("credentialSubject", subject);
        credential.put("issuer", f.issuerIri());
        credential.put("issuanceDate", f.issuanceDate());
        credential.put("evidence", List.of(evidence));
        credential.put("nonTransferable", "true");
        return JSON.valueToTree(credential);
    }

    /**
     * The issuer's controller document URL, which the credential names as its {@code issuer}: it
     * lists the keys the issuer signs credentials with, so a verifier can check that the key
     * behind a proof is one the issuer asserts with.
     */
    public static String issuerId(String issuerUrl) {
        return issuerUrl.replaceAll("/+$", "") + "/credentials/issuer";
    }

    /** A key's id: a fragment of the controller document, which is what dereferencing it returns. */
    public static String verificationMethod(String issuerUrl, String keyName) {
        return issuerId(issuerUrl) + "#" + keyName;
    }

    /**
     * The controller document at {@link #issuerId}: each key as an Ed25519VerificationKey2018
     * verification method (the type Ed25519Signature2018 verifiers look up) with the key as
     * {@code publicKeyBase58} and as {@code publicKeyMultibase} (base58btc of the multicodec
     * ed25519-pub prefix 0xed01 and the 32 key bytes), each listed under {@code assertionMethod}.
     *
     * @param keysByVerificationMethod Ed25519 public keys by verification method id
     */
    public static String controllerDocument(String issuerId, Map<String, PublicKey> keysByVerificationMethod) {
        List<Map<String, Object>> methods = new ArrayList<>();
        keysByVerificationMethod.forEach((id, key) -> {
            byte[] raw = rawEd25519(key);
            byte[] multicodec = new byte[raw.length + 2];
            multicodec[0] = (byte) 0xed;
            multicodec[1] = 0x01;
            System.arraycopy(raw, 0, multicodec, 2, raw.length);
            Map<String, Object> method = new LinkedHashMap<>();
            method.put("id", id);
            method.put("type", "Ed25519VerificationKey2018");
            method.put("controller", issuerId);
            method.put("publicKeyBase58", Base58.encode(raw));
            method.put("publicKeyMultibase", "z" + Base58.encode(multicodec));
            methods.add(method);
        });
        Map<String, Object> document = new LinkedHashMap<>();
        // security/v2 defines the key type, controller and assertionMethod; publicKeyMultibase came later.
        document.put("@context", List.of(BundledContexts.SECURITY_V2, Map.of("publicKeyMultibase",
                Map.of("@id", "https://w3id.org/security#publicKeyMultibase", "@type", "https://w3id.org/security#multibase"))));
        document.put("id", issuerId);
        document.put("verificationMethod", methods);
        document.put("assertionMethod", List.copyOf(keysByVerificationMethod.keySet()));
        return JSON.writeValueAsString(document);
    }

    /** The 32 key bytes: the end of the X.509 SubjectPublicKeyInfo, whose prefix is fixed for Ed25519. */
    private static byte[] rawEd25519(PublicKey key) {
        byte[] encoded = key.getEncoded();
        if (!"Ed25519".equals(key.getAlgorithm()) && !"EdDSA".equals(key.getAlgorithm()) || encoded.length != 44) {
            throw new IllegalArgumentException("Not an Ed25519 public key: " + key.getAlgorithm());
        }
        return java.util.Arrays.copyOfRange(encoded, 12, 44);
    }

    /**
     * @param verificationMethod the URL of the public key, e.g. {@code https://issuer/keys#2026-1},
     *                           by which verifiers find it
     * @return the signed credential as JSON
     */
    public static String issue(VaccinationClaim claim, PrivateKey ed25519Key, String verificationMethod) {
        CredentialNQuads.Fields fields = fields(claim);
        ObjectNode credential = json(fields, BundledContexts.vaccinationContext(claim.issuerUrl()));
        String canonicalDocument = CredentialNQuads.document(fields);
        String canonicalProofOptions = CredentialNQuads.proofOptions(Ed25519Signature2018.created(claim.issuedAt()), verificationMethod);
        boolean templateAgrees = canonicalDocument != null && TEMPLATE_AGREES.computeIfAbsent(
                claim.issuerUrl() + " " + verificationMethod,
                issuerAndKey -> agreesWithTitanium(credential, canonicalDocument, canonicalProofOptions, verificationMethod, claim));
        if (!templateAgrees) {
            return Ed25519Signature2018.sign(credential, ed25519Key, verificationMethod, claim.issuedAt()).toString();
        }
        return Ed25519Signature2018.sign(credential, ed25519Key, verificationMethod, claim.issuedAt(), canonicalDocument,
                canonicalProofOptions).toString();
    }

    /**
     * Whether the template wrote what titanium makes of this credential, by issuer URL and key id.
     * Both come from configuration, and an unusual one (an IRI titanium resolves or drops) would
     * otherwise sign quads a verifier does not see; the claim's own values are covered by tests.
     */
    private static final Map<String, Boolean> TEMPLATE_AGREES = new ConcurrentHashMap<>();

    private static boolean agreesWithTitanium(ObjectNode credential, String canonicalDocument, String canonicalProofOptions,
                                              String verificationMethod, VaccinationClaim claim) {
        String proofOptions = Ed25519Signature2018.underContextOf(credential,
                Ed25519Signature2018.proofOptions(verificationMethod, claim.issuedAt())).toString();
        boolean agrees = canonicalDocument.equals(CanonicalNQuads.of(credential.toString()))
                && canonicalProofOptions.equals(CanonicalNQuads.of(proofOptions));
        if (!agrees) {
            LoggerFactory.getLogger(W3cVerifiableCredential.class).warn(
                    "W3C credential template disagrees with JSON-LD canonicalisation for issuer {} and key {};"
                            + " issuing through titanium (slower)", claim.issuerUrl(), verificationMethod);
        }
        return agrees;
    }

    /** The QR payload: a ZIP archive with the single entry {@code certificate.json}. */
    public static byte[] zip(String credentialJson) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.setLevel(9);
            zip.putNextEntry(new ZipEntry(ENTRY_NAME));
            zip.write(credentialJson.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException unless the archive holds exactly {@code certificate.json}, of sane size */
    public static String unzip(byte[] zipBytes) {
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(zipBytes))) {
            ZipEntry entry = zip.getNextEntry();
            if (entry == null || !entry.getName().equals(ENTRY_NAME)) {
                throw new IllegalArgumentException("ZIP must start with " + ENTRY_NAME);
            }
            byte[] content = zip.readNBytes(MAX_CERTIFICATE_BYTES + 1);
            if (content.length > MAX_CERTIFICATE_BYTES) {
                throw new IllegalArgumentException(ENTRY_NAME + " exceeds " + MAX_CERTIFICATE_BYTES + " bytes");
            }
            if (zip.getNextEntry() != null) {
                throw new IllegalArgumentException("ZIP must hold only " + ENTRY_NAME);
            }
            return new String(content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("Not a readable ZIP archive", e);
        }
    }

    /**
     * @param zipOrJson the QR payload (ZIP) or the credential JSON itself
     * @param keysByVerificationMethod Ed25519 public keys by the proof's verificationMethod URL
     */
    public static Verification verify(byte[] zipOrJson, Map<String, PublicKey> keysByVerificationMethod) {
        JsonNode credential;
        try {
            boolean isZip = zipOrJson.length > 4 && zipOrJson[0] == 'P' && zipOrJson[1] == 'K';
            credential = JSON.readTree(isZip ? unzip(zipOrJson) : new String(zipOrJson, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | JacksonException e) {
            return Verification.malformed();
        }
        if (!credential.isObject() || !credential.path("proof").isObject()) {
            return Verification.malformed();
        }
        Verification.Summary summary = summary(credential);
        PublicKey key = keysByVerificationMethod.get(credential.path("proof").path("verificationMethod").asString(""));
        if (!Ed25519Signature2018.TYPE.equals(credential.path("proof").path("type").asString(""))) {
            return Verification.invalid(Verification.Reason.MALFORMED, credential, summary);
        }
        if (key == null) {
            return Verification.invalid(Verification.Reason.UNKNOWN_KEY, credential, summary);
        }
        try {
            return Ed25519Signature2018.verify(credential, key)
                    ? Verification.valid(credential, summary)
                    : Verification.invalid(Verification.Reason.BAD_SIGNATURE, credential, summary);
        } catch (IllegalArgumentException e) {
            return Verification.invalid(Verification.Reason.MALFORMED, credential, summary);
        }
    }

    static Verification.Summary summary(JsonNode credential) {
        List<Verification.Dose> doses = new ArrayList<>();
        for (JsonNode evidence : credential.path("evidence")) {
            String date = evidence.path("date").asString("");
            doses.add(new Verification.Dose(evidence.path("vaccine").asString(""), evidence.path("dose").asInt(),
                    evidence.path("totalDoses").asInt(), date.length() >= 10 ? date.substring(0, 10) : date));
        }
        JsonNode subject = credential.path("credentialSubject");
        return new Verification.Summary(subject.path("name").asString(""), subject.path("dob").asString(""), doses);
    }

    private static String fullName(VaccinationClaim claim) {
        return claim.givenName() == null || claim.givenName().isBlank()
                ? claim.familyName() : claim.givenName() + " " + claim.familyName();
    }

    /** Age in whole years on the day of issue; from the year alone when the birth date is only a year. */
    private static int ageAt(VaccinationClaim claim) {
        LocalDate issued = LocalDate.ofInstant(claim.issuedAt(), ZoneOffset.UTC);
        if (claim.birthDate().length() == 4) {
            return issued.getYear() - Integer.parseInt(claim.birthDate());
        }
        return Period.between(LocalDate.parse(claim.birthDate()), issued).getYears();
    }
}
