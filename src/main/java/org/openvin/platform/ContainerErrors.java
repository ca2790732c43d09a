package org.openvin.platform;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.Container;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * Errors the container raises before any of our code runs (a header over the size limit, a
 * request line too long, an encoded {@code /} or NUL in the path) get the same answer as every
 * other error: the API's {@link ApiError} JSON under {@code /api}, an error page elsewhere. Tomcat
 * renders those with its ErrorReportValve, which knows nothing of either; this replaces it. Errors
 * a servlet or filter reports still go to {@code /error} ({@link ErrorPages}) as before; these never
 * reached the application (the request is not mapped to it, its headers may be half read), so the
 * valve writes the JSON, or a bare page in the site's style, itself.
 */
@Configuration(proxyBeanMethods = false)
class ContainerErrors {

    private static final Logger log = LoggerFactory.getLogger(ContainerErrors.class);
    private static final JsonMapper json = JsonMapper.builder().build();

    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> errorReportOfOurs() {
        // Boot puts its own ErrorReportValve on the host while configuring the context; swap it
        // (or Tomcat's default) for ours just before the context starts, when the host is complete.
        return factory -> factory.addContextCustomizers(context -> context.addLifecycleListener(event -> {
            if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
                useOurErrorReport(context.getParent());
            }
        }));
    }

    private static void useOurErrorReport(Container host) {
        for (Valve valve : host.getPipeline().getValves()) {
            if (valve instanceof ErrorReportValve && !(valve instanceof Report)) {
                host.getPipeline().removeValve(valve);
            }
        }
        for (Valve valve : host.getPipeline().getValves()) {
            if (valve instanceof Report) {
                return;
            }
        }
        host.getPipeline().addValve(new Report());
    }

    /** Tomcat's last word on an error nobody answered: ours instead of its HTML page. */
    static final class Report extends ErrorReportValve {

        Report() {
            setShowReport(false);
            setShowServerInfo(false);
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            AtomicBoolean ioAllowed = new AtomicBoolean(true);
            response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
            if (!ioAllowed.get()) {
                return;
            }
            writeItHere(request, response, status);
        }

        private static void writeItHere(Request request, Response response, int status) {
            try {
                response.resetBuffer(true);
                HttpStatus known = HttpStatus.resolve(status);
                String code = status >= 500 ? "INTERNAL_ERROR"
                        : status == 413 || status == 414 || status == 431 ? "REQUEST_TOO_LARGE"
                        : known != null ? known.name() : "BAD_REQUEST";
                String message = status >= 500 ? "Something went wrong on our side; the request was not completed"
                        : status == 400 ? "The request could not be read" : "The request was refused";
                answer(request.getRequestURI(), response, status, code, message);
                response.finishResponse();
            } catch (IOException | IllegalStateException e) {
                log.debug("Could not write a container error {}", status, e);
            }
        }
    }

    /**
     * Writes the error without the application's help: the API's JSON when {@code uri} is an API
     * path (or unknown: a request line too long to read comes from a program, not a browser), else a
     * bare page in the site's style.
     */
    static void answer(String uri, HttpServletResponse response, int status, String code, String message)
            throws IOException {
        response.setStatus(status);
        byte[] body;
        if (uri == null || uri.isEmpty() || ApiPaths.isApi(uri)) {
            response.setContentType("application/json");
            body = json.writeValueAsBytes(new ApiError(code, message));
        } else {
            response.setContentType("text/html;charset=UTF-8");
            body = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + status
                    + " — OpenVIN</title><link rel=\"stylesheet\" href=\"/css/openvin.css\"></head><body><main id=\"main\"><h1>"
                    + status + "</h1><p>" + HtmlUtils.htmlEscape(message) + "</p><p class=\"muted\"><small>" + code
                    + "</small></p><p><a href=\"/\">OpenVIN</a></p></main></body></html>").getBytes(StandardCharsets.UTF_8);
        }
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }
}
