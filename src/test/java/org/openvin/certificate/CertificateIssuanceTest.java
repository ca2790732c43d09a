package org.openvin.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.certificate.codec.SmartHealthCard;
import org.openvin.Citizens;
import org.openvin.OpenVinTest;
import org.openvin.TestClock;
import org.openvin.vaccination.PointOfCare;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;

@OpenVinTest
class CertificateIssuanceTest {

    static final List<String> FORMATS = List.of("eu-dcc", "shc", "w3c-vc");

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PasswordEncoder passwords;
    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactions;

    Api api;
    Api citizen;
    long centre;
    Api vaccinator;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        citizen = Citizens.login(api, Citizens.newMobile());
        centre = PointOfCare.centre(jdbc);
        vaccinator = PointOfCare.staff(api, jdbc, passwords, "VACCINATOR", centre);
    }

    @AfterEach
    void resetClock() {
        TestClock.reset();
    }

    private int certificates(String ref) {
        return jdbc.sql("SELECT count(*) FROM certificate WHERE beneficiary_id = ?").param(ref).query(Integer.class).single();
    }

    private void awaitCertificates(String ref, int n) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (certificates(ref) < n && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(certificates(ref)).isEqualTo(n);
    }

    private String qr(Api who, String ref, String format) {
        var answer = who.get("/api/v2/registration/certificate/qr?beneficiary_reference_id=" + ref + "&format=" + format);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("format").asString()).isEqualTo(format);
        return answer.json().get("payload").asString();
    }

    private JsonNode verify(String payload) {
        var answer = api.post("/api/v2/certificate/public/verify", Map.of("payload", payload));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private static String flip(String payload) {
        int i = payload.length() / 2;
        char c = payload.charAt(i);
        char replacement = Character.isDigit(c) ? (c == '1' ? '2' : '1') : (c == 'A' ? 'B' : 'A');
        return payload.substring(0, i) + replacement + payload.substring(i + 1);
    }

    private String vaccinate(String ref, int dose) {
        var answer = PointOfCare.record(vaccinator, PointOfCare.dose(ref, null, centre, "COVAXIN", dose));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("certificate_id").asString();
    }

    @Test
    void aCertificatePerDoseInEveryFormatVerifiesAndTamperingIsCaught() throws Exception {
        String ref = PointOfCare.beneficiary(citizen, "Sunita Rao", "1979");
        String firstId = vaccinate(ref, 1);
        awaitCertificates(ref, 1);
        for (String format : FORMATS) {
            String payload = qr(citizen, ref, format);
            JsonNode result = verify(payload);
            assertThat(result.get("valid").asBoolean()).as(format + " " + result).isTrue();
            assertThat(result.get("reason").asString()).isEqualTo("VALID");
            assertThat(result.get("format").asString()).isEqualTo(format);
            assertThat(result.get("name").asString()).isEqualTo("Sunita Rao");
            JsonNode tampered = verify(flip(payload));
            assertThat(tampered.get("valid").asBoolean()).as(format + " tampered " + tampered).isFalse();
        }
        assertThat(verify(qr(citizen, ref, "eu-dcc")).get("doses").get(0).get("total_doses").asInt()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT id FROM certificate WHERE beneficiary_id = ?").param(ref).query(String.class).single())
                .isEqualTo(firstId);

        TestClock.advance(Duration.ofDays(30));
        vaccinator = PointOfCare.staff(api, jdbc, passwords, "VACCINATOR", centre);
        citizen = Citizens.login(api, jdbc.sql("SELECT a.mobile FROM citizen_account a JOIN beneficiary b ON b.account_id = a.id"
                + " WHERE b.reference_id = ?").param(ref).query(String.class).single());
        vaccinate(ref, 2);
        awaitCertificates(ref, 2);
        JsonNode finalDcc = verify(qr(citizen, ref, "eu-dcc"));
        assertThat(finalDcc.get("valid").asBoolean()).isTrue();
        assertThat(finalDcc.get("doses").get(0).get("dose").asInt()).isEqualTo(2);
        for (String format : FORMATS) {
            assertThat(verify(qr(citizen, ref, format)).get("valid").asBoolean()).as(format).isTrue();
        }
        var pdf = citizen.get("/api/v2/registration/certificate/download?beneficiary_reference_id=" + ref);
        assertThat(pdf.status()).isEqualTo(200);
        assertThat(pdf.header("Content-Type")).startsWith("application/pdf");
        assertThat(new String(pdf.bytes(), 0, 5)).isEqualTo("%PDF-");
        assertThat(vaccinator.get("/api/v2/vaccinator/certificate/download?beneficiary_reference_id=" + ref).status()).isEqualTo(200);
    }

    @Test
    void aCrashBetweenDoseAndCertificateEndsWithExactlyOneCertificate() throws Exception {
        String ref = PointOfCare.beneficiary(citizen, "Crash Survivor", "1980");
        String certificateId = vaccinate(ref, 1);
        awaitCertificates(ref, 1);
        assertThat(queued()).as("a certified dose leaves the queue").isZero();
        // Simulate the crash: the batch that would certify the dose never committed, so the dose is
        // still queued (the queue row and the certificate are written in one transaction).
        UUID vaccination = jdbc.sql("SELECT vaccination_id FROM certificate WHERE beneficiary_id = ?").param(ref)
                .query(UUID.class).single();
        jdbc.sql("DELETE FROM certificate WHERE beneficiary_id = ?").param(ref).update();
        jdbc.sql("INSERT INTO certificate_queue (vaccination_id) VALUES (?)").param(vaccination).update();
        awaitCertificates(ref, 1);
        // Queued again although the certificate exists (a correction came first): still exactly one.
        jdbc.sql("INSERT INTO certificate_queue (vaccination_id) VALUES (?)").param(vaccination).update();
        long deadline = System.currentTimeMillis() + 10_000;
        while (queued() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(queued()).isZero();
        assertThat(certificates(ref)).isEqualTo(1);
        assertThat(jdbc.sql("SELECT id FROM certificate WHERE beneficiary_id = ?").param(ref).query(String.class).single())
                .isEqualTo(certificateId);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'CERTIFICATE_ISSUE' AND subject = ?")
                .param("certificate:" + certificateId).query(Integer.class).single())
                .as("one audit row per certificate actually inserted").isEqualTo(2);
    }

    @Test
    void aBatchThatFailsLeavesItsDosesQueuedAndALaterOneCertifiesThem() throws Exception {
        String ref = PointOfCare.beneficiary(citizen, "Batch Survivor", "1981");
        String certificateId = vaccinate(ref, 1);
        awaitCertificates(ref, 1);
        UUID vaccination = jdbc.sql("SELECT vaccination_id FROM certificate WHERE beneficiary_id = ?").param(ref)
                .query(UUID.class).single();
        jdbc.sql("DELETE FROM certificate WHERE beneficiary_id = ?").param(ref).update();
        jdbc.sql("INSERT INTO certificate_queue (vaccination_id) VALUES (?)").param(vaccination).update();
        // Another node's issuer has claimed the dose (holds its queue row) and dies mid-batch.
        new org.springframework.transaction.support.TransactionTemplate(transactions).executeWithoutResult(status -> {
            jdbc.sql("SELECT vaccination_id FROM certificate_queue WHERE vaccination_id = ? FOR UPDATE").param(vaccination)
                    .query(UUID.class).single();
            try {
                Thread.sleep(1_500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            assertThat(certificates(ref)).as("a row another transaction holds is skipped, not taken twice").isZero();
            // Its transaction rolls back: the dose is still queued, and this node's issuers take it.
            status.setRollbackOnly();
        });
        awaitCertificates(ref, 1);
        assertThat(jdbc.sql("SELECT id FROM certificate WHERE beneficiary_id = ?").param(ref).query(String.class).single())
                .isEqualTo(certificateId);
    }

    private int queued() {
        return jdbc.sql("SELECT count(*) FROM certificate_queue").query(Integer.class).single();
    }

    @Test
    void aCorrectionRevokesTheOldCertificatesAndIssuesNewOnes() throws Exception {
        String ref = PointOfCare.beneficiary(citizen, "Wrong Nmae", "1980");
        vaccinate(ref, 1);
        awaitCertificates(ref, 1);
        Map<String, String> old = new java.util.HashMap<>();
        for (String format : FORMATS) {
            old.put(format, qr(citizen, ref, format));
        }
        Api stranger = Citizens.login(api, Citizens.newMobile());
        assertThat(stranger.post("/api/v2/registration/certificate/correct",
                Map.of("beneficiary_reference_id", ref, "name", "Hijacked")).status()).isEqualTo(404);
        assertThat(stranger.get("/api/v2/registration/certificate/download?beneficiary_reference_id=" + ref).status()).isEqualTo(404);
        assertThat(stranger.get("/api/v2/registration/certificate/public/download?beneficiary_reference_id=" + ref).status()).isEqualTo(404);
        assertThat(stranger.get("/api/v2/registration/certificate/qr?format=shc&beneficiary_reference_id=" + ref).status()).isEqualTo(404);

        var corrected = citizen.post("/api/v2/registration/certificate/correct", Map.of("beneficiary_reference_id", ref, "name", "Right Name"));
        assertThat(corrected.status()).as(corrected.body()).isEqualTo(204);
        for (String format : FORMATS) {
            JsonNode before = verify(old.get(format));
            assertThat(before.get("valid").asBoolean()).isFalse();
            assertThat(before.get("reason").asString()).as(format).isEqualTo("REVOKED");
            JsonNode now = verify(qr(citizen, ref, format));
            assertThat(now.get("reason").asString()).as(format).isEqualTo("VALID");
            assertThat(now.get("name").asString()).isEqualTo("Right Name");
        }
        JsonNode jwks = api.get("/.well-known/jwks.json").json();
        String kid = jwks.get("keys").get(0).get("kid").asString();
        assertThat(jwks.get("keys").get(0).get("crlVersion").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(api.get("/.well-known/jwks.json").header("Access-Control-Allow-Origin")).isEqualTo("*");
        JsonNode crl = api.get("/.well-known/crl/" + kid + ".json").json();
        assertThat(crl.get("method").asString()).isEqualTo("rid");
        assertThat(crl.get("rids").size()).isGreaterThanOrEqualTo(1);
        assertThat(api.get("/api/v2/certificate/public/revocations").body()).contains(
                jdbc.sql("SELECT id FROM certificate WHERE beneficiary_id = ? AND status = 'REVOKED'").param(ref).query(String.class).single());

        assertThat(citizen.post("/api/v2/registration/certificate/correct", Map.of("beneficiary_reference_id", ref, "birth_year", 1981)).status())
                .isEqualTo(204);
        var third = citizen.post("/api/v2/registration/certificate/correct", Map.of("beneficiary_reference_id", ref, "gender_id", 1));
        assertThat(third.status()).isEqualTo(409);
        assertThat(third.json().get("errorCode").asString()).isEqualTo("CERTIF0006");
    }

    @Test
    void revokingACardRaisesThePublishedCrlVersionAndListsItsRid() throws Exception {
        String ref = PointOfCare.beneficiary(citizen, "Revoked Card", "1982");
        vaccinate(ref, 1);
        awaitCertificates(ref, 1);
        String shc = qr(citizen, ref, "shc");
        String kid = com.nimbusds.jose.JWSObject.parse(SmartHealthCard.fromQrText(shc)).getHeader().getKeyID();
        String rid = jdbc.sql("SELECT shc_rid FROM certificate WHERE beneficiary_id = ?").param(ref).query(String.class).single();
        JsonNode before = keyOf(kid);
        assertThat(before.has("crlVersion")).as("a verifier learns from the key that cards can be revoked: " + before).isTrue();
        int version = before.get("crlVersion").asInt();
        JsonNode listBefore = api.get("/.well-known/crl/" + kid + ".json").json();
        assertThat(listBefore.get("ctr").asInt()).isEqualTo(version);
        assertThat(listBefore.get("rids").valueStream().map(JsonNode::asString)).doesNotContain(rid);

        var corrected = citizen.post("/api/v2/registration/certificate/correct", Map.of("beneficiary_reference_id", ref, "name", "Revised Card"));
        assertThat(corrected.status()).as(corrected.body()).isEqualTo(204);

        assertThat(keyOf(kid).get("crlVersion").asInt()).isEqualTo(version + 1);
        JsonNode list = api.get("/.well-known/crl/" + kid + ".json").json();
        assertThat(list.get("kid").asString()).isEqualTo(kid);
        assertThat(list.get("method").asString()).isEqualTo("rid");
        assertThat(list.get("ctr").asInt()).isEqualTo(version + 1);
        assertThat(list.get("rids").valueStream().map(JsonNode::asString)).contains(rid);
        assertThat(verify(shc).get("reason").asString()).isEqualTo("REVOKED");
    }

    private JsonNode keyOf(String kid) {
        return api.get("/.well-known/jwks.json").json().get("keys").valueStream()
                .filter(k -> k.get("kid").asString().equals(kid)).findFirst().orElseThrow();
    }

    @Test
    void publishesKeysAndRefusesBadInputs() throws Exception {
        JsonNode keys = api.get("/api/v2/certificate/public/keys").json();
        assertThat(keys.get("eu_dcc").get(0).get("kid").asString()).isNotBlank();
        assertThat(keys.get("eu_dcc").get(0).get("certificate").asString()).isNotBlank();
        assertThat(keys.get("w3c_vc").get(0).get("public_key").asString()).isNotBlank();

        JsonNode garbage = verify("hello world");
        assertThat(garbage.get("valid").asBoolean()).isFalse();
        assertThat(garbage.get("reason").asString()).isEqualTo("MALFORMED");
        assertThat(verify("HC1:NOTBASE45!!").get("reason").asString()).isEqualTo("MALFORMED");
        assertThat(verify("shc:/123").get("valid").asBoolean()).isFalse();
        assertThat(verify("{\"a\":1}").get("reason").asString()).isEqualTo("MALFORMED");

        String ref = PointOfCare.beneficiary(citizen, "No Certificate", "1980");
        List<Api.Answer> answers = List.of(
                api.post("/api/v2/certificate/public/verify", Map.of()),
                api.post("/api/v2/certificate/public/verify", "{broken"),
                api.post("/api/v2/certificate/public/qr-text", "image/png", "not a picture".getBytes()),
                api.post("/api/v2/certificate/public/qr-text", "image/png", new byte[0]),
                api.post("/api/v2/certificate/public/qr-text", "text/plain", "HC1:".getBytes()),
                api.get("/.well-known/crl/unknown.json"),
                citizen.get("/api/v2/registration/certificate/qr?beneficiary_reference_id=" + ref + "&format=pdf"),
                citizen.get("/api/v2/registration/certificate/qr?beneficiary_reference_id=" + ref + "&format=shc"),
                citizen.get("/api/v2/registration/certificate/qr?beneficiary_reference_id=12&format=shc"),
                citizen.get("/api/v2/registration/certificate/download"),
                citizen.get("/api/v2/registration/certificate/download?beneficiary_reference_id=" + ref),
                citizen.post("/api/v2/registration/certificate/correct", Map.of("beneficiary_reference_id", "x")),
                citizen.post("/api/v2/registration/certificate/correct", Map.of("beneficiary_reference_id", ref)),
                citizen.post("/api/v2/registration/certificate/correct", Map.of("beneficiary_reference_id", ref, "gender_id", 99)),
                citizen.post("/api/v2/registration/certificate/correct", Map.of("beneficiary_reference_id", ref, "name", "1234")),
                citizen.post("/api/v2/registration/certificate/correct", "{\"birth_year\":\"abc\"}"));
        assertThat(answers).allSatisfy(a -> {
            assertThat(a.status()).as(a.body()).isBetween(400, 499);
            assertThat(a.json().get("errorCode").asString()).isNotBlank();
        });
        assertThat(UUID.randomUUID()).isNotNull();

        // A picture sent without a length is read up to its limit, and no further.
        var tooLarge = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(api.base() + "/api/v2/certificate/public/qr-text")).header("Content-Type", "image/jpeg")
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(new byte[8 * 1024 * 1024 + 1024]))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(tooLarge.statusCode()).isEqualTo(400);
        assertThat(tooLarge.body()).contains("CERTIF0008");
    }
}
