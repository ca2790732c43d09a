package org.openvin.platform;

import jakarta.servlet.http.HttpServletRequest;

/** Which requests are API calls (JSON errors) rather than page views (HTML errors). */
public final class ApiPaths {

    private ApiPaths() {
    }

    public static boolean isApi(HttpServletRequest request) {
        return isApi(request.getRequestURI());
    }

    public static boolean isApi(String uri) {
        return uri != null && (uri.startsWith("/api/") || uri.equals("/api") || uri.startsWith("/.well-known/")
                || uri.startsWith("/actuator"));
    }
}
