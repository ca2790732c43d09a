package org.openvin.profile;

import org.openvin.profile.internal.ProfileLoader;

/** Loads and checks a country profile by name ({@code india}) or file path ({@code /etc/openvin/xx.yaml}). */
public final class ProfileFactory {

    private ProfileFactory() {
    }

    public static CountryProfile load(String profile) {
        String source = profile.endsWith(".yaml") || profile.endsWith(".yml") ? profile
                : "classpath:profiles/" + profile + ".yaml";
        return new CountryProfile(source, ProfileLoader.load(profile));
    }
}
