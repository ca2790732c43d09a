package org.openvin.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.Citizens;
import org.openvin.OpenVinTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** A citizen's token is readable by anyone who sees it (base64): it carries the account id, no personal data. */
@OpenVinTest
class TokenClaimsTest {

    @LocalServerPort
    int port;

    private static JsonNode claims(Api client) {
        String token = client.headerValue("Authorization").substring("Bearer ".length());
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        return Api.JSON.readTree(payload);
    }

    @Test
    void theCitizenTokenCarriesNoMobileNumberAndTheApiStillKnowsIt() {
        String mobile = Citizens.newMobile();
        Api citizen = Citizens.login(new Api(port), mobile);
        JsonNode claims = claims(citizen);
        assertThat(claims.toString()).doesNotContain(mobile).doesNotContain(mobile.substring(mobile.length() - 4));
        assertThat(Set.copyOf(claims.propertyNames())).isEqualTo(Set.of("sub", "typ", "jti", "iat", "exp"));

        // What showed the number still does, masked, from the account.
        var created = citizen.post("/api/v2/registration/beneficiary/new",
                org.openvin.vaccination.PointOfCare.person("Token Reader", "1980"));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        var listed = citizen.get("/api/v2/appointment/beneficiaries");
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        assertThat(listed.json().get("beneficiaries").get(0).get("mobile_number").asString())
                .isEqualTo("X".repeat(mobile.length() - 4) + mobile.substring(mobile.length() - 4));
    }
}
