package org.openvin.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openvin.Api;
import org.openvin.OpenVinApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** The profile decides what the whole application serves, and a broken one stops it at start-up. */
class ProfileStartupTest {

    @TempDir
    Path dir;

    @Test
    void senegalServesItsRegionsWithFrenchNames() {
        try (ConfigurableApplicationContext app = start("senegal")) {
            Api api = new Api(port(app));
            JsonNode states = api.with("Accept-Language", "fr").get("/api/v2/admin/location/states").json().get("states");
            assertThat(states).hasSize(14);
            assertThat(states.valueStream().map(s -> s.get("state_name").asString())).contains("Dakar", "Thiès");
            int dakar = states.valueStream().filter(s -> s.get("state_name").asString().equals("Dakar"))
                    .findFirst().orElseThrow().get("state_id").asInt();
            assertThat(api.get("/api/v2/admin/location/districts/" + dakar).json().get("districts")).isNotEmpty();
        }
    }

    @Test
    void peruServesItsRegions() {
        try (ConfigurableApplicationContext app = start("peru")) {
            JsonNode states = new Api(port(app)).get("/api/v2/admin/location/states").json().get("states");
            assertThat(states).hasSize(25);
            assertThat(states.valueStream().map(s -> s.get("state_name").asString())).contains("Lima", "Cusco", "Piura");
        }
    }

    @Test
    void aDanglingDistrictReferenceStopsStartUpNamingIt() throws Exception {
        String india = new String(getClass().getResourceAsStream("/profiles/india.yaml").readAllBytes());
        Path broken = dir.resolve("broken-india.yaml");
        Files.writeString(broken, india.replaceFirst("state_id: 21", "state_id: 77"));
        assertThatThrownBy(() -> start(broken.toString()).close())
                .rootCause()
                .isInstanceOf(InvalidProfileException.class)
                .hasMessageContaining(broken.toString())
                .hasMessageContaining("state_id: no state with id 77");
    }

    private static ConfigurableApplicationContext start(String profile) {
        return new SpringApplicationBuilder(OpenVinApplication.class)
                .profiles("test")
                .run("--openvin.profile=" + profile, "--server.port=0");
    }

    private static int port(ConfigurableApplicationContext app) {
        return ((WebServerApplicationContext) app).getWebServer().getPort();
    }
}
