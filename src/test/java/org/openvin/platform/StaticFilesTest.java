package org.openvin.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.OpenVinTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Every file under static/ and the htmx webjar are served at their paths; an unknown URL is a plain 404. */
@OpenVinTest
class StaticFilesTest {

    @LocalServerPort
    int port;

    @Test
    void theStaticFilesAreFoundOnceAtStart() {
        assertThat(StaticFiles.topLevelEntries())
                .containsExactly("css/", "js/", "vaccinator-sw.js", "vaccinator.webmanifest", "verify-sw.js");
    }

    @Test
    void eachIsServedAtItsPathWithItsCacheLifetime() {
        Api api = new Api(port);
        for (String path : new String[] {"/css/openvin.css", "/js/verify.js", "/js/offline-console.js", "/vaccinator-sw.js",
                "/verify-sw.js", "/vaccinator.webmanifest", "/webjars/htmx.org/2.0.4/dist/htmx.min.js"}) {
            var answer = api.get(path);
            assertThat(answer.status()).as(path).isEqualTo(200);
            assertThat(answer.bytes()).as(path).isNotEmpty();
            assertThat(answer.header("Cache-Control")).as(path).isEqualTo("max-age=604800");
        }
    }

    @Test
    void anUnknownUrlIsA404InTheApisEnvelope() {
        Api api = new Api(port);
        var unknown = api.get("/api/v2/no-such-thing");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("errorCode").asString()).isEqualTo("NOT_FOUND");
        assertThat(unknown.json().get("error").asString()).isEqualTo("No such path: /api/v2/no-such-thing");
        assertThat(api.get("/css/no-such.css").status()).isEqualTo(404);
        assertThat(api.get("/wp-admin/setup.php").status()).isEqualTo(404);
    }
}
