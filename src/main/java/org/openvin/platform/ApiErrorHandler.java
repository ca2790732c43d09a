package org.openvin.platform;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.validation.BindException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every failure into a clear 4xx: JSON {@link ApiError} under {@code /api}, the error page
 * elsewhere. A stack trace never leaves the server; an unexpected failure is logged once here and
 * answered with a generic 500.
 */
@ControllerAdvice
public class ApiErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ApiError> refused(ApiException e, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (e.retryAfterSeconds() != null) {
            response.setHeader("Retry-After", String.valueOf(e.retryAfterSeconds()));
        }
        return answer(e.status(), e.errorCode(), e.getMessage(), request, response);
    }

    @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
    ResponseEntity<ApiError> unknownPath(Exception e, HttpServletRequest request,
                                         HttpServletResponse response) throws IOException {
        return answer(HttpStatus.NOT_FOUND, "NOT_FOUND", "No such path: " + request.getRequestURI(), request, response);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ApiError> wrongMethod(HttpRequestMethodNotSupportedException e, HttpServletRequest request,
                                         HttpServletResponse response) throws IOException {
        return answer(HttpStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED",
                "Method " + e.getMethod() + " is not supported here; use " + e.getSupportedHttpMethods(),
                request, response);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ApiError> missingParameter(MissingServletRequestParameterException e, HttpServletRequest request,
                                              HttpServletResponse response) throws IOException {
        return answer(HttpStatus.BAD_REQUEST, "MISSING_PARAMETER",
                "Required parameter '" + e.getParameterName() + "' is missing", request, response);
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<ApiError> missingHeader(MissingRequestHeaderException e, HttpServletRequest request,
                                           HttpServletResponse response) throws IOException {
        return answer(HttpStatus.BAD_REQUEST, "MISSING_HEADER",
                "Required header '" + e.getHeaderName() + "' is missing", request, response);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ApiError> badParameter(MethodArgumentTypeMismatchException e, HttpServletRequest request,
                                          HttpServletResponse response) throws IOException {
        return answer(HttpStatus.BAD_REQUEST, "INVALID_PARAMETER",
                "Parameter '" + e.getName() + "' has an invalid value", request, response);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadableBody(HttpMessageNotReadableException e, HttpServletRequest request,
                                            HttpServletResponse response) throws IOException {
        return answer(HttpStatus.BAD_REQUEST, "INVALID_BODY",
                "The request body is missing or is not valid JSON of the expected shape", request, response);
    }

    @ExceptionHandler({MethodArgumentNotValidException.class, BindException.class})
    ResponseEntity<ApiError> invalidBody(BindException e, HttpServletRequest request,
                                         HttpServletResponse response) throws IOException {
        var field = e.getFieldError();
        String message = field == null ? "The request is invalid"
                : "Field '" + field.getField() + "' " + field.getDefaultMessage();
        return answer(HttpStatus.BAD_REQUEST, "INVALID_FIELD", message, request, response);
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<ApiError> invalidArgument(HandlerMethodValidationException e, HttpServletRequest request,
                                             HttpServletResponse response) throws IOException {
        String message = e.getParameterValidationResults().stream()
                .findFirst()
                .map(r -> "Parameter '" + r.getMethodParameter().getParameterName() + "' "
                        + r.getResolvableErrors().getFirst().getDefaultMessage())
                .orElse("The request is invalid");
        return answer(HttpStatus.BAD_REQUEST, "INVALID_PARAMETER", message, request, response);
    }

    @ExceptionHandler({HttpMediaTypeNotSupportedException.class, HttpMediaTypeNotAcceptableException.class})
    ResponseEntity<ApiError> mediaType(ErrorResponse e, HttpServletRequest request,
                                       HttpServletResponse response) throws IOException {
        HttpStatusCode status = e.getStatusCode();
        String code = status.value() == 415 ? "UNSUPPORTED_MEDIA_TYPE" : "NOT_ACCEPTABLE";
        return answer(HttpStatus.valueOf(status.value()), code, e.getBody().getDetail(), request, response);
    }

    /** A form body the container cannot decode (a bad {@code %} escape), met when the API reads it. */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ApiError> badForm(InvalidParameterException e, HttpServletRequest request,
                                     HttpServletResponse response) throws IOException {
        if (e.getErrorCode() == 413) {
            return answer(HttpStatus.CONTENT_TOO_LARGE, "BODY_TOO_LARGE", "The form body is larger than this server accepts",
                    request, response);
        }
        return answer(HttpStatus.BAD_REQUEST, "INVALID_ENCODING",
                "The query string or form body is not validly percent-encoded UTF-8", request, response);
    }

    /** A body declared multipart that is not (no boundary, truncated parts). */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ApiError> badMultipart(MultipartException e, HttpServletRequest request,
                                          HttpServletResponse response) throws IOException {
        return answer(HttpStatus.BAD_REQUEST, "INVALID_BODY", "The multipart body could not be read", request, response);
    }

    /** Spring Security's firewall refusing a header or parameter when it is first read. */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<ApiError> rejected(RequestRejectedException e, HttpServletRequest request,
                                      HttpServletResponse response) throws IOException {
        return answer(HttpStatus.BAD_REQUEST, "REQUEST_REJECTED", "The request was rejected: " + e.getMessage(),
                request, response);
    }

    /**
     * PostgreSQL's data exceptions (SQLSTATE class 22: a value too long for its column, out of a
     * number's range, a byte sequence it cannot store) are caused by the value sent, so they are the
     * caller's 400. Services validate what they know; this catches what slips past them.
     */
    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<ApiError> database(DataAccessException e, HttpServletRequest request,
                                      HttpServletResponse response) throws IOException {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("22")) {
                return answer(HttpStatus.BAD_REQUEST, "INVALID_VALUE", "A value in the request is out of range or too long",
                        request, response);
            }
            if (cause instanceof SQLException sql && undoneByAConflict(sql)) {
                log.warn("{} {} undone by a concurrent transaction ({}); answered {}", request.getMethod(),
                        request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE), sql.getSQLState(), TRY_AGAIN);
                response.setHeader("Retry-After", "1");
                return answer(HttpStatus.SERVICE_UNAVAILABLE, TRY_AGAIN,
                        "The request met another at the same moment and was undone; nothing was saved. Try again",
                        request, response);
            }
        }
        return unexpected(e, request, response);
    }

    static final String TRY_AGAIN = "TRY_AGAIN";

    /**
     * PostgreSQL rolled the whole transaction back because of another one running at the same
     * time, so nothing of the request was saved and the same request may simply be sent again: a
     * deadlock victim (40P01), a serialisation failure (40001), and the internal error PostgreSQL
     * 14 raised once in the benchmark's booking loop when many transactions locked one session
     * row ("new multixact has more than one updating member"). Not a 500: nothing is broken.
     */
    static boolean undoneByAConflict(SQLException sql) {
        String state = sql.getSQLState();
        return state != null && (state.equals("40P01") || state.equals("40001")
                || state.equals("XX000") && String.valueOf(sql.getMessage()).contains("new multixact has more than one updating member"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> unexpected(Exception e, HttpServletRequest request,
                                        HttpServletResponse response) throws IOException {
        if (DatabaseOutage.causedBy(e)) {
            DatabaseOutage.answer(e, request, response);
            return null;
        }
        if (e instanceof AsyncRequestNotUsableException) {
            // The client hung up while the answer was written (a load generator stopping, a phone
            // losing signal): nobody is left to answer, and nothing failed on our side.
            log.debug("Client gone during {} {}", request.getMethod(), request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE));
            return null;
        }
        if (e instanceof ErrorResponse spring && spring.getStatusCode().is4xxClientError()) {
            HttpStatus status = HttpStatus.valueOf(spring.getStatusCode().value());
            return answer(status, status.name(), spring.getBody().getDetail(), request, response);
        }
        // The route, not the URI: a path may carry a reference id, and logs keep no personal data.
        Object route = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        log.error("Unexpected failure on {} {}", request.getMethod(), route != null ? route : "(no route)", e);
        return answer(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR",
                "Something went wrong on our side; the request was not completed", request, response);
    }

    private static ResponseEntity<ApiError> answer(HttpStatus status, String code, String message,
                                                   HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (ApiPaths.isApi(request)) {
            return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(new ApiError(code, message));
        }
        // Pages: the error page renders it, in the visitor's language.
        request.setAttribute(ErrorPages.ERROR_CODE, code);
        response.sendError(status.value(), message);
        return null;
    }
}
