package org.openvin.scheduling.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openvin.platform.ApiException;
import org.openvin.profile.ProfileDocument.RateLimit;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The per-address allowance of booking attempts, and the addresses an operator exempts from it. */
class BookingAttemptLimitPerAddressTest {

    private static MockHttpServletRequest post(String address) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v2/appointment/schedule");
        request.setRemoteAddr(address);
        return request;
    }

    @Test
    void anAddressBeyondItsAllowanceWaitsAndOthersDoNot() {
        var limit = new BookingAttemptLimit(new RateLimit(100, 300), new RateLimit(3, 60), Set.of("10.0.0.9"));
        for (int i = 0; i < 3; i++) {
            assertThat(limit.preHandle(post("203.0.113.7"), new MockHttpServletResponse(), null)).isTrue();
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        assertThatThrownBy(() -> limit.preHandle(post("203.0.113.7"), response, null))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(429);
                    assertThat(e.errorCode()).isEqualTo("APPOIN0046");
                });
        assertThat(Long.parseLong(response.getHeader("Retry-After"))).isBetween(1L, 20L);
        assertThat(limit.preHandle(post("203.0.113.8"), new MockHttpServletResponse(), null)).isTrue();
        for (int i = 0; i < 10; i++) {
            assertThat(limit.preHandle(post("10.0.0.9"), new MockHttpServletResponse(), null)).isTrue();
        }
        // Reading is not an attempt.
        MockHttpServletRequest get = new MockHttpServletRequest("GET", "/book");
        get.setRemoteAddr("203.0.113.7");
        assertThat(limit.preHandle(get, new MockHttpServletResponse(), null)).isTrue();
    }
}
