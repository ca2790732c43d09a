package org.openvin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

@OpenVinTest
class HealthTest {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Test
    void readinessIsUpIncludingTheDatabase() {
        var answer = new Api(port).get("/actuator/health/readiness");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("status").asString()).isEqualTo("UP");
        assertThat(answer.json().has("components")).as("no details on the public port").isFalse();
    }

    @Test
    void livenessIsServedOnThePublicPortAndPrometheusOnlyOnTheManagementPort() {
        Api api = new Api(port);
        assertThat(api.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(api.get("/actuator/prometheus").status()).isEqualTo(404);
        assertThat(api.get("/actuator/metrics").status()).isEqualTo(404);
        assertThat(api.get("/actuator/health").status()).isEqualTo(404);

        Api operators = new Api(managementPort);
        var metrics = operators.get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void healthDetailsAreShownOnTheManagementPort() {
        var health = new Api(managementPort).get("/actuator/health");
        assertThat(health.status()).as(health.body()).isEqualTo(200);
        assertThat(health.json().get("components").get("db").get("status").asString()).isEqualTo("UP");
        // What the server itself says about durability, for operators (the test suite runs without it).
        var durability = health.json().get("components").get("durability").get("details");
        assertThat(durability.get("fsync").asString()).isEqualTo("off");
        assertThat(durability.get("synchronous_commit").asString()).isEqualTo("off");
        assertThat(durability.get("durable").asBoolean()).isFalse();
        assertThat(durability.get("server_version").asString()).startsWith("14.");
    }

    @Test
    void openApiDocumentIsPublishedWhenEnabled() {
        var doc = new Api(port).get("/v3/api-docs");
        assertThat(doc.status()).isEqualTo(200);
        assertThat(doc.json().get("openapi").asString()).startsWith("3.");
    }
}
