package org.openvin.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import com.apicatalog.jsonld.JsonLd;
import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.JsonLdErrorCode;
import com.apicatalog.jsonld.document.JsonDocument;
import com.apicatalog.jsonld.loader.DocumentLoader;
import com.apicatalog.rdf.canon.RdfCanon;
import com.apicatalog.rdf.nquads.NQuadsWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.Citizens;
import org.openvin.OpenVinTest;
import org.openvin.certificate.codec.Ed25519Signature2018;
import org.openvin.certificate.codec.W3cVerifiableCredential;
import org.openvin.vaccination.PointOfCare;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A W3C credential checked the way a standard Linked Data verifier does it, with none of the
 * issuing code: the proof's verificationMethod and the issuer are dereferenced on the running
 * server, the key taken from the controller document, the vaccination context fetched from the
 * server too, and the proof checked over titanium's URDNA2015 canonical form.
 */
@OpenVinTest
class W3cCredentialResolutionTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PasswordEncoder passwords;
    @Value("${openvin.keys.dir}")
    Path keysDir;

    @Test
    void verificationMethodAndIssuerResolveToAControllerDocumentWhoseKeyVerifiesTheProof() throws Exception {
        Api api = new Api(port);
        ObjectNode credential = issuedCredential(api);
        JsonNode proof = credential.get("proof");
        String verificationMethod = proof.get("verificationMethod").asString();
        String issuer = credential.get("issuer").asString();
        URI issuerUri = URI.create(issuer);
        String origin = issuerUri.getScheme() + "://" + issuerUri.getRawAuthority();

        // The issuer's vaccination context is its own, served by it, and not CoWIN's/DIVOC's URL.
        String context = credential.get("@context").get(1).asString();
        assertThat(context).startsWith(origin + "/").doesNotContain("cowin.gov.in");
        var served = onServer(api, origin, context);
        assertThat(served.status()).isEqualTo(200);
        assertThat(served.header("Content-Type")).startsWith("application/ld+json");
        assertThat(served.json().has("@context")).isTrue();

        // Dereferencing the verification method (a fragment of the issuer's document) and the issuer.
        assertThat(verificationMethod).startsWith(issuer + "#");
        var byMethod = onServer(api, origin, verificationMethod.substring(0, verificationMethod.indexOf('#')));
        var byIssuer = onServer(api, origin, issuer);
        assertThat(byMethod.status()).isEqualTo(200);
        assertThat(byMethod.header("Content-Type")).startsWith("application/ld+json");
        assertThat(byMethod.header("Access-Control-Allow-Origin")).isEqualTo("*");
        JsonNode controller = byIssuer.json();
        assertThat(byMethod.json()).isEqualTo(controller);
        assertThat(controller.get("id").asString()).isEqualTo(issuer);
        assertThat(controller.get("assertionMethod").valueStream().map(JsonNode::asString)).contains(verificationMethod);
        JsonNode method = controller.get("verificationMethod").valueStream()
                .filter(m -> m.get("id").asString().equals(verificationMethod)).findFirst().orElseThrow();
        assertThat(method.get("controller").asString()).isEqualTo(issuer);
        assertThat(method.get("type").asString()).isEqualTo("Ed25519VerificationKey2018");

        String multibase = method.get("publicKeyMultibase").asString();
        assertThat(multibase).startsWith("z");
        byte[] multicodec = base58(multibase.substring(1));
        assertThat(HexFormat.of().formatHex(multicodec, 0, 2)).as("multicodec ed25519-pub").isEqualTo("ed01");
        byte[] raw = Arrays.copyOfRange(multicodec, 2, multicodec.length);
        assertThat(raw).hasSize(32).isEqualTo(base58(method.get("publicKeyBase58").asString()));
        // The same key as the one the keys endpoint publishes in X.509 form.
        String published = api.get("/api/v2/certificate/public/keys").json().get("w3c_vc").valueStream()
                .filter(k -> k.get("active").asBoolean()).findFirst().orElseThrow().get("public_key").asString();
        byte[] x509 = Base64.getDecoder().decode(published);
        assertThat(Arrays.copyOfRange(x509, x509.length - 32, x509.length)).isEqualTo(raw);

        PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(
                concat(HexFormat.of().parseHex("302a300506032b6570032100"), raw)));
        assertThat(proofVerifies(credential, key, loader(api, origin))).isTrue();
        ObjectNode tampered = credential.deepCopy();
        ((ObjectNode) tampered.get("credentialSubject")).put("name", "Someone Else");
        assertThat(proofVerifies(tampered, key, loader(api, origin))).isFalse();
    }

    @Test
    void credentialsIssuedBeforeTheChangeStillVerify() throws Exception {
        Api api = new Api(port);
        ObjectNode credential = issuedCredential(api);
        String root = credential.get("issuer").asString().replaceAll("/credentials/issuer$", "");
        // As OpenVIN issued them before: CoWIN's context URL, the issuer's root, a key under the keys endpoint.
        ObjectNode old = credential.deepCopy();
        old.remove("proof");
        old.set("@context", JSON.valueToTree(java.util.List.of("https://www.w3.org/2018/credentials/v1",
                "https://cowin.gov.in/credentials/vaccination/v1")));
        old.put("issuer", root);
        var privateKey = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pem(
                keysDir.resolve("certificates/key-1-ed25519.key.pem"))));
        ObjectNode signed = Ed25519Signature2018.sign(old, privateKey, root + "/api/v2/certificate/public/keys#key-1",
                java.time.Instant.parse("2026-01-05T10:00:00Z"));

        var verdict = api.post("/api/v2/certificate/public/verify", Map.of("payload", signed.toString())).json();
        assertThat(verdict.get("reason").asString()).as(verdict.toString()).isEqualTo("VALID");
        var zipped = api.post("/api/v2/certificate/public/verify", Map.of("payload",
                Base64.getEncoder().encodeToString(W3cVerifiableCredential.zip(signed.toString())))).json();
        assertThat(zipped.get("reason").asString()).isEqualTo("VALID");
    }

    private ObjectNode issuedCredential(Api api) throws Exception {
        long centre = PointOfCare.centre(jdbc);
        Api vaccinator = PointOfCare.staff(api, jdbc, passwords, "VACCINATOR", centre);
        Api citizen = Citizens.login(api, Citizens.newMobile());
        String ref = PointOfCare.beneficiary(citizen, "Asha Verma", "1990");
        var recorded = PointOfCare.record(vaccinator, PointOfCare.dose(ref, null, centre, "COVAXIN", 1));
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
        String zip = Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> citizen
                        .get("/api/v2/registration/certificate/qr?beneficiary_reference_id=" + ref + "&format=w3c-vc"),
                a -> a.status() == 200).json().get("payload").asString();
        return (ObjectNode) JSON.readTree(W3cVerifiableCredential.unzip(Base64.getDecoder().decode(zip)));
    }

    /** The URL's path on the running server: the test cannot reach the issuer's public host name. */
    private static Api.Answer onServer(Api api, String origin, String url) {
        assertThat(url).startsWith(origin);
        return api.get(url.substring(origin.length()));
    }

    /**
     * Contexts as a verifier gets them: the issuer's from the issuer's server, the W3C ones from
     * copies (they are fixed documents every verifier library ships).
     */
    private static DocumentLoader loader(Api api, String origin) {
        Map<String, String> w3c = Map.of("https://www.w3.org/2018/credentials/v1", "credentials-v1.jsonld",
                "https://w3id.org/security/v2", "security-v2.jsonld", "https://w3id.org/security/v1", "security-v1.jsonld");
        return (url, options) -> {
            byte[] body;
            if (url.toString().startsWith(origin + "/")) {
                body = onServer(api, origin, url.toString()).bytes();
            } else if (w3c.containsKey(url.toString())) {
                try (InputStream in = W3cCredentialResolutionTest.class.getResourceAsStream("/certificate/contexts/" + w3c.get(url.toString()))) {
                    body = in.readAllBytes();
                } catch (java.io.IOException e) {
                    throw new JsonLdError(JsonLdErrorCode.LOADING_DOCUMENT_FAILED, e);
                }
            } else {
                throw new JsonLdError(JsonLdErrorCode.LOADING_REMOTE_CONTEXT_FAILED, "Unexpected context " + url);
            }
            JsonDocument document = JsonDocument.of(new ByteArrayInputStream(body));
            document.setDocumentUrl(url);
            return document;
        };
    }

    /** Ed25519Signature2018: detached JWS over SHA-256(c14n proof options) ‖ SHA-256(c14n document). */
    private static boolean proofVerifies(ObjectNode credential, PublicKey key, DocumentLoader loader) throws Exception {
        JsonNode proof = credential.get("proof");
        String jws = proof.get("jws").asString();
        String header = jws.substring(0, jws.indexOf(".."));
        assertThat(new String(Base64.getUrlDecoder().decode(header), StandardCharsets.UTF_8))
                .isEqualTo("{\"alg\":\"EdDSA\",\"b64\":false,\"crit\":[\"b64\"]}");
        ObjectNode document = credential.deepCopy();
        document.remove("proof");
        ObjectNode options = JSON.createObjectNode();
        options.set("@context", credential.get("@context"));
        proof.properties().stream().filter(e -> !e.getKey().equals("jws")).forEach(e -> options.set(e.getKey(), e.getValue()));
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        byte[] input = concat((header + ".").getBytes(StandardCharsets.US_ASCII),
                sha256.digest(canonical(options, loader).getBytes(StandardCharsets.UTF_8)),
                sha256.digest(canonical(document, loader).getBytes(StandardCharsets.UTF_8)));
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(key);
        verifier.update(input);
        return verifier.verify(Base64.getUrlDecoder().decode(jws.substring(jws.indexOf("..") + 2)));
    }

    private static String canonical(JsonNode json, DocumentLoader loader) throws Exception {
        RdfCanon canon = RdfCanon.create("SHA-256");
        JsonLd.toRdf(JsonDocument.of(new ByteArrayInputStream(json.toString().getBytes(StandardCharsets.UTF_8))))
                .loader(loader).provide(canon);
        StringWriter out = new StringWriter();
        canon.provide(new NQuadsWriter(out));
        return Arrays.stream(out.toString().split("\n")).filter(l -> !l.isBlank()).sorted().map(l -> l + "\n")
                .collect(Collectors.joining());
    }

    private static byte[] base58(String text) {
        BigInteger n = BigInteger.ZERO;
        for (char c : text.toCharArray()) {
            n = n.multiply(BigInteger.valueOf(58)).add(BigInteger.valueOf(BASE58.indexOf(c)));
        }
        byte[] bytes = n.toByteArray();
        return bytes.length > 1 && bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] pem(Path file) throws java.io.IOException {
        return Base64.getMimeDecoder().decode(Files.readString(file).replaceAll("-----[A-Z ]+-----", ""));
    }
}
