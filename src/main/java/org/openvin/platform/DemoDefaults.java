package org.openvin.platform;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Demo mode listens on 127.0.0.1 only, unless {@code server.address} says otherwise: the demo
 * prints well-known staff passwords and serves every citizen's OTP at {@code /api/dev/sms}, which
 * must never be reachable from the network by accident. The defaults go last, so any setting
 * (command line, environment, file) wins over them.
 */
class DemoDefaults implements EnvironmentPostProcessor {

    static final String SOURCE = "openvinDemoDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getProperty("openvin.demo", Boolean.class, false)
                && environment.getProperty("server.address") == null) {
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE, Map.of("server.address", "127.0.0.1")));
        }
    }
}
