package org.openvin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@OpenVinTest
class HealthTest {

    @LocalServerPort
    int port;

    @Test
    void readinessIsUpIncludingTheDatabase() {
        var answer = new Api(port).get("/actuator/health/readiness");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("status").asString()).isEqualTo("UP");
    }

    @Test
    void livenessAndPrometheusAreServed() {
        Api api = new Api(port);
        assertThat(api.get("/actuator/health/liveness").status()).isEqualTo(200);
        var metrics = api.get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void openApiDocumentIsPublished() {
        var doc = new Api(port).get("/v3/api-docs");
        assertThat(doc.status()).isEqualTo(200);
        assertThat(doc.json().get("openapi").asString()).startsWith("3.");
    }
}
