package org.openvin.certificate.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openvin.TestVectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SmartHealthCardTest {

    private static final Path EXAMPLES = TestVectors.path("smart-health-cards");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** A day after the examples were signed (nbf 2023-06-22); example 03 expires in 2024. */
    private static final Instant EXAMPLES_CLOCK = Instant.parse("2023-06-23T12:00:00Z");
    private static final Instant NOW = Instant.parse("2026-03-12T00:00:00Z");

    private static Map<String, ECPublicKey> issuerKeys;
    private static ECKey ourKey;
    private static String ourJws;

    @BeforeAll
    static void load() throws IOException {
        issuerKeys = SmartHealthCard.verificationKeys(Files.readString(EXAMPLES.resolve("issuer/.well-known/jwks.json")));
        ourKey = SmartHealthCard.signingKey(SampleClaims.p256());
        ourJws = SmartHealthCard.issue(SampleClaims.secondDose(), ourKey, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"00", "01", "02", "03"})
    void everyExampleJwsVerifiesWithTheIssuersPublishedKeys(String example) throws IOException {
        String jws = Files.readString(EXAMPLES.resolve("example-" + example + "-d-jws.txt")).strip();

        Verification result = SmartHealthCard.verify(jws, issuerKeys, EXAMPLES_CLOCK);

        assertThat(result.reason()).isEqualTo(Verification.Reason.VALID);
        JsonNode expected = JSON.readTree(EXAMPLES.resolve("example-" + example + "-c-jws-payload-minified.json").toFile());
        assertThat(result.payload()).isEqualTo(expected);
        // one dose per Immunization; example 02 is a lab result card and has none
        long immunizations = expected.findValues("resourceType").stream().filter(t -> t.asString().equals("Immunization")).count();
        assertThat(result.summary().doses()).hasSize((int) immunizations);
    }

    @ParameterizedTest
    @ValueSource(strings = {"00", "01", "03"})
    void singleQrExamplesDecodeToTheExampleJwsAndBack(String example) throws IOException {
        String qr = Files.readString(EXAMPLES.resolve("example-" + example + "-f-qr-code-numeric-value-0.txt")).strip();
        String jws = Files.readString(EXAMPLES.resolve("example-" + example + "-d-jws.txt")).strip();

        assertThat(SmartHealthCard.fromQrText(qr)).isEqualTo(jws);
        assertThat(SmartHealthCard.toQrText(jws)).isEqualTo(qr);
        assertThat(SmartHealthCard.verify(qr, issuerKeys, EXAMPLES_CLOCK).valid()).isTrue();
    }

    @Test
    void theChunkedExampleJoinsInAnyOrder() throws IOException {
        List<String> chunks = new ArrayList<>();
        for (int i = 2; i >= 0; i--) {
            chunks.add(Files.readString(EXAMPLES.resolve("example-02-f-qr-code-numeric-value-" + i + ".txt")).strip());
        }
        String jws = Files.readString(EXAMPLES.resolve("example-02-d-jws.txt")).strip();

        assertThat(SmartHealthCard.fromQrText(chunks.toArray(String[]::new))).isEqualTo(jws);
        assertThatThrownBy(() -> SmartHealthCard.fromQrText(chunks.get(0), chunks.get(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void exampleFileBodiesHoldTheExampleJws() throws IOException {
        String jws = Files.readString(EXAMPLES.resolve("example-00-d-jws.txt")).strip();
        JsonNode file = JSON.readTree(EXAMPLES.resolve("example-00-e-file.smart-health-card").toFile());

        assertThat(file.path("verifiableCredential").get(0).asString()).isEqualTo(jws);
        assertThat(JSON.readTree(SmartHealthCard.fileBody(List.of(jws)))).isEqualTo(file);
    }

    @Test
    void ourSignerWithTheExampleKeyProducesACardTheExampleKeysVerify() throws Exception {
        ECKey exampleKey = (ECKey) JWKSet.parse(Files.readString(EXAMPLES.resolve("issuer/issuer.jwks.private.json")))
                .getKeyByKeyId("3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s");
        String minified = Files.readString(EXAMPLES.resolve("example-00-c-jws-payload-minified.json")).strip();

        String jws = SmartHealthCard.sign(minified, exampleKey);

        assertThat(SmartHealthCard.verify(jws, issuerKeys, EXAMPLES_CLOCK).valid()).isTrue();
        assertThat(new String(SmartHealthCard.inflateRaw(JWSObject.parse(jws).getPayload().toBytes()), StandardCharsets.UTF_8))
                .isEqualTo(minified);
        // The public half derived from the private JWKS verifies too.
        assertThat(SmartHealthCard.verify(jws, SmartHealthCard.verificationKeys(
                Files.readString(EXAMPLES.resolve("issuer/issuer.jwks.private.json"))), EXAMPLES_CLOCK).valid()).isTrue();
    }

    @Test
    void issuedCardFollowsTheSpecAndVerifies() throws Exception {
        JWSObject parsed = JWSObject.parse(ourJws);
        Verification result = SmartHealthCard.verify(ourJws, Map.of(ourKey.getKeyID(), ourKey.toECPublicKey()), NOW);

        assertThat(parsed.getHeader().getCustomParam("zip")).isEqualTo("DEF");
        assertThat(parsed.getHeader().getKeyID()).isEqualTo(ourKey.computeThumbprint().toString());
        assertThat(ourJws.length()).isLessThanOrEqualTo(SmartHealthCard.MAX_SINGLE_QR_JWS_LENGTH);
        assertThat(result.valid()).isTrue();
        JsonNode payload = result.payload();
        assertThat(payload.path("iss").asString()).isEqualTo("https://vaccines.health.gov.lk");
        assertThat(payload.path("nbf").asLong()).isEqualTo(SampleClaims.ISSUED_AT.getEpochSecond());
        assertThat(payload.path("vc").path("type").get(0).asString()).isEqualTo(SmartHealthCard.HEALTH_CARD_TYPE);
        JsonNode bundle = payload.path("vc").path("credentialSubject").path("fhirBundle");
        assertThat(payload.path("vc").path("credentialSubject").path("fhirVersion").asString()).isEqualTo("4.0.1");
        assertThat(bundle.path("type").asString()).isEqualTo("collection");
        assertThat(bundle.path("entry").get(1).path("fullUrl").asString()).isEqualTo("resource:1");
        JsonNode immunization = bundle.path("entry").get(1).path("resource");
        assertThat(immunization.path("vaccineCode").path("coding").get(0).path("system").asString()).isEqualTo(FhirImmunizationBundle.CVX_SYSTEM);
        assertThat(immunization.path("patient").path("reference").asString()).isEqualTo("resource:0");
        assertThat(immunization.path("lotNumber").asString()).isEqualTo("FK4176");
        assertThat(bundle.toString()).doesNotContain("\"id\"", "\"meta\"", "\"text\"", "\"display\"");
        assertThat(result.summary().name()).isEqualTo("Zoë Anaïs Müller-Lüdenscheidt");
        assertThat(result.summary().doses()).containsExactly(new Verification.Dose("208", 1, 0, "2026-03-01"));
    }

    @Test
    void everySingleDigitChangeOfOurQrTextMakesVerificationFail() throws Exception {
        Map<String, ECPublicKey> keys = Map.of(ourKey.getKeyID(), ourKey.toECPublicKey());
        String qr = SmartHealthCard.toQrText(ourJws);
        List<Integer> acceptedAt = new ArrayList<>();
        for (int i = 0; i < qr.length(); i++) {
            char original = qr.charAt(i);
            char replacement = Character.isDigit(original) ? (char) ('0' + (original - '0' + 1) % 10) : 'X';
            String tampered = qr.substring(0, i) + replacement + qr.substring(i + 1);
            if (SmartHealthCard.verify(tampered, keys, NOW).valid()) {
                acceptedAt.add(i);
            }
        }
        assertThat(acceptedAt).as("positions where a changed character still verified").isEmpty();
    }

    @Test
    void reportsUnknownKeysExpiryAndGarbage() throws Exception {
        Map<String, ECPublicKey> keys = Map.of(ourKey.getKeyID(), ourKey.toECPublicKey());
        Map<String, ECPublicKey> wrongKeyUnderTheKid = Map.of(ourKey.getKeyID(), (ECPublicKey) SampleClaims.p256().getPublic());

        assertThat(SmartHealthCard.verify(ourJws, issuerKeys, NOW).reason()).isEqualTo(Verification.Reason.UNKNOWN_KEY);
        assertThat(SmartHealthCard.verify(ourJws, wrongKeyUnderTheKid, NOW).reason()).isEqualTo(Verification.Reason.BAD_SIGNATURE);
        assertThat(SmartHealthCard.verify(ourJws, keys, Instant.parse("2027-06-01T00:00:00Z")).reason()).isEqualTo(Verification.Reason.EXPIRED);
        assertThat(SmartHealthCard.verify(ourJws, keys, Instant.parse("2026-01-01T00:00:00Z")).reason()).isEqualTo(Verification.Reason.NOT_YET_VALID);
        assertThat(SmartHealthCard.verify("shc:/123", keys, NOW).reason()).isEqualTo(Verification.Reason.MALFORMED);
        assertThat(SmartHealthCard.verify("not.a.jws", keys, NOW).reason()).isEqualTo(Verification.Reason.MALFORMED);
        assertThatThrownBy(() -> SmartHealthCard.fromQrText("shc:/99")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SmartHealthCard.toQrText("a b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jwksPublishesOnlyThePublicPartsWithTheCrlVersion() throws Exception {
        ECPublicKey key = ourKey.toECPublicKey();
        JsonNode jwks = JSON.readTree(SmartHealthCard.jwks(List.of(key), Map.of(ourKey.getKeyID(), 3)));
        JsonNode entry = jwks.path("keys").get(0);

        assertThat(entry.path("kid").asString()).isEqualTo(ourKey.getKeyID());
        assertThat(entry.path("kty").asString()).isEqualTo("EC");
        assertThat(entry.path("use").asString()).isEqualTo("sig");
        assertThat(entry.path("alg").asString()).isEqualTo("ES256");
        assertThat(entry.path("crv").asString()).isEqualTo("P-256");
        assertThat(entry.path("crlVersion").asInt()).isEqualTo(3);
        assertThat(entry.has("d")).isFalse();
        assertThat(SmartHealthCard.verificationKeys(jwks.toString())).containsEntry(ourKey.getKeyID(), key);
        // the example issuer's published kid is the thumbprint of its key
        assertThat(JSON.readTree(SmartHealthCard.jwks(List.of(issuerKeys.get("3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s")), Map.of()))
                .path("keys").get(0).path("kid").asString()).isEqualTo("3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s");
    }

    @Test
    void revocationIdIsStableShortAndUnlinkable() {
        String rid = SmartHealthCard.revocationId("secret".getBytes(), "REF-4711-0815");

        assertThat(rid).hasSize(11).matches("[A-Za-z0-9_-]+").doesNotContain("4711");
        assertThat(SmartHealthCard.revocationId("secret".getBytes(), "REF-4711-0815")).isEqualTo(rid);
        assertThat(SmartHealthCard.revocationId("other".getBytes(), "REF-4711-0815")).isNotEqualTo(rid);
        String withRid = SmartHealthCard.issue(SampleClaims.secondDose(), ourKey, rid);
        assertThat(SmartHealthCard.payload(SampleClaims.secondDose(), rid)).extractingByKey("vc").asString().contains(rid);
        assertThat(withRid).isNotEqualTo(ourJws);
    }

    @Test
    void bundleFallsBackToIcd11WhenTheVaccineHasNoCvxCode() {
        VaccinationClaim c = SampleClaims.secondDose();
        VaccinationClaim noCvx = new VaccinationClaim(c.familyName(), c.givenName(), c.birthDate(), c.gender(), c.holderId(),
                c.certificateId(), c.issuerName(), c.issuerCountry(), c.issuerUrl(), c.diseaseCode(), c.vaccine(),
                c.vaccineTypeSnomed(), c.atc(), c.euProduct(), c.euManufacturer(), c.manufacturerName(), c.icd11(), null,
                c.lot(), c.vaccinationDate(), c.dose(), c.totalDoses(), c.centreName(), c.centreAddress(), c.vaccinatorName(),
                c.issuedAt(), c.validUntil());

        JsonNode bundle = JSON.valueToTree(FhirImmunizationBundle.of(noCvx));

        JsonNode coding = bundle.path("entry").get(1).path("resource").path("vaccineCode").path("coding").get(0);
        assertThat(coding.path("system").asString()).isEqualTo(FhirImmunizationBundle.ICD11_SYSTEM);
        assertThat(coding.path("code").asString()).isEqualTo("XM0GQ8");
        assertThat(bundle.path("entry").get(0).path("resource").path("name").get(0).path("given").size()).isEqualTo(2);
    }
}
