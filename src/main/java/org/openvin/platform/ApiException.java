package org.openvin.platform;

import org.springframework.http.HttpStatus;

/**
 * A refusal the caller can act on: an HTTP status, a stable error code and a message. Thrown by
 * use cases; turned into {@link ApiError} at the edge.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String errorCode;
    private String field;
    private Long retryAfterSeconds;

    public ApiException(HttpStatus status, String errorCode, String message) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    public static ApiException badRequest(String errorCode, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, errorCode, message);
    }

    public static ApiException notFound(String errorCode, String message) {
        return new ApiException(HttpStatus.NOT_FOUND, errorCode, message);
    }

    public static ApiException conflict(String errorCode, String message) {
        return new ApiException(HttpStatus.CONFLICT, errorCode, message);
    }

    public static ApiException forbidden(String errorCode, String message) {
        return new ApiException(HttpStatus.FORBIDDEN, errorCode, message);
    }

    /**
     * Names the request field the refusal is about, as its caller spells it (the API's
     * {@code lot_number}, a page's own {@code capacity2}), so a page can show it next to that field
     * when one code covers several fields.
     */
    public ApiException on(String field) {
        this.field = field;
        return this;
    }

    /** The request field the refusal is about, or null when it concerns the request as a whole. */
    public String field() {
        return field;
    }

    public HttpStatus status() {
        return status;
    }

    public String errorCode() {
        return errorCode;
    }

    /** A refusal that ends by itself: answered with {@code Retry-After} (the API) or the wait in the message (pages). */
    public ApiException retryAfter(long seconds) {
        this.retryAfterSeconds = Math.max(1, seconds);
        return this;
    }

    /** The seconds to wait before asking again, or null when waiting will not help. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public ApiError body() {
        return new ApiError(errorCode, getMessage());
    }
}
