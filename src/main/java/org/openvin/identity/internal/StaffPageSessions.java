package org.openvin.identity.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.openvin.identity.StaffPrincipal;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A staff member signed in on the pages holds a session, not a token, but it ends the same way:
 * the session keeps the account's token generation from sign-in ({@link Tokens}), and every page
 * asks PostgreSQL whether the account is still active and of that generation. Disabled, given a
 * new password or a new role elsewhere, the session ends at its next page, on any node, and the
 * visitor is sent to sign in again. A staff member who changes their own password on the pages
 * keeps the session they did it from ({@link #remember}).
 */
@Configuration(proxyBeanMethods = false)
class StaffPageSessions implements WebMvcConfigurer, HandlerInterceptor {

    private static final String GENERATION = StaffPageSessions.class.getName() + ".generation";

    private final Tokens tokens;

    StaffPageSessions(Tokens tokens) {
        this.tokens = tokens;
    }

    /** Ties the request's session to the account's generation now. */
    void remember(HttpServletRequest request, long staffId) {
        request.getSession(true).setAttribute(GENERATION, tokens.staffGeneration(staffId));
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).excludePathPatterns("/api/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws IOException {
        var auth = SecurityContextHolder.getContext().getAuthentication();
        HttpSession session = request.getSession(false);
        if (auth == null || !(auth.getPrincipal() instanceof StaffPrincipal staff) || session == null
                || staff.tokenId() == null || !staff.tokenId().startsWith("page:")) {
            return true;
        }
        if (session.getAttribute(GENERATION) instanceof Integer generation && tokens.isCurrentStaff(staff.staffId(), generation)) {
            return true;
        }
        session.invalidate();
        SecurityContextHolder.clearContext();
        response.sendRedirect("/staff/login");
        return false;
    }
}
