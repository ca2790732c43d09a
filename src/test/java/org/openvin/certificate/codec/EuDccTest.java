package org.openvin.certificate.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class EuDccTest {

    private static final Instant NOW = SampleClaims.ISSUED_AT.plus(Duration.ofDays(10));
    private static final String BASE45_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

    private static KeyPair keys;
    private static X509Certificate certificate;
    private static TrustList trustList;
    private static String hc1;

    @BeforeAll
    static void issueOne() {
        keys = SampleClaims.p256();
        certificate = SelfSignedCertificate.create(keys, "OpenVIN DSC LK test", "LK",
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2028-01-01T00:00:00Z"));
        trustList = new TrustList().add(certificate);
        hc1 = EuDcc.issue(SampleClaims.secondDose(), keys.getPrivate(), TrustList.kidOf(certificate));
    }

    @Test
    void issuedCertificateVerifiesWithItsDataIntact() {
        Verification result = EuDcc.verify(hc1, trustList, NOW);

        assertThat(result.valid()).isTrue();
        assertThat(result.reason()).isEqualTo(Verification.Reason.VALID);
        JsonNode dcc = result.payload();
        assertThat(dcc.path("ver").asString()).isEqualTo("1.3.0");
        assertThat(dcc.path("nam").path("fn").asString()).isEqualTo("Müller-Lüdenscheidt");
        assertThat(dcc.path("nam").path("fnt").asString()).isEqualTo("MUELLER<LUEDENSCHEIDT");
        assertThat(dcc.path("nam").path("gnt").asString()).isEqualTo("ZOE<ANAIS");
        assertThat(dcc.path("dob").asString()).isEqualTo("1984-07-21");
        JsonNode v = dcc.path("v").get(0);
        assertThat(v.path("tg").asString()).isEqualTo("840539006");
        assertThat(v.path("vp").asString()).isEqualTo("1119349007");
        assertThat(v.path("mp").asString()).isEqualTo("EU/1/20/1528");
        assertThat(v.path("ma").asString()).isEqualTo("ORG-100030215");
        assertThat(v.path("dn").asInt()).isEqualTo(2);
        assertThat(v.path("sd").asInt()).isEqualTo(2);
        assertThat(v.path("dt").asString()).isEqualTo("2026-03-01");
        assertThat(v.path("co").asString()).isEqualTo("LK");
        assertThat(v.path("is").asString()).isEqualTo("Ministry of Health, Sri Lanka");
        assertThat(Uvci.isValid(v.path("ci").asString())).isTrue();
        assertThat(DccSchema.violations(dcc)).isEmpty();
        assertThat(result.summary()).isEqualTo(new Verification.Summary("Zoë Anaïs Müller-Lüdenscheidt", "1984-07-21",
                List.of(new Verification.Dose("EU/1/20/1528", 2, 2, "2026-03-01"))));
    }

    @Test
    void issuedCertificateFollowsTheWireFormat() {
        EuDcc.Decoded decoded = EuDcc.decode(hc1);
        byte[] zlib = Base45.decode(EuDcc.removePrefix(hc1));

        assertThat(HexFormat.of().formatHex(zlib, 0, 2)).isEqualTo("78da");
        assertThat(decoded.cose().algorithm()).isEqualTo(CoseSign1.ES256);
        assertThat(decoded.cose().protectedHeader()).containsKeys(1L, 4L);
        assertThat(decoded.cose().kid()).isEqualTo(TrustList.kidOf(certificate)).hasSize(8);
        assertThat(decoded.claims().get(1L)).isEqualTo("LK");
        assertThat(decoded.issuedAt()).isEqualTo(SampleClaims.ISSUED_AT);
        assertThat(decoded.expiresAt()).isEqualTo(Instant.parse("2027-03-02T09:30:00Z"));
        assertThat(EuDcc.payload(SampleClaims.secondDose())).containsKeys("ver", "nam", "dob", "v");
    }

    @Test
    void everySingleCharacterChangeMakesVerificationFail() {
        List<Integer> acceptedAt = new ArrayList<>();
        for (int i = 0; i < hc1.length(); i++) {
            char original = hc1.charAt(i);
            char replacement = BASE45_ALPHABET.charAt((BASE45_ALPHABET.indexOf(original) + 1) % BASE45_ALPHABET.length());
            if (BASE45_ALPHABET.indexOf(original) < 0) {
                replacement = 'X'; // in the "HC1:" prefix
            }
            String tampered = hc1.substring(0, i) + replacement + hc1.substring(i + 1);
            if (EuDcc.verify(tampered, trustList, NOW).valid()) {
                acceptedAt.add(i);
            }
        }
        assertThat(acceptedAt).as("positions where a changed character still verified").isEmpty();
    }

    @Test
    void reportsWhyACertificateFails() {
        TrustList otherIssuer = new TrustList().add(TrustList.kidOf(certificate), SampleClaims.p256().getPublic());

        assertThat(EuDcc.verify(hc1, new TrustList(), NOW).reason()).isEqualTo(Verification.Reason.UNKNOWN_KEY);
        assertThat(EuDcc.verify(hc1, otherIssuer, NOW).reason()).isEqualTo(Verification.Reason.BAD_SIGNATURE);
        assertThat(EuDcc.verify(hc1, trustList, Instant.parse("2028-01-01T00:00:00Z")).reason()).isEqualTo(Verification.Reason.EXPIRED);
        assertThat(EuDcc.verify(hc1, trustList, Instant.parse("2026-01-01T00:00:00Z")).reason()).isEqualTo(Verification.Reason.NOT_YET_VALID);
        assertThat(EuDcc.verify("HC1:not base45 at all!", trustList, NOW).reason()).isEqualTo(Verification.Reason.MALFORMED);
        assertThat(EuDcc.verify(hc1, trustList, NOW).revoked().reason()).isEqualTo(Verification.Reason.REVOKED);
    }

    @Test
    void acceptsAnyOfSeveralKeysSharingAKid() {
        TrustList rotated = new TrustList()
                .add(TrustList.kidOf(certificate), SampleClaims.p256().getPublic())
                .add(certificate);

        assertThat(EuDcc.verify(hc1, rotated, NOW).valid()).isTrue();
    }

    @Test
    void aClaimWithoutExpiryGetsTheDefaultValidity() {
        VaccinationClaim c = SampleClaims.secondDose();
        VaccinationClaim noExpiry = new VaccinationClaim(c.familyName(), null, "1984", c.gender(), c.holderId(), c.certificateId(),
                c.issuerName(), c.issuerCountry(), c.issuerUrl(), c.diseaseCode(), c.vaccine(), c.vaccineTypeSnomed(), c.atc(),
                c.euProduct(), c.euManufacturer(), c.manufacturerName(), c.icd11(), c.cvx(), c.lot(), c.vaccinationDate(),
                c.dose(), c.totalDoses(), c.centreName(), c.centreAddress(), c.vaccinatorName(), c.issuedAt(), null);

        EuDcc.Decoded decoded = EuDcc.decode(EuDcc.issue(noExpiry, keys.getPrivate(), TrustList.kidOf(certificate)));

        assertThat(decoded.expiresAt()).isEqualTo(SampleClaims.ISSUED_AT.plus(EuDcc.DEFAULT_VALIDITY));
        assertThat(decoded.dcc().path("nam").has("gn")).isFalse();
        assertThat(DccSchema.violations(decoded.dcc())).isEmpty();
    }

    @Test
    void pipelineStepsRejectWhatIsNotTheirInput() {
        assertThatThrownBy(() -> EuDcc.removePrefix("HC2:ABC")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EuDcc.inflate(new byte[] {1, 2, 3})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EuDcc.inflate(java.util.Arrays.copyOf(EuDcc.deflate(new byte[500]), 6)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EuDcc.inflate(EuDcc.deflate(new byte[1_000_000]))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EuDcc.decodeCose(Cbor.encode(List.of(1L)))).isInstanceOf(IllegalArgumentException.class);
        assertThat(EuDcc.inflate(EuDcc.deflate("abc".getBytes()))).isEqualTo("abc".getBytes());
    }

    @Test
    void verifierRefusesSignedPayloadsTheOfficialSchemaRefuses() {
        Map<String, Object> test = new LinkedHashMap<>();
        test.put("tg", "840539006");
        test.put("tt", "LP6464-4");
        test.put("sc", "2026-03-01T10:00:00Z");
        test.put("tr", "260415000");
        test.put("tc", "T".repeat(81));
        test.put("co", "LK");
        test.put("is", "Ministry of Health, Sri Lanka");
        test.put("ci", Uvci.of("LK", "OPENVIN/2026/000124"));
        Map<String, Map<String, Object>> broken = Map.of(
                "birth year before 1900", withField(dcc -> dcc.put("dob", "1884-07-21")),
                "birth date not ISO", withField(dcc -> dcc.put("dob", "21.07.1984")),
                "empty country", withVaccination("co", ""),
                "dose number 0", withVaccination("dn", 0),
                "testing centre over 80 characters", withField(dcc -> {
                    dcc.remove("v");
                    dcc.put("t", List.of(test));
                }));

        assertThat(EuDcc.verify(signed(EuDcc.payload(SampleClaims.secondDose()), keys, certificate), trustList, NOW).reason())
                .isEqualTo(Verification.Reason.VALID);
        broken.forEach((what, dcc) -> {
            Verification result = EuDcc.verify(signed(dcc, keys, certificate), trustList, NOW);
            assertThat(result.reason()).as(what).isEqualTo(Verification.Reason.MALFORMED);
            assertThat(result.valid()).as(what).isFalse();
            assertThat(result.summary()).as("still says whose certificate failed").isNotNull();
        });
        test.put("tc", "Testzentrum Köln Hbf");
        assertThat(DccSchema.violations(tools.jackson.databind.json.JsonMapper.builder().build().valueToTree(
                withField(dcc -> {
                    dcc.remove("v");
                    dcc.put("t", List.of(test));
                })))).isEmpty();
    }

    @Test
    void signerCertificatesKeyUsageLimitsTheTypesItMaySignAsTheSpecSays() throws Exception {
        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        Instant until = Instant.parse("2028-01-01T00:00:00Z");
        Map<String, Verification.Reason> expected = Map.of(
                "1.3.6.1.4.1.1847.2021.1.1", Verification.Reason.KEY_NOT_PERMITTED, // tests only
                "1.3.6.1.4.1.0.1847.2021.1.3", Verification.Reason.KEY_NOT_PERMITTED, // recoveries only, deployed variant
                "1.3.6.1.4.1.1847.2021.1.2", Verification.Reason.VALID, // vaccinations
                "1.3.6.1.4.1.0.1847.2021.1.2", Verification.Reason.VALID,
                "1.3.6.1.5.5.7.3.4", Verification.Reason.VALID); // e-mail protection: names no DCC type, so all types
        for (var entry : expected.entrySet()) {
            String oid = entry.getKey();
            KeyPair signer = SampleClaims.p256();
            X509Certificate dsc = SelfSignedCertificate.create(signer, "DSC " + oid, "LK", from, until, List.of(oid));
            assertThat(dsc.getExtendedKeyUsage()).as("certificate carries the usage").isNotNull();
            String vaccination = signed(EuDcc.payload(SampleClaims.secondDose()), signer, dsc);
            assertThat(EuDcc.verify(vaccination, new TrustList().add(dsc), NOW).reason()).as(oid).isEqualTo(entry.getValue());
        }
    }

    private static Map<String, Object> withField(java.util.function.Consumer<Map<String, Object>> change) {
        Map<String, Object> dcc = new LinkedHashMap<>(EuDcc.payload(SampleClaims.secondDose()));
        change.accept(dcc);
        return dcc;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withVaccination(String field, Object value) {
        return withField(dcc -> {
            Map<String, Object> entry = new LinkedHashMap<>(((List<Map<String, Object>>) dcc.get("v")).getFirst());
            entry.put(field, value);
            dcc.put("v", List.of(entry));
        });
    }

    /** A DCC as another issuer might sign it: the payload as given, nothing checked on the way. */
    private static String signed(Map<String, Object> dcc, KeyPair signer, X509Certificate dsc) {
        Map<Object, Object> claims = new LinkedHashMap<>();
        claims.put(EuDcc.CLAIM_ISSUER, "LK");
        claims.put(EuDcc.CLAIM_ISSUED_AT, SampleClaims.ISSUED_AT.getEpochSecond());
        claims.put(EuDcc.CLAIM_EXPIRES, SampleClaims.ISSUED_AT.plus(Duration.ofDays(365)).getEpochSecond());
        claims.put(EuDcc.CLAIM_HCERT, Map.of(EuDcc.HCERT_DCC, dcc));
        CoseSign1 cose = CoseSign1.signEs256(Cbor.encode(claims), TrustList.kidOf(dsc), signer.getPrivate());
        return EuDcc.PREFIX + Base45.encode(EuDcc.deflate(cose.encode()));
    }
}
