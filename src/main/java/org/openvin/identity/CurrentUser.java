package org.openvin.identity;

import java.util.Optional;
import org.openvin.platform.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The holder of the current request's token, as the identity module authenticated it. */
public final class CurrentUser {

    private CurrentUser() {
    }

    public static CitizenPrincipal citizen() {
        return principal(CitizenPrincipal.class).orElseThrow(CurrentUser::unauthenticated);
    }

    public static StaffPrincipal staff() {
        return principal(StaffPrincipal.class).orElseThrow(CurrentUser::unauthenticated);
    }

    public static Optional<CitizenPrincipal> citizenIfAny() {
        return principal(CitizenPrincipal.class);
    }

    public static Optional<StaffPrincipal> staffIfAny() {
        return principal(StaffPrincipal.class);
    }

    private static <T> Optional<T> principal(Class<T> type) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && type.isInstance(auth.getPrincipal()) ? Optional.of(type.cast(auth.getPrincipal()))
                : Optional.empty();
    }

    private static ApiException unauthenticated() {
        return new ApiException(HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", "Unauthenticated access!");
    }
}
