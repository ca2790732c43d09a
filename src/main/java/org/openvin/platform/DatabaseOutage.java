package org.openvin.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.context.MessageSource;
import org.springframework.http.MediaType;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.util.HtmlUtils;

/**
 * While PostgreSQL is unreachable a node answers at once, and truthfully: 503 with
 * {@value #CODE} and a {@code Retry-After}, the JSON envelope under {@code /api} and a "try
 * again" page elsewhere — not a 401 because a token could not be checked, not a 500, not a
 * 30-second hang (the pool gives up after {@code spring.datasource.hikari.connection-timeout}).
 * The pool reconnects by itself when the database is back; nothing here holds state.
 */
public final class DatabaseOutage {

    public static final String CODE = "DATABASE_UNAVAILABLE";
    public static final String BUSY = "SERVER_BUSY";
    static final String MESSAGE = "The service cannot reach its database just now. Try again in a few seconds";
    static final String BUSY_MESSAGE = "The service is too busy to take this request now. Try again in a few seconds";
    private static final String RETRY_AFTER_SECONDS = "5";
    private static final Logger log = LoggerFactory.getLogger(DatabaseOutage.class);

    /** SQL states of a connection that failed or a server that is shutting down or starting. */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03");

    private DatabaseOutage() {
    }

    /**
     * True when {@code failure}, or anything that caused it, says the database cannot be reached,
     * or that no connection came free in time: either way the request could not be served now.
     */
    public static boolean causedBy(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DataAccessResourceFailureException || t instanceof CannotCreateTransactionException
                    || t instanceof SQLTransientConnectionException || unreachable(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@value #CODE} when the server is away; {@value #BUSY} when every connection of the pool was
     * taken for longer than the pool's time-out (load, not an outage: shed it, and say so).
     */
    static String codeFor(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (unreachable(t)) {
                return CODE;
            }
        }
        return BUSY;
    }

    private static boolean unreachable(Throwable t) {
        if (t instanceof SQLNonTransientConnectionException) {
            return true;
        }
        // A commit or rollback that failed on the JDBC connection: it was lost with the server.
        if (t instanceof TransactionSystemException && t.getCause() instanceof SQLException) {
            return true;
        }
        return t instanceof SQLException sql && sql.getSQLState() != null
                && (sql.getSQLState().startsWith("08") || UNAVAILABLE_STATES.contains(sql.getSQLState()));
    }

    /**
     * The 503 for this request: the JSON envelope under {@code /api}, else the "try again" page.
     * The page is written here, not by the error page: that one reads the page session and the
     * CSRF token from the database that is away.
     */
    static void answer(Throwable failure, HttpServletRequest request, HttpServletResponse response) throws IOException {
        String code = codeFor(failure);
        if (code.equals(CODE)) {
            FailFastDataSource.connectionLostSomewhere(String.valueOf(failure.getMessage()));
        }
        String english = code.equals(CODE) ? MESSAGE : BUSY_MESSAGE;
        log.warn("{}: {} {} answered 503", code, request.getMethod(), ApiPaths.isApi(request) ? "(api)" : "(page)");
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
        response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
        response.setHeader("Cache-Control", "no-store");
        response.setCharacterEncoding("UTF-8");
        if (ApiPaths.isApi(request)) {
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.getWriter().write("{\"errorCode\":\"" + code + "\",\"error\":\"" + english + "\"}");
            return;
        }
        Locale locale = locale(request);
        String message = pages == null ? english : pages.messages().getMessage("error." + code, null, english, locale);
        String retry = pages == null ? "Try again" : pages.messages().getMessage("errorPage.retry", null, "Try again", locale);
        response.setContentType(MediaType.TEXT_HTML_VALUE);
        response.getWriter().write("""
                <!DOCTYPE html>
                <html lang="%s"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>503 — OpenVIN</title><link rel="stylesheet" href="/css/openvin.css"></head>
                <body><main id="main"><h1>503</h1><p>%s</p><p class="muted"><small>%s</small></p>
                <p><a href="">%s</a></p></main></body></html>
                """.formatted(HtmlUtils.htmlEscape(locale.getLanguage()), HtmlUtils.htmlEscape(message), code,
                HtmlUtils.htmlEscape(retry)));
    }

    private static Locale locale(HttpServletRequest request) {
        try {
            return pages == null ? request.getLocale() : pages.locales().resolveLocale(request);
        } catch (RuntimeException e) {
            return request.getLocale();
        }
    }

    /** The page's language, from the same resolver as every page; set once the application has started. */
    record Pages(MessageSource messages, LocaleResolver locales) {
    }

    private static volatile Pages pages;

    static void usePages(Pages configured) {
        pages = configured;
    }

    /**
     * Failures before a controller: the token check, the page session, the CSRF token all read
     * PostgreSQL in filters. Registered first, so it sees what every later filter throws.
     */
    static class InFilters extends OncePerRequestFilter {

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            try {
                chain.doFilter(request, response);
            } catch (ServletException | IOException | RuntimeException e) {
                if (!causedBy(e) || response.isCommitted()) {
                    throw e;
                }
                response.resetBuffer();
                answer(e, request, response);
            }
        }

        @Override
        protected boolean shouldNotFilterErrorDispatch() {
            return false;
        }
    }
}
