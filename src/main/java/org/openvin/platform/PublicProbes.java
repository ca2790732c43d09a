package org.openvin.platform;

import java.util.Map;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.LivenessState;
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
    private final ApplicationAvailability availability;

    PublicProbes(HealthEndpoint health, ApplicationAvailability availability) {
        this.health = health;
        this.availability = availability;
    }

    /**
     * Liveness is the application's own state only: a node whose database is away is not broken
     * and must not be restarted for it (it serves again by itself when the database returns).
     */
    @GetMapping("/actuator/health/liveness")
    ResponseEntity<Map<String, String>> liveness() {
        boolean live = availability.getLivenessState() == LivenessState.CORRECT;
        return ResponseEntity.status(live ? 200 : 503).body(Map.of("status", live ? "UP" : "DOWN"));
    }

    @GetMapping("/actuator/health/{probe:readiness}")
    ResponseEntity<Map<String, String>> probe(@PathVariable String probe) {
        HealthDescriptor answer = health.healthForPath(probe);
        if (answer == null) {
            return ResponseEntity.notFound().build();
        }
        return ResponseEntity.status(HttpCodeStatusMapper.DEFAULT.getStatusCode(answer.getStatus()))
                .body(Map.of("status", answer.getStatus().getCode()));
    }
}
