package org.openvin.platform;

import java.util.Optional;
import org.springframework.security.core.Authentication;

/**
 * Checks a Bearer token and says who holds it. Implemented by the identity module; the platform
 * only wires it into the filter chain.
 */
public interface BearerTokens {

    /** The holder of a valid, unexpired, not logged-out token; empty otherwise. */
    Optional<Authentication> authenticate(String token);
}
