package org.openvin.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.OpenVinTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * The public search limit (100 per 5 minutes per address in the India profile) cannot be
 * sidestepped: not by spelling the path differently, not by naming another address in
 * {@code X-Forwarded-For}, not by searching through the page instead. Each test connects from its
 * own loopback address (127.0.0.x), as separate machines would; only 127.0.0.1 is a trusted proxy.
 */
@OpenVinTest
@TestPropertySource(properties = {"openvin.trusted-proxies=127.0.0.1/32", "openvin.otp.resend-gap=",
        "openvin.otp.sms-per-minute=40"})
class PublicRateLimitTest {

    static final int LIMIT = 100;

    @LocalServerPort
    int port;

    private static String findByDistrict(String public_) {
        return "/api/v2/appointment/sessions/" + public_ + "/findByDistrict?district_id=395&date="
                + Fixtures.today().format(DateTimeFormatter.ofPattern("dd-MM-yyyy"));
    }

    static final String PLAIN = findByDistrict("public");
    static final String ENCODED = findByDistrict("%70ublic");

    /**
     * Calls the paths in turn until one is refused; answers how many were served. The bucket
     * refills one call every 3 s, so a slow run may be served a call or two beyond the limit.
     */
    private static int spend(Api client, String... paths) {
        for (int served = 0; served < LIMIT + 20; served++) {
            var answer = client.get(paths[served % paths.length]);
            if (answer.status() != 200) {
                assertThat(answer.status()).as(answer.toString()).isIn(403, 429);
                return served;
            }
        }
        throw new AssertionError("never refused");
    }

    @Test
    void aPercentEncodedPathIsCountedAsThePathItSpells() {
        Api client = Api.from("127.0.0.2", port);
        assertThat(spend(client, ENCODED, PLAIN.replace("findByDistrict", "findBy%44istrict"))).isBetween(LIMIT, LIMIT + 3);
        for (String path : new String[]{ENCODED, PLAIN}) {
            var refused = client.get(path);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.json().get("errorCode").asString()).isEqualTo("RATE_LIMITED");
            assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive();
        }
    }

    @Test
    void aForgedForwardedForFromAnUntrustedPeerIsIgnored() {
        Api client = Api.from("127.0.0.3", port);
        int served = 0;
        while (served < LIMIT + 20 && client.with("X-Forwarded-For", "198.51.100." + served).get(PLAIN).status() == 200) {
            served++;
        }
        assertThat(served).isBetween(LIMIT, LIMIT + 3);
        var refused = client.with("X-Forwarded-For", "198.51.100.250").get(PLAIN);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("errorCode").asString()).isEqualTo("RATE_LIMITED");
    }

    @Test
    void aTrustedProxyNamesTheClientAndEachClientHasItsOwnLimit() {
        Api proxy = Api.from("127.0.0.1", port);
        Api oneClient = proxy.with("X-Forwarded-For", "203.0.113.7");
        assertThat(spend(oneClient, PLAIN)).isBetween(LIMIT, LIMIT + 3);
        // A client that forged a header before the proxy added its own: the proxy's entry counts.
        assertThat(proxy.with("X-Forwarded-For", "198.51.100.9, 203.0.113.7").get(PLAIN).status()).isEqualTo(403);
        assertThat(proxy.with("X-Forwarded-For", "203.0.113.8").get(PLAIN).status()).isEqualTo(200);
    }

    @Test
    void theSearchPageSharesThePublicApisLimit() {
        Api client = Api.from("127.0.0.4", port).with("Accept", "text/html");
        assertThat(spend(client, PLAIN, "/search?district=395")).isBetween(LIMIT, LIMIT + 3);
        var page = client.get("/search?district=395");
        assertThat(page.status()).isEqualTo(429);
        assertThat(page.header("Retry-After")).isNotBlank();
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(client.get(PLAIN).status()).isEqualTo(403);
        // Another address is not affected.
        assertThat(Api.from("127.0.0.5", port).get("/search?district=395").status()).isEqualTo(200);
    }
}
