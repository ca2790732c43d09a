package org.openvin.profile.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openvin.profile.CountryProfile;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The language of the pages: one of the profile's languages, chosen with {@code ?lang=} on any
 * page and remembered in a cookie, else the browser's preference if the profile offers it, else
 * the profile's default. A language the profile does not offer is ignored, never half-shown.
 */
@Configuration(proxyBeanMethods = false)
class PageLanguages implements WebMvcConfigurer {

    static final String COOKIE = "openvin-lang";

    private final CountryProfile profile;

    PageLanguages(CountryProfile profile) {
        this.profile = profile;
    }

    /** Named so that Spring MVC uses it instead of its Accept-Language-only default. */
    @Bean
    LocaleResolver localeResolver() {
        return new ProfileLocaleResolver(profile);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor change = new LocaleChangeInterceptor();
        change.setParamName("lang");
        change.setIgnoreInvalidLocale(true);
        String[] notPages = {"/api/**", "/actuator/**", "/v3/**", "/.well-known/**", "/webjars/**", "/css/**", "/js/**"};
        registry.addInterceptor(change).excludePathPatterns(notPages);
        registry.addInterceptor(new PageModel(profile)).excludePathPatterns(notPages);
    }

    static final class ProfileLocaleResolver extends CookieLocaleResolver {

        private final CountryProfile profile;

        ProfileLocaleResolver(CountryProfile profile) {
            super(COOKIE);
            this.profile = profile;
            setCookieMaxAge(Duration.ofDays(365));
            setCookieHttpOnly(true);
            setCookieSameSite("Lax");
            setDefaultLocaleFunction(this::fromBrowserOrProfile);
        }

        private Locale fromBrowserOrProfile(HttpServletRequest request) {
            String chosen = profile.languageOf(request.getHeader("Accept-Language"));
            return Locale.forLanguageTag(chosen == null ? profile.defaultLanguage() : chosen);
        }

        @Override
        public Locale resolveLocale(HttpServletRequest request) {
            Locale locale = super.resolveLocale(request);
            return offered(locale) ? Locale.forLanguageTag(locale.getLanguage()) : fromBrowserOrProfile(request);
        }

        @Override
        public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
            if (locale == null || offered(locale)) {
                super.setLocale(request, response, locale == null ? null : Locale.forLanguageTag(locale.getLanguage()));
            }
        }

        private boolean offered(Locale locale) {
            return locale != null && profile.languages().contains(locale.getLanguage());
        }
    }

    /** A link to the same page in another language, for the switcher every page shows. */
    record LanguageLink(String code, String name, String href, boolean current) {
    }

    /** What the shared layout needs on every page: languages, who is logged in. */
    static final class PageModel implements HandlerInterceptor {

        private final CountryProfile profile;

        PageModel(CountryProfile profile) {
            this.profile = profile;
        }

        @Override
        public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
                               ModelAndView mav) {
            if (mav == null || (mav.getViewName() != null && mav.getViewName().startsWith("redirect:"))) {
                return;
            }
            String current = org.springframework.context.i18n.LocaleContextHolder.getLocale().getLanguage();
            String path = request.getRequestURI();
            List<LanguageLink> links = new ArrayList<>();
            for (String code : profile.languages()) {
                Locale locale = Locale.forLanguageTag(code);
                String name = locale.getDisplayLanguage(locale);
                name = name.substring(0, 1).toUpperCase(locale) + name.substring(1);
                // The page's own query (a search, a week) is kept; only GET pages are linked.
                String href = "GET".equals(request.getMethod())
                        ? UriComponentsBuilder.fromPath(path).query(request.getQueryString())
                            .replaceQueryParam("lang", code).build().toUriString()
                        : "/?lang=" + code;
                links.add(new LanguageLink(code, name, href, code.equals(current)));
            }
            mav.addObject("languages", links);
            mav.addObject("lang", current);
            mav.addObject("countryName", profile.name(current));
            Authentication auth = SecurityContextHolder.getContext().getAuthentication();
            boolean citizen = auth != null && auth.getAuthorities().stream()
                    .anyMatch(a -> "ROLE_CITIZEN".equals(a.getAuthority()));
            boolean staff = auth != null && auth.getAuthorities().stream()
                    .anyMatch(a -> "ROLE_STAFF".equals(a.getAuthority()));
            mav.addObject("loggedInCitizen", citizen);
            mav.addObject("loggedInStaff", staff);
        }
    }
}
