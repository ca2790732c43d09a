package org.openvin.platform;

import jakarta.servlet.http.HttpSession;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Links to one person's pages (their certificate, their dose form, their side-effect form) name the
 * person by a handle that means something only inside the visitor's own session, never by the
 * beneficiary reference id: a URL ends up in browser history, proxy logs and the Referer header,
 * and the reference id identifies the person. The handles live in the HTTP session, which is kept
 * in PostgreSQL, so every app node resolves them; they die with the session.
 * Templates write a link with {@code ${@personHandles.of(ref)}}.
 */
@Component("personHandles")
public class PersonHandles {

    private static final String ATTRIBUTE = "org.openvin.personHandles";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** A vaccinator's day is a few hundred people; older handles go first (their links then answer 404). */
    private static final int KEPT = 1000;

    /** The handle of a reference id in this session; the same one each time, so the page's links stay put. */
    public String of(String ref) {
        HttpSession session = session(true);
        Map<String, String> handles = handles(session);
        for (var e : handles.entrySet()) {
            if (e.getValue().equals(ref)) {
                return e.getKey();
            }
        }
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        String handle = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        handles.put(handle, ref);
        if (handles.size() > KEPT) {
            handles.remove(handles.keySet().iterator().next());
        }
        session.setAttribute(ATTRIBUTE, handles); // set again: a session store saves only what is set
        return handle;
    }

    /** The reference id a handle stands for in this session; empty for anything else. */
    public Optional<String> ref(String handle) {
        HttpSession session = session(false);
        return session == null || handle == null ? Optional.empty() : Optional.ofNullable(handles(session).get(handle));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> handles(HttpSession session) {
        Object stored = session.getAttribute(ATTRIBUTE);
        return stored instanceof Map<?, ?> map ? new LinkedHashMap<>((Map<String, String>) map) : new LinkedHashMap<>();
    }

    private static HttpSession session(boolean create) {
        var attributes = (ServletRequestAttributes) RequestContextHolder.currentRequestAttributes();
        return attributes.getRequest().getSession(create);
    }
}
