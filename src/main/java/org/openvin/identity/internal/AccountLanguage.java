package org.openvin.identity.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.openvin.identity.CurrentUser;
import org.openvin.profile.CountryProfile;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A logged-in citizen who switches the pages to another language ({@code ?lang=}) makes it the
 * account's language, so the SMS and the documents printed for the account (the appointment
 * slip from the API) follow what the citizen reads. The login itself records the language too.
 */
@Configuration(proxyBeanMethods = false)
class AccountLanguage implements WebMvcConfigurer, HandlerInterceptor {

    private final CitizenAccounts accounts;
    private final CountryProfile profile;

    AccountLanguage(CitizenAccounts accounts, CountryProfile profile) {
        this.accounts = accounts;
        this.profile = profile;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).excludePathPatterns("/api/**", "/actuator/**", "/v3/**", "/.well-known/**",
                "/webjars/**", "/css/**", "/js/**");
    }

    /** After the handler, when the page's locale resolver has taken the new language (or refused it). */
    @Override
    public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler, ModelAndView mav) {
        if (request.getParameter("lang") == null) {
            return;
        }
        String language = LocaleContextHolder.getLocale().getLanguage();
        if (profile.languages().contains(language)) {
            CurrentUser.citizenIfAny().ifPresent(citizen -> accounts.rememberLanguage(citizen.accountId(), language));
        }
    }
}
