package org.openvin.certificate.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
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
}
