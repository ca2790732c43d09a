package org.openvin.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientAddressTest {

    @Test
    void anIpv6ClientCountsByItsSlash64SoItCannotDrawFreshAddressesFromIt() {
        assertThat(ClientAddress.of("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).isEqualTo("2001:db8:1:2:0:0:0:0/64");
        assertThat(ClientAddress.of("2001:db8:1:2::1")).isEqualTo(ClientAddress.of("2001:db8:1:2:ffff::9"));
        assertThat(ClientAddress.of("2001:db8:1:3::1")).isNotEqualTo(ClientAddress.of("2001:db8:1:2::1"));
    }

    @Test
    void ipv4AndLoopbackAddressesAreKeptAsTheyAre() {
        assertThat(ClientAddress.of("203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(ClientAddress.of("0:0:0:0:0:0:0:1")).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(ClientAddress.of("::ffff:203.0.113.7")).isEqualTo("203.0.113.7");
    }
}
