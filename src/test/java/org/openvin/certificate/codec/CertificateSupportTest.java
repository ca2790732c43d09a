package org.openvin.certificate.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The small pieces EU DCC issuing and verifying are built from. */
class CertificateSupportTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void selfSignedCertificateParsesVerifiesAndCarriesTheKey() throws Exception {
        KeyPair keys = SampleClaims.p256();
        X509Certificate certificate = SelfSignedCertificate.create(keys, "OpenVIN DSC", "LK",
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2051-01-01T00:00:00Z"));

        certificate.verify(keys.getPublic());
        assertThat(certificate.getPublicKey()).isEqualTo(keys.getPublic());
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=OpenVIN DSC,C=LK");
        assertThat(certificate.getNotAfter().toInstant()).isEqualTo(Instant.parse("2051-01-01T00:00:00Z"));
        assertThat(certificate.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThatThrownBy(() -> SelfSignedCertificate.create(keys, "x", "LK", Instant.EPOCH, Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void kidIsTheFirstEightBytesOfTheCertificateHash() throws Exception {
        KeyPair keys = SampleClaims.p256();
        X509Certificate certificate = SelfSignedCertificate.create(keys, "x", "LK", Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2027-01-01T00:00:00Z"));
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());

        assertThat(TrustList.kidOf(certificate)).isEqualTo(Arrays.copyOf(hash, 8));
        assertThat(TrustList.kidOf(certificate.getEncoded())).isEqualTo(Arrays.copyOf(hash, 8));
        assertThat(new TrustList().add(certificate).keysFor(TrustList.kidOf(certificate))).containsExactly(keys.getPublic());
        assertThat(new TrustList().keysFor(new byte[8])).isEmpty();
    }

    @Test
    void ecdsaSignaturesConvertBetweenDerAndRawBothWays() throws Exception {
        KeyPair keys = SampleClaims.p256();
        Signature signer = Signature.getInstance("SHA256withECDSA");
        for (int i = 0; i < 50; i++) {
            signer.initSign(keys.getPrivate());
            signer.update(new byte[] {(byte) i});
            byte[] der = signer.sign();
            byte[] raw = EcdsaSignatures.derToRaw(der, 32);
            assertThat(raw).hasSize(64);
            assertThat(EcdsaSignatures.rawToDer(raw)).isEqualTo(der);
        }
        assertThatThrownBy(() -> EcdsaSignatures.rawToDer(new byte[63])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EcdsaSignatures.derToRaw(new byte[] {0x30, 0x01}, 32)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void coseSign1RoundTripsAndDetectsAChangedPayload() {
        KeyPair keys = SampleClaims.p256();
        byte[] kid = {1, 2, 3, 4, 5, 6, 7, 8};
        CoseSign1 signed = CoseSign1.signEs256(Cbor.encode(Map.of(1L, "LK")), kid, keys.getPrivate());
        CoseSign1 parsed = CoseSign1.parse(signed.encode());

        assertThat(parsed.isSignedBy(keys.getPublic())).isTrue();
        assertThat(parsed.kid()).isEqualTo(kid);
        assertThat(parsed.algorithm()).isEqualTo(CoseSign1.ES256);
        assertThat(HexFormat.of().formatHex(signed.encode(), 0, 2)).isEqualTo("d284");
        CoseSign1 changed = new CoseSign1(parsed.protectedBytes(), parsed.protectedHeader(), parsed.unprotectedHeader(),
                Cbor.encode(Map.of(1L, "NL")), parsed.signature());
        assertThat(changed.isSignedBy(keys.getPublic())).isFalse();
        assertThat(parsed.isSignedBy(SampleClaims.p256().getPublic())).isFalse();
        assertThatThrownBy(() -> CoseSign1.parse(Cbor.encode(new Cbor.Tagged(98, List.of())))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void schemaCheckNamesEachBrokenRule() {
        JsonNode good = JSON.valueToTree(EuDcc.payload(SampleClaims.secondDose()));
        assertThat(DccSchema.violations(good)).isEmpty();

        assertThat(DccSchema.violations(JSON.readTree("""
                {"ver":"1.3.0","nam":{"fn":"X","fnt":"x-y"},"dob":"21.07.1984","v":[{"tg":"840539006"},{"tg":"840539006"}]}""")))
                .anyMatch(p -> p.startsWith("/nam/fnt")).anyMatch(p -> p.startsWith("/dob")).contains("/v must have at most 1 items but found 2");
        assertThat(DccSchema.violations(JSON.readTree("""
                {"ver":"1.3.0","nam":{"fn":"X"},"dob":"1984","v":[{"tg":"840539006"}],"r":[{}]}""")))
                .anyMatch(p -> p.startsWith("/nam required property 'fnt'")).anyMatch(p -> p.startsWith("/ must be valid to one and only one"));
        assertThat(DccSchema.violations(JSON.readTree("""
                {"ver":"1.3.0","nam":{"fnt":"X"},"dob":"1984-07","v":[{"tg":"840539006"}]}""")))
                .contains("/v/0 required property 'mp' not found").noneMatch(p -> p.startsWith("/dob"));
        assertThat(DccSchema.violations(JSON.readTree("[]"))).containsExactly("payload is not a JSON object");
    }

    @Test
    void keyUsageLimitsWhichCertificateTypesASignerMaySign() throws Exception {
        // A certificate from the conformance vectors whose EKU allows vaccinations only (CO13).
        X509Certificate vaccinationOnly = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(java.util.Base64.getDecoder().decode(
                        JSON.readTree(org.openvin.TestVectors.path("eu-dcc/common/2DCode/raw/CO13.json").toFile())
                                .path("TESTCTX").path("CERTIFICATE").asString())));
        KeyPair keys = SampleClaims.p256();
        X509Certificate unrestricted = SelfSignedCertificate.create(keys, "x", "LK", Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2027-01-01T00:00:00Z"));

        assertThat(DccKeyUsage.permits(vaccinationOnly, JSON.readTree("{\"v\":[{}]}"))).isTrue();
        assertThat(DccKeyUsage.permits(vaccinationOnly, JSON.readTree("{\"t\":[{}]}"))).isFalse();
        assertThat(DccKeyUsage.permits(unrestricted, JSON.readTree("{\"r\":[{}]}"))).isTrue();
    }

    @Test
    void base58MatchesBitcoinsPublishedVectors() {
        // From Bitcoin Core's base58_encode_decode.json.
        Map<String, String> vectors = Map.of("", "", "61", "2g", "626262", "a3gV", "636363", "aPEr",
                "516b6fcd0f", "ABnLTmg", "572e4794", "3EFU7m", "0000287fb4cd", "11233QC4",
                "48656c6c6f20576f726c6421", "2NEpo7TZRRrLZSi2U");
        vectors.forEach((hex, text) -> {
            assertThat(Base58.encode(HexFormat.of().parseHex(hex))).as(hex).isEqualTo(text);
            assertThat(HexFormat.of().formatHex(Base58.decode(text))).as(text).isEqualTo(hex);
        });
        assertThatThrownBy(() -> Base58.decode("0OIl")).isInstanceOf(IllegalArgumentException.class);
    }
}
