package org.openvin.platform;

import java.util.Map;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The liveness and readiness probes on the public port, status only: load balancers and
 * orchestrators probe the port they route to, while everything else the actuator serves (health
 * details, metrics, prometheus) stays on the operators' management port. Spring Boot's own
 * additional health paths cannot keep the {@code /actuator/health/...} paths clients already use.
 */
@RestController
class PublicProbes {

    private final HealthEndpoint health;

    PublicProbes(HealthEndpoint health) {
        this.health = health;
    }

    @GetMapping("/actuator/health/{probe:liveness|readiness}")
    ResponseEntity<Map<String, String>> probe(@PathVariable String probe) {
        HealthDescriptor answer = health.healthForPath(probe);
        if (answer == null) {
            return ResponseEntity.notFound().build();
        }
        return ResponseEntity.status(HttpCodeStatusMapper.DEFAULT.getStatusCode(answer.getStatus()))
                .body(Map.of("status", answer.getStatus().getCode()));
    }
}
