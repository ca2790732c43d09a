package org.openvin.certificate.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.apicatalog.jsonld.JsonLdError;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

class W3cVerifiableCredentialTest {

    private static final String KEY_ID = "https://vaccines.health.gov.lk/keys#2026-1";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static KeyPair keys;
    private static Map<String, PublicKey> trusted;
    private static String signed;

    @BeforeAll
    static void issueOne() throws Exception {
        keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        trusted = Map.of(KEY_ID, keys.getPublic());
        signed = W3cVerifiableCredential.issue(SampleClaims.secondDose(), keys.getPrivate(), KEY_ID);
    }

    @Test
    void issuedCredentialVerifiesFromTheZipAndFromTheJson() {
        Verification fromZip = W3cVerifiableCredential.verify(W3cVerifiableCredential.zip(signed), trusted);
        Verification fromJson = W3cVerifiableCredential.verify(signed.getBytes(StandardCharsets.UTF_8), trusted);

        assertThat(fromZip.reason()).isEqualTo(Verification.Reason.VALID);
        assertThat(fromJson.valid()).isTrue();
        assertThat(fromZip.summary()).isEqualTo(new Verification.Summary("Zoë Anaïs Müller-Lüdenscheidt", "1984-07-21",
                List.of(new Verification.Dose("Comirnaty", 2, 2, "2026-03-01"))));
    }

    @Test
    void credentialHasTheCowinShapeAndADetachedEdDsaJws() {
        JsonNode credential = JSON.readTree(signed);

        assertThat(credential.path("@context").get(0).asString()).isEqualTo("https://www.w3.org/2018/credentials/v1");
        assertThat(credential.path("@context").get(1).asString()).isEqualTo("https://vaccines.health.gov.lk/credentials/vaccination/v1");
        assertThat(credential.path("issuer").asString()).isEqualTo("https://vaccines.health.gov.lk/credentials/issuer");
        assertThat(credential.path("type").toString()).isEqualTo("[\"VerifiableCredential\",\"ProofOfVaccinationCredential\"]");
        assertThat(credential.path("credentialSubject").path("refId").asString()).isEqualTo("REF-4711-0815");
        assertThat(credential.path("credentialSubject").path("age").asString()).isEqualTo("41");
        assertThat(credential.path("evidence").get(0).path("type").get(0).asString()).isEqualTo("Vaccination");
        assertThat(credential.path("evidence").get(0).path("batch").asString()).isEqualTo("FK4176");
        assertThat(credential.path("nonTransferable").asString()).isEqualTo("true");
        JsonNode proof = credential.path("proof");
        assertThat(proof.path("type").asString()).isEqualTo("Ed25519Signature2018");
        assertThat(proof.path("proofPurpose").asString()).isEqualTo("assertionMethod");
        assertThat(proof.path("verificationMethod").asString()).isEqualTo(KEY_ID);
        String header = proof.path("jws").asString().split("\\.\\.")[0];
        assertThat(new String(java.util.Base64.getUrlDecoder().decode(header), StandardCharsets.UTF_8))
                .isEqualTo("{\"alg\":\"EdDSA\",\"b64\":false,\"crit\":[\"b64\"]}");
    }

    @Test
    void tamperingWithAnyFieldOfTheSubjectOrEvidenceBreaksVerification() {
        List<String> undetected = new ArrayList<>();
        for (String section : List.of("credentialSubject", "evidence")) {
            for (String path : leafPaths(JSON.readTree(signed).path(section), "/" + section)) {
                ObjectNode tampered = (ObjectNode) JSON.readTree(signed);
                JsonNode parent = tampered.at(path.substring(0, path.lastIndexOf('/')));
                String field = path.substring(path.lastIndexOf('/') + 1);
                JsonNode original = parent.isArray() ? parent.get(Integer.parseInt(field)) : parent.get(field);
                JsonNode changed = original.isNumber() ? JSON.getNodeFactory().numberNode(original.asInt() + 1)
                        : StringNode.valueOf(original.asString() + "X");
                if (parent instanceof ObjectNode object) {
                    object.set(field, changed);
                } else {
                    ((tools.jackson.databind.node.ArrayNode) parent).set(Integer.parseInt(field), changed);
                }
                if (W3cVerifiableCredential.verify(tampered.toString().getBytes(StandardCharsets.UTF_8), trusted).valid()) {
                    undetected.add(path);
                }
            }
        }
        assertThat(undetected).as("fields whose change went unnoticed (a term missing from the context?)").isEmpty();
    }

    @Test
    void tamperingWithTheIssuerDateOrTypeBreaksVerification() {
        for (String field : List.of("issuer", "issuanceDate", "nonTransferable")) {
            ObjectNode tampered = (ObjectNode) JSON.readTree(signed);
            tampered.put(field, field.equals("issuanceDate") ? "2026-03-02T09:30:01Z" : "https://evil.example/");
            assertThat(W3cVerifiableCredential.verify(tampered.toString().getBytes(StandardCharsets.UTF_8), trusted).reason())
                    .as(field).isEqualTo(Verification.Reason.BAD_SIGNATURE);
        }
    }

    @Test
    void keyOrderAndWhitespaceDoNotMatterBecauseTheDocumentIsCanonicalised() {
        String reformatted = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(signed))
                .replace("\"nonTransferable\" : \"true\"", "\"nonTransferable\"   :   \"true\"");
        ObjectNode reordered = JSON.createObjectNode();
        JsonNode original = JSON.readTree(reformatted);
        List<String> names = new ArrayList<>(original.propertyNames());
        java.util.Collections.reverse(names);
        names.forEach(name -> reordered.set(name, original.get(name)));

        assertThat(W3cVerifiableCredential.verify(reordered.toString().getBytes(StandardCharsets.UTF_8), trusted).valid()).isTrue();
    }

    @Test
    void reportsUnknownAndWrongKeysAndGarbage() throws Exception {
        PublicKey other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
        ObjectNode rsaProof = (ObjectNode) JSON.readTree(signed);
        ((ObjectNode) rsaProof.get("proof")).put("type", "RsaSignature2018");

        assertThat(W3cVerifiableCredential.verify(signed.getBytes(StandardCharsets.UTF_8), Map.of()).reason())
                .isEqualTo(Verification.Reason.UNKNOWN_KEY);
        assertThat(W3cVerifiableCredential.verify(signed.getBytes(StandardCharsets.UTF_8), Map.of(KEY_ID, other)).reason())
                .isEqualTo(Verification.Reason.BAD_SIGNATURE);
        assertThat(W3cVerifiableCredential.verify(rsaProof.toString().getBytes(StandardCharsets.UTF_8), trusted).reason())
                .isEqualTo(Verification.Reason.MALFORMED);
        assertThat(W3cVerifiableCredential.verify("PK nonsense".getBytes(StandardCharsets.UTF_8), trusted).reason())
                .isEqualTo(Verification.Reason.MALFORMED);
        assertThat(W3cVerifiableCredential.verify("{}".getBytes(StandardCharsets.UTF_8), trusted).reason())
                .isEqualTo(Verification.Reason.MALFORMED);
    }

    @Test
    void zipHoldsExactlyCertificateJson() throws Exception {
        byte[] zip = W3cVerifiableCredential.zip(signed);
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                names.add(entry.getName());
                assertThat(entry.getMethod()).isEqualTo(ZipEntry.DEFLATED);
            }
        }
        assertThat(names).containsExactly("certificate.json");
        assertThat(W3cVerifiableCredential.unzip(zip)).isEqualTo(signed);
    }

    @Test
    void unzipRejectsArchivesWithOtherOrExtraEntries() throws Exception {
        assertThatThrownBy(() -> W3cVerifiableCredential.unzip(zipOf("other.json", "certificate.json")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> W3cVerifiableCredential.unzip(zipOf("certificate.json", "extra.json")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> W3cVerifiableCredential.unzip(new byte[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void canonicalFormMatchesUrdna2015ForASmallDocument() {
        String nquads = CanonicalNQuads.of("""
                {"@context": {"name": "http://schema.org/name", "knows": {"@id": "http://schema.org/knows"}},
                 "name": "Ann", "knows": {"name": "Bob"}}""");

        assertThat(nquads).isEqualTo("""
                _:c14n0 <http://schema.org/name> "Bob" .
                _:c14n1 <http://schema.org/knows> _:c14n0 .
                _:c14n1 <http://schema.org/name> "Ann" .
                """);
        assertThatThrownBy(() -> CanonicalNQuads.of("{\"@context\": \"https://example.org/unbundled\"}"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bundledContextsServeTheFourContextsAndRefuseTheNetwork() throws Exception {
        BundledContexts contexts = new BundledContexts();
        for (String url : List.of(BundledContexts.CREDENTIALS_V1, BundledContexts.COWIN_VACCINATION_V1,
                BundledContexts.vaccinationContext("https://vaccines.health.gov.lk/"), BundledContexts.SECURITY_V1,
                BundledContexts.SECURITY_V2)) {
            assertThat(contexts.loadDocument(URI.create(url), null).getJsonContent()).as(url).isPresent();
        }
        assertThatThrownBy(() -> contexts.loadDocument(URI.create("https://example.org/context"), null))
                .isInstanceOf(JsonLdError.class);
        assertThatThrownBy(() -> contexts.loadDocument(URI.create("ftp://vaccines.health.gov.lk/credentials/vaccination/v1"), null))
                .isInstanceOf(JsonLdError.class);
        // OpenVIN's context has its own vocabulary; the legacy URL keeps the document old credentials were signed with.
        assertThat(new String(BundledContexts.vaccinationContextDocument(), StandardCharsets.UTF_8))
                .contains("urn:openvin:vaccination:").doesNotContain("cowin.gov.in");
        // the security contexts are well-formed JSON-LD that expand offline
        assertThat(CanonicalNQuads.of("""
                {"@context": "https://w3id.org/security/v2", "id": "https://issuer.example/keys#1",
                 "type": "Ed25519VerificationKey2018", "controller": "https://issuer.example/"}"""))
                .contains("<https://w3id.org/security#controller> <https://issuer.example/>");
    }

    private static byte[] zipOf(String... names) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String name : names) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write("{}".getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static List<String> leafPaths(JsonNode node, String path) {
        List<String> paths = new ArrayList<>();
        if (node.isObject()) {
            node.properties().forEach(field -> paths.addAll(leafPaths(field.getValue(), path + "/" + field.getKey())));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                paths.addAll(leafPaths(node.get(i), path + "/" + i));
            }
        } else {
            paths.add(path);
        }
        return paths;
    }
}
