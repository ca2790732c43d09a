package org.openvin.platform;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The last stop for errors that happen outside a controller (a filter, the container): the API
 * still answers its JSON shape, pages get the error page. Replaces Boot's default error body.
 */
@Controller
public class ErrorPages implements ErrorController {

    static final String ERROR_CODE = "org.openvin.errorCode";

    @RequestMapping(value = "/error", produces = MediaType.TEXT_HTML_VALUE)
    public Object errorPage(HttpServletRequest request, Model model) {
        HttpStatus status = statusOf(request);
        String uri = (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (ApiPaths.isApi(uri)) {
            return apiError(request);
        }
        model.addAttribute("status", status.value());
        model.addAttribute("errorCode", codeOf(request, status));
        model.addAttribute("message", messageOf(request, status));
        return "error";
    }

    @RequestMapping("/error")
    public ResponseEntity<ApiError> apiError(HttpServletRequest request) {
        HttpStatus status = statusOf(request);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(new ApiError(codeOf(request, status), messageOf(request, status)));
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

    private static String messageOf(HttpServletRequest request, HttpStatus status) {
        if (status.is5xxServerError()) {
            return "Something went wrong on our side; the request was not completed";
        }
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        return message instanceof String s && !s.isBlank() ? s : status.getReasonPhrase();
    }
}
