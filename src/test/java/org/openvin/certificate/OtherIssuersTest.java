package org.openvin.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openvin.Api;
import org.openvin.OpenVinApplication;
import org.openvin.TestVectors;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The public verifier checks other countries' certificates once their keys are configured: an
 * Austrian EU DCC (its signing certificate from the test vectors) and the SMART Health Cards
 * examples (their issuer's key set).
 */
class OtherIssuersTest {

    static final Path VECTORS = TestVectors.path("");

    @TempDir
    Path dir;

    private ConfigurableApplicationContext start(String... extra) {
        String[] args = new String[extra.length + 1];
        args[0] = "--server.port=0";
        System.arraycopy(extra, 0, args, 1, extra.length);
        return new SpringApplicationBuilder(OpenVinApplication.class).profiles("test").run(args);
    }

    private static JsonNode verify(ConfigurableApplicationContext app, String payload) {
        var answer = new Api(((WebServerApplicationContext) app).getWebServer().getPort())
                .post("/api/v2/certificate/public/verify", Map.of("payload", payload));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    @Test
    void foreignEuDccAndShcVerifyOnlyWithTheirKeysConfigured() throws Exception {
        JsonNode austria = Api.JSON.readTree(VECTORS.resolve("eu-dcc/AT/2DCode/raw/1.json").toFile());
        Path dscs = Files.createDirectories(dir.resolve("dsc"));
        Files.writeString(dscs.resolve("at.pem"), "-----BEGIN CERTIFICATE-----\n"
                + austria.get("TESTCTX").get("CERTIFICATE").asString() + "\n-----END CERTIFICATE-----\n");
        String hc1 = austria.get("PREFIX").asString();
        String shc = Files.readString(VECTORS.resolve("smart-health-cards/example-00-d-jws.txt")).strip();
        String jwks = VECTORS.resolve("smart-health-cards/issuer/issuer.jwks.private.json").toString();

        try (var unconfigured = start()) {
            assertThat(verify(unconfigured, hc1).get("reason").asString()).isEqualTo("UNKNOWN_KEY");
            assertThat(verify(unconfigured, shc).get("reason").asString()).isEqualTo("UNKNOWN_KEY");
        }
        try (var configured = start("--openvin.certificate.trusted-dsc-dir=" + dscs,
                "--openvin.certificate.trusted-jwks=" + jwks)) {
            // The Austrian signature checks out; the certificate itself expired years ago.
            JsonNode dcc = verify(configured, hc1);
            assertThat(dcc.get("reason").asString()).isEqualTo("EXPIRED");
            JsonNode card = verify(configured, shc);
            assertThat(card.get("valid").asBoolean()).as(card.toString()).isTrue();
            assertThat(card.get("name").asString()).isNotBlank();
            // One flipped character of the foreign card breaks it.
            String tampered = shc.substring(0, 40) + (shc.charAt(40) == 'A' ? 'B' : 'A') + shc.substring(41);
            assertThat(verify(configured, tampered).get("valid").asBoolean()).isFalse();
        }
    }
}
