package org.openvin.certificate.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Base45Test {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"AB|BB8", "Hello!!|%69 VD92EX0", "base-45|UJCLQE7W581", "ietf!|QED8WEX0"})
    void encodesAndDecodesTheRfc9285Examples(String text, String base45) {
        assertThat(Base45.encode(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(base45);
        assertThat(new String(Base45.decode(base45), StandardCharsets.UTF_8)).isEqualTo(text);
    }

    @Test
    void roundTripsEveryByteValueAndOddLengths() {
        Random random = new Random(45);
        for (int length = 0; length < 64; length++) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            assertThat(Base45.decode(Base45.encode(data))).isEqualTo(data);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "BB8a", "GGW", "GG", "BB8B", "QED8WEX0!"})
    void decodeRejectsLowerCaseOverflowAndDanglingInput(String bad) {
        // "GGW" = 65535 + 1 exceeds two bytes; "GG" exceeds one byte; a lone trailing char is dangling.
        assertThatThrownBy(() -> Base45.decode(bad)).isInstanceOf(IllegalArgumentException.class);
    }
}
