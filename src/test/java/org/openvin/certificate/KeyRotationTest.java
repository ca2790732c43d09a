package org.openvin.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openvin.Api;
import org.openvin.Citizens;
import org.openvin.OpenVinApplication;
import org.openvin.vaccination.PointOfCare;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Rotating the signing key by configuration: the new key signs, the old one stays published and trusted. */
class KeyRotationTest {

    @TempDir
    Path keys;

    private ConfigurableApplicationContext start(String activeKey) {
        return new SpringApplicationBuilder(OpenVinApplication.class, org.openvin.TestSms.Config.class).profiles("test")
                .run("--server.port=0", "--openvin.keys.dir=" + keys, "--openvin.certificate.active-key=" + activeKey);
    }

    private static Api api(ConfigurableApplicationContext app) {
        return new Api(((WebServerApplicationContext) app).getWebServer().getPort());
    }

    @Test
    void certificatesSignedWithTheOldKeyStillVerifyAfterRotation() {
        String hc1;
        String shc;
        String oldKid;
        try (var before = start("key-1")) {
            Api api = api(before);
            JdbcClient jdbc = before.getBean(JdbcClient.class);
            long centre = PointOfCare.centre(jdbc);
            Api vaccinator = PointOfCare.staff(api, jdbc, before.getBean(PasswordEncoder.class), "VACCINATOR", centre);
            Api citizen = Citizens.login(api, Citizens.newMobile());
            String ref = PointOfCare.beneficiary(citizen, "Rotation Test", "1975");
            var recorded = PointOfCare.record(vaccinator, PointOfCare.dose(ref, null, centre, "COVAXIN", 1));
            assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
            hc1 = Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> citizen
                    .get("/api/v2/registration/certificate/qr?beneficiary_reference_id=" + ref + "&format=eu-dcc"),
                    a -> a.status() == 200).json().get("payload").asString();
            shc = citizen.get("/api/v2/registration/certificate/qr?beneficiary_reference_id=" + ref + "&format=shc")
                    .json().get("payload").asString();
            var jwks = api.get("/.well-known/jwks.json").json().get("keys");
            assertThat(jwks).hasSize(1);
            oldKid = jwks.get(0).get("kid").asString();
        }
        try (var after = start("key-2")) {
            Api api = api(after);
            var jwks = api.get("/.well-known/jwks.json").json().get("keys");
            assertThat(jwks).hasSize(2);
            assertThat(jwks.valueStream().map(k -> k.get("kid").asString())).contains(oldKid);
            // A new key has revoked nothing yet, but says that it can: spec-following verifiers look for the list only then.
            for (var key : jwks) {
                assertThat(key.path("crlVersion").asInt()).as(key.toString()).isGreaterThanOrEqualTo(1);
                var crl = api.get("/.well-known/crl/" + key.get("kid").asString() + ".json").json();
                assertThat(crl.get("ctr").asInt()).isEqualTo(key.get("crlVersion").asInt());
            }
            assertThat(api.get("/api/v2/certificate/public/keys").body()).contains("key-1").contains("key-2");
            for (String payload : new String[]{hc1, shc}) {
                var verdict = api.post("/api/v2/certificate/public/verify", Map.of("payload", payload)).json();
                assertThat(verdict.get("valid").asBoolean()).as(verdict.toString()).isTrue();
            }
        }
    }
}
