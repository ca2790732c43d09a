package org.openvin.platform;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The heading of the OpenAPI document at {@code /v3/api-docs} (and of Swagger UI): what a
 * developer sees first, instead of springdoc's "OpenAPI definition v0". The version is the API's,
 * the CoWIN v2 contract every path under {@code /api/v2} follows.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    @Bean
    OpenAPI openVinApi() {
        return new OpenAPI().info(new Info()
                .title("OpenVIN API")
                .version("v2")
                .description("""
                        OpenVIN, the open-source national vaccination platform: citizen login with mobile OTP, \
                        beneficiaries, availability search and booking, doses, certificates and their verification, \
                        stock, adverse events and open data. Serves the CoWIN v2 API contract, so CoWIN clients work \
                        by changing only their base URL. Every error answers {"errorCode", "error"} with a 4xx status."""));
    }
}
