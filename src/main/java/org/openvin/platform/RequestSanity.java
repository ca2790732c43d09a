package org.openvin.platform;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first filter of every request: refuses, with a 4xx and an error code, a Content-Type that
 * names no concrete type ({@code *}{@code /*}, {@code ;;;}), query strings (and page form bodies)
 * the container cannot decode (a bad {@code %} escape, a form over the size limit) and parameters
 * carrying control characters (a NUL reaching PostgreSQL fails the statement). Done once here
 * because the container otherwise throws the decoding failure from whichever component first asks
 * for a parameter (Spring Security, a locale interceptor, a controller), far from any error
 * handling. The refusal goes to the error page: JSON under {@code /api}, the page elsewhere.
 */
class RequestSanity extends OncePerRequestFilter {

    /** Set on a request whose parameters are unusable, so the error dispatch does not read them again. */
    private static final String BROKEN_PARAMETERS = RequestSanity.class.getName() + ".brokenParameters";

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getDispatcherType() == DispatcherType.ERROR) {
            chain.doFilter(request.getAttribute(BROKEN_PARAMETERS) != null ? new WithoutParameters(request) : request,
                    response);
            return;
        }
        if (!isReadableContentType(request.getContentType())) {
            refuse(request, response, 415, "UNSUPPORTED_MEDIA_TYPE", "The Content-Type header is not a media type this server reads");
            return;
        }
        Map<String, String[]> parameters;
        try {
            // Pages: the query and a form body, which the CSRF check and the locale interceptor read
            // before any controller. The API reads bodies itself (a CSV import, a picture, JSON sent as
            // a form by curl): only its query string is checked here, the body is left unread.
            // A multipart body is parsed (and refused when broken) by the DispatcherServlet.
            parameters = ApiPaths.isApi(request) || isMultipart(request)
                    ? queryParameters(request.getQueryString()) : request.getParameterMap();
        } catch (IllegalStateException | IllegalArgumentException e) {
            request.setAttribute(BROKEN_PARAMETERS, Boolean.TRUE);
            if (e instanceof InvalidParameterException invalid && invalid.getErrorCode() == 413) {
                refuse(request, response, 413, "BODY_TOO_LARGE", "The form body is larger than this server accepts");
            } else {
                refuse(request, response, 400, "INVALID_ENCODING",
                        "The query string or form body is not validly percent-encoded UTF-8");
            }
            return;
        }
        for (var parameter : parameters.entrySet()) {
            if (TextRules.hasControlCharacter(parameter.getKey())) {
                request.setAttribute(BROKEN_PARAMETERS, Boolean.TRUE);
                refuse(request, response, 400, "INVALID_CHARACTERS", "A parameter name contains a control character");
                return;
            }
            for (String value : parameter.getValue()) {
                if (TextRules.hasControlCharacter(value)) {
                    request.setAttribute(BROKEN_PARAMETERS, Boolean.TRUE);
                    refuse(request, response, 400, "INVALID_CHARACTERS",
                            "Parameter '" + TextRules.printable(parameter.getKey()) + "' contains a control character");
                    return;
                }
            }
        }
        chain.doFilter(request, response);
    }

    /**
     * The query string's names and values, decoded as strictly as the container would: a {@code %}
     * not followed by two hex digits, or bytes that are not UTF-8, are an {@link IllegalArgumentException}.
     */
    static Map<String, String[]> queryParameters(String query) {
        if (query == null || query.isEmpty()) {
            return Map.of();
        }
        Map<String, String[]> parameters = new java.util.LinkedHashMap<>();
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.merge(name, new String[]{value}, (a, b) -> java.util.stream.Stream.concat(
                    java.util.Arrays.stream(a), java.util.Arrays.stream(b)).toArray(String[]::new));
        }
        return parameters;
    }

    private static String decode(String encoded) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length() || Character.digit(encoded.charAt(i + 1), 16) < 0
                        || Character.digit(encoded.charAt(i + 2), 16) < 0) {
                    throw new IllegalArgumentException("bad percent escape");
                }
                bytes.write(Integer.parseInt(encoded.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c == '+' ? ' ' : c).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("not UTF-8", e);
        }
    }

    private static boolean isMultipart(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/");
    }

    /** No type, or one that names a concrete type: a wildcard or an unparsable value reads as nothing. */
    private static boolean isReadableContentType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return !type.isWildcardType() && !type.isWildcardSubtype();
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    /** Hands the refusal to the container's error page, which answers the API's JSON or the error page. */
    private static void refuse(HttpServletRequest request, HttpServletResponse response, int status, String code,
                               String message) throws IOException {
        request.setAttribute(ErrorPages.ERROR_CODE, code);
        response.sendError(status, message);
    }

    /** The request as the error page sees it when its parameters could not be decoded: without any. */
    private static final class WithoutParameters extends HttpServletRequestWrapper {

        WithoutParameters(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getParameter(String name) {
            return null;
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return Map.of();
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.emptyEnumeration();
        }

        @Override
        public String[] getParameterValues(String name) {
            return null;
        }
    }
}
