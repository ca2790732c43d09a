package org.openvin.profile.internal;

import org.openvin.profile.CountryProfile;
import org.openvin.profile.ProfileFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ProfileConfiguration {

    @Bean
    CountryProfile countryProfile(@Value("${openvin.profile:india}") String profile) {
        return ProfileFactory.load(profile);
    }
}
