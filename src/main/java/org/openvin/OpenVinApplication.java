package org.openvin;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * OpenVIN: one deployable application, organised as Spring Modulith modules — one direct
 * sub-package per capability (profile, identity, registry, scheduling, vaccination, certificate,
 * stock, aefi, reporting, notification) plus {@code platform} for the plumbing they share.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OpenVinApplication {

    public static void main(String[] args) {
        SpringApplication.run(OpenVinApplication.class, args);
    }
}
