package org.openvin.platform;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

/**
 * A body sent to the API without any {@code Content-Type} is read as JSON, as the real CoWIN did:
 * a popular CoWIN command-line client posts its OTP and booking bodies that way
 * (docs/CONTRACT-NOTES.md). Spring takes a missing type for {@code application/octet-stream}; this
 * reader accepts exactly that case (no header at all, a path under {@code /api/}, a body read into
 * an object), so endpoints that take raw bytes keep them and an explicit wrong type is still a 415.
 */
@Configuration(proxyBeanMethods = false)
class UntypedJsonBodies implements WebMvcConfigurer {

    private final JsonMapper json;

    UntypedJsonBodies(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
        converters.add(new Reader(json));
    }

    /** Boot's JSON mapper (with the text rules), reading only bodies that name no type. */
    static final class Reader extends JacksonJsonHttpMessageConverter {

        Reader(JsonMapper json) {
            super(json);
            setSupportedMediaTypes(List.of(MediaType.APPLICATION_OCTET_STREAM));
        }

        @Override
        public boolean canRead(Class<?> type, MediaType mediaType) {
            return sentWithoutType() && isObject(type) && super.canRead(type, mediaType);
        }

        @Override
        public boolean canRead(ResolvableType type, MediaType mediaType) {
            return sentWithoutType() && isObject(type.toClass()) && super.canRead(type, mediaType);
        }

        @Override
        public boolean canWrite(Class<?> type, MediaType mediaType) {
            return false;
        }

        @Override
        public boolean canWrite(ResolvableType type, Class<?> valueClass, MediaType mediaType) {
            return false;
        }

        /** Raw bytes and text stay what they are; only bodies read into objects are JSON. */
        private static boolean isObject(Class<?> type) {
            return !byte[].class.equals(type) && !String.class.equals(type);
        }

        private static boolean sentWithoutType() {
            if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) {
                return false;
            }
            HttpServletRequest request = attributes.getRequest();
            return request.getHeader(HttpHeaders.CONTENT_TYPE) == null && ApiPaths.isApi(request);
        }
    }
}
