package org.openvin.profile;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The language a document for the current request is printed in: the one asked for in
 * {@code Accept-Language} (CoWIN clients send {@code hi_IN}), else the page's chosen language, as
 * long as the country's profile offers it, else the profile's default.
 */
public final class PrintLanguage {

    private PrintLanguage() {
    }

    public static String of(CountryProfile profile) {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            String asked = profile.languageOf(attributes.getRequest().getHeader("Accept-Language"));
            if (asked != null) {
                return asked;
            }
        }
        String chosen = LocaleContextHolder.getLocale().getLanguage();
        return profile.languages().contains(chosen) ? chosen : profile.defaultLanguage();
    }
}
