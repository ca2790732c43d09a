package org.openvin.notification.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmppSmsGatewayTest {

    @Test
    void onlyTextsThatReadTheSameInGsmAndAsciiGoAsSevenBit() {
        assertThat(SmppSmsGateway.isPlainGsm("Your OTP is 123456. It is valid for 3 minutes. - OpenVIN")).isTrue();
        assertThat(SmppSmsGateway.isPlainGsm("Pay $5 to a_b@c")).isFalse();
        assertThat(SmppSmsGateway.isPlainGsm("Votre rendez-vous est confirmé")).isFalse();
        assertThat(SmppSmsGateway.isPlainGsm("आपका टीकाकरण")).isFalse();
    }
}
