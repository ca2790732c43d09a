package org.openvin.identity.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.savedrequest.CookieRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;

/**
 * Page log-in: the same principal an API token carries, kept in the HTTP session instead, under a
 * fresh session id (no fixation). The pages' security chain reads it back on every request.
 */
final class PageSessions {

    private static final HttpSessionSecurityContextRepository repository = new HttpSessionSecurityContextRepository();
    // The page asked for before login is kept in a cookie, as the pages' security chain saves it: no session before sign-in.
    private static final CookieRequestCache requests = new CookieRequestCache();

    private PageSessions() {
    }

    static void signIn(Object principal, List<String> roles, HttpServletRequest request, HttpServletResponse response) {
        var auth = UsernamePasswordAuthenticationToken.authenticated(principal, null,
                roles.stream().map(SimpleGrantedAuthority::new).toList());
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(auth);
        SecurityContextHolder.setContext(context);
        request.getSession(true);
        request.changeSessionId();
        repository.saveContext(context, request, response);
    }

    /** Where to go after logging in: the page that asked for it (same site only), else {@code fallback}. */
    static String afterLogin(HttpServletRequest request, HttpServletResponse response, String fallback) {
        SavedRequest saved = requests.getRequest(request, response);
        requests.removeRequest(request, response);
        if (saved == null) {
            return "redirect:" + fallback;
        }
        var uri = java.net.URI.create(saved.getRedirectUrl());
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return path.startsWith("/") && !path.startsWith("//") ? "redirect:" + path : "redirect:" + fallback;
    }
}
