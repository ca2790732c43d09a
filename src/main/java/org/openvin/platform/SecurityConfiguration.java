package org.openvin.platform;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.savedrequest.CookieRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may call what. The API is stateless: a Bearer token (citizen or staff, checked by the
 * identity module through {@link BearerTokens}) on every protected call. Public paths are listed
 * here so the whole surface can be read in one place.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final JsonMapper json = JsonMapper.builder().build();

    @Bean
    SecurityFilterChain api(HttpSecurity http, ObjectProvider<BearerTokens> tokens) throws Exception {
        http.securityMatcher("/api/**", "/.well-known/**", "/actuator/**", "/v3/api-docs/**")
                .csrf(csrf -> csrf.disable())
                .cors(cors -> { })
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .formLogin(f -> f.disable())
                .httpBasic(b -> b.disable())
                .logout(l -> l.disable())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) ->
                                write(response, HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", "Unauthenticated access!"))
                        .accessDeniedHandler((request, response, ex) ->
                                write(response, HttpStatus.FORBIDDEN, "FORBIDDEN",
                                        "Your role does not allow this action")))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/info",
                                "/actuator/prometheus").permitAll()
                        .requestMatchers("/v3/api-docs/**").permitAll()
                        .requestMatchers("/.well-known/**").permitAll()
                        .requestMatchers("/api/v2/admin/location/**",
                                "/api/v2/registration/beneficiary/idTypes",
                                "/api/v2/registration/beneficiary/genders",
                                "/api/v2/appointment/sessions/public/**",
                                "/api/v2/appointment/centers/public/**",
                                "/api/v2/auth/public/**",
                                "/api/v2/auth/generateOTP", "/api/v2/auth/confirmOTP",
                                "/api/v2/auth/generateMobileOTP", "/api/v2/auth/validateMobileOtp",
                                "/api/v2/auth/staff/login", "/api/v2/auth/staff/password", "/api/v2/auth/getRecaptcha",
                                "/api/v2/certificate/public/**",
                                "/api/v2/public/**",
                                "/api/dev/**").permitAll()
                        .requestMatchers("/api/v2/vaccinator/**").hasAnyRole("VACCINATOR", "FACILITY_ADMIN")
                        .requestMatchers("/api/v2/admin/**").hasRole("STAFF")
                        .requestMatchers("/api/v2/registration/**", "/api/v2/appointment/**").hasRole("CITIZEN")
                        .requestMatchers("/api/v2/auth/logout", "/api/v2/certificate/**").authenticated()
                        // Anything else is either public or unknown (404 from MVC, not a misleading 401);
                        // controllers of protected data also ask CurrentUser, which refuses with 401.
                        .anyRequest().permitAll());
        BearerTokens bearerTokens = tokens.getIfAvailable();
        if (bearerTokens != null) {
            http.addFilterBefore(new BearerTokenFilter(bearerTokens), AnonymousAuthenticationFilter.class);
        }
        return http.build();
    }

    /**
     * Pages: the citizen portal and the staff pages. The identity of a logged-in person lives in the
     * HTTP session (never in a URL), forms carry a CSRF token, and the CSP allows no inline script
     * or style. Citizen pages send an anonymous visitor to the OTP login, staff pages to the staff
     * login, each coming back to the page asked for.
     */
    @Bean
    SecurityFilterChain pages(HttpSecurity http) throws Exception {
        http.headers(h -> h
                        .contentSecurityPolicy(csp -> csp.policyDirectives(
                                "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; "
                                        + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; "
                                        + "form-action 'self'; base-uri 'self'; object-src 'none'"))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED)
                        .sessionFixation(f -> f.changeSessionId()))
                // Nothing is stored on the server for a visitor who has not signed in: the CSRF token
                // is a double-submit cookie (HttpOnly; the form carries its masked copy) and the page
                // to return to after login a cookie too. Otherwise every anonymous GET of /login would
                // write a session row to PostgreSQL, which anyone could fill at will.
                .csrf(c -> c.csrfTokenRepository(new CookieCsrfTokenRepository()))
                .requestCache(c -> c.requestCache(new CookieRequestCache()))
                .formLogin(f -> f.disable())
                .httpBasic(b -> b.disable())
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/"))
                .exceptionHandling(e -> e
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/staff/login"),
                                PathPatternRequestMatcher.withDefaults().matcher("/staff/**"))
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/staff/login"),
                                PathPatternRequestMatcher.withDefaults().matcher("/vaccinator/**"))
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"),
                                AnyRequestMatcher.INSTANCE))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/staff/login", "/staff/login/new-password").permitAll()
                        .requestMatchers("/staff/**").hasRole("STAFF")
                        .requestMatchers("/vaccinator/**").hasAnyRole("VACCINATOR", "FACILITY_ADMIN")
                        .requestMatchers("/account/**", "/book/**", "/appointments/**").hasRole("CITIZEN")
                        .anyRequest().permitAll());
        return http.build();
    }

    /**
     * The firewall's refusals (an encoded {@code %} or {@code ;} in the path, a control character in
     * a header) are answered here, not by the error page: the error dispatch passes the same
     * firewall with the same headers and would be refused again, leaving an empty answer.
     */
    @Bean
    RequestRejectedHandler requestRejected() {
        return (request, response, e) -> ContainerErrors.answer(request.getRequestURI(), response, 400,
                "REQUEST_REJECTED", "The request was rejected: " + e.getMessage());
    }

    static void write(HttpServletResponse response, HttpStatus status, String code, String message)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json.writeValueAsString(new ApiError(code, message)));
    }

    static boolean hasBearer(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7);
    }
}
