package org.openvin.platform;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The cheapest answer the server can give through the same stack as the API (Tomcat, security
 * filters, MVC): what load balancers may poll, and the ceiling the search benchmark is compared to.
 */
@RestController
class PingController {

    private static final byte[] PONG = "{\"status\":\"UP\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    @GetMapping(value = "/api/v2/public/ping", produces = MediaType.APPLICATION_JSON_VALUE)
    byte[] ping() {
        return PONG;
    }
}
