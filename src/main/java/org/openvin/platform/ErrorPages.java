package org.openvin.platform;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * The last stop for errors that happen outside a controller (a filter, the container): the API
 * still answers its JSON shape, pages get the error page. Replaces Boot's default error body.
 */
@Controller
public class ErrorPages implements ErrorController {

    static final String ERROR_CODE = "org.openvin.errorCode";

    /** Codes of failures of the HTTP exchange itself rather than of a use case: shown by their status. */
    private static final Set<String> HTTP_FAILURES = Set.of("INTERNAL_ERROR", "NOT_FOUND", "METHOD_NOT_ALLOWED",
            "MISSING_PARAMETER", "MISSING_HEADER", "INVALID_PARAMETER", "INVALID_BODY", "INVALID_FIELD",
            "UNSUPPORTED_MEDIA_TYPE", "NOT_ACCEPTABLE", "INVALID_ENCODING", "INVALID_CHARACTERS", "BODY_TOO_LARGE",
            "REQUEST_REJECTED", "INVALID_VALUE", "REQUEST_TOO_LARGE");

    private final MessageSource messages;

    ErrorPages(MessageSource messages) {
        this.messages = messages;
    }

    /**
     * One mapping whatever the {@code Accept} header says: the path decides, so an API client gets
     * JSON and a page visitor the page even when either sends {@code Accept: *}{@code /*}.
     */
    @RequestMapping("/error")
    public Object error(HttpServletRequest request, Locale locale) {
        HttpStatus status = statusOf(request);
        String uri = (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (ApiPaths.isApi(uri)) {
            return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                    .body(new ApiError(codeOf(request, status), messageOf(request, status)));
        }
        return new ModelAndView("error", Map.of("status", status.value(), "errorCode", codeOf(request, status),
                "message", pageMessageOf(request, status, locale)), status);
    }

    private static HttpStatus statusOf(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer i ? HttpStatus.resolve(i) : null;
        return status == null ? HttpStatus.INTERNAL_SERVER_ERROR : status;
    }

    private static String codeOf(HttpServletRequest request, HttpStatus status) {
        Object code = request.getAttribute(ERROR_CODE);
        return code instanceof String s ? s : status.is5xxServerError() ? "INTERNAL_ERROR" : status.name();
    }

    /**
     * The error page speaks the reader's language: a use case's refusal by its code
     * ({@code error.CODE}, else its own message), a bare HTTP failure (404, 405, 500…) by its status.
     * The API answer keeps the English message.
     */
    private String pageMessageOf(HttpServletRequest request, HttpStatus status, Locale locale) {
        String code = codeOf(request, status);
        String english = messageOf(request, status);
        if (code.equals(status.name()) || HTTP_FAILURES.contains(code)) {
            return messages.getMessage("errorPage." + status.value(), null,
                    messages.getMessage("errorPage.other", null, english, locale), locale);
        }
        return messages.getMessage("error." + code, null, english, locale);
    }

    private static String messageOf(HttpServletRequest request, HttpStatus status) {
        if (status.is5xxServerError()) {
            return "Something went wrong on our side; the request was not completed";
        }
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        return message instanceof String s && !s.isBlank() ? s : status.getReasonPhrase();
    }
}
