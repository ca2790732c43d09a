package org.openvin.certificate.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CborTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void encodesRfc8949AppendixAExamples() {
        assertThat(HEX.formatHex(Cbor.encode(0L))).isEqualTo("00");
        assertThat(HEX.formatHex(Cbor.encode(24L))).isEqualTo("1818");
        assertThat(HEX.formatHex(Cbor.encode(1000000L))).isEqualTo("1a000f4240");
        assertThat(HEX.formatHex(Cbor.encode(-1000L))).isEqualTo("3903e7");
        assertThat(HEX.formatHex(Cbor.encode(-260L))).isEqualTo("390103");
        assertThat(HEX.formatHex(Cbor.encode("IETF"))).isEqualTo("6449455446");
        assertThat(HEX.formatHex(Cbor.encode(List.of(1L, 2L, 3L)))).isEqualTo("83010203");
        assertThat(HEX.formatHex(Cbor.encode(new Cbor.Tagged(18, new byte[] {1})))).isEqualTo("d24101");
    }

    @Test
    void decodesRfc8949AppendixAExamplesIncludingIndefiniteLengthsAndFloats() {
        assertThat(Cbor.decode(HEX.parseHex("3903e7"))).isEqualTo(-1000L);
        assertThat(Cbor.decode(HEX.parseHex("f93c00"))).isEqualTo(1.0);
        assertThat(Cbor.decode(HEX.parseHex("fb3ff199999999999a"))).isEqualTo(1.1);
        assertThat(Cbor.decode(HEX.parseHex("9f018202039f0405ffff"))).isEqualTo(List.of(1L, List.of(2L, 3L), List.of(4L, 5L)));
        assertThat(Cbor.decode(HEX.parseHex("bf6346756ef563416d7421ff"))).isEqualTo(Map.of("Fun", true, "Amt", -2L));
        assertThat(Cbor.decode(HEX.parseHex("7f657374726561646d696e67ff"))).isEqualTo("streaming");
        assertThat(Cbor.decode(HEX.parseHex("c11a514b67b0"))).isEqualTo(new Cbor.Tagged(1, 1363896240L));
        assertThat(Cbor.decode(HEX.parseHex("1bffffffffffffffff"))).isEqualTo(new java.math.BigInteger("18446744073709551615"));
    }

    @Test
    void roundTripsACoseLikeStructureWithIntegerKeys() {
        Map<Object, Object> header = new LinkedHashMap<>();
        header.put(1L, -7L);
        header.put(4L, new byte[] {1, 2, 3});
        Object decoded = Cbor.decode(Cbor.encode(Map.of(-260L, Map.of(1L, "x"), 6L, 1700000000L, 0L, false)));
        assertThat(decoded).isEqualTo(Map.of(-260L, Map.of(1L, "x"), 6L, 1700000000L, 0L, false));
        Map<?, ?> back = (Map<?, ?>) Cbor.decode(Cbor.encode(header));
        assertThat((byte[]) back.get(4L)).containsExactly(1, 2, 3);
        assertThat(Cbor.decode(Cbor.encode(java.util.Collections.singletonList(null)))).isEqualTo(java.util.Collections.singletonList(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "18", "62ffff", "a201", "a20101010102", "ff", "9f01", "0000", "5bffffffffffffffff", "62c328", "1c"})
    void rejectsMalformedInput(String hex) {
        // truncated, invalid UTF-8, duplicate keys, stray break, trailing bytes, absurd lengths, reserved info
        assertThatThrownBy(() -> Cbor.decode(HEX.parseHex(hex))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsNestingDeepEnoughToExhaustTheStack() {
        byte[] deep = new byte[10_000];
        java.util.Arrays.fill(deep, (byte) 0x81);
        assertThatThrownBy(() -> Cbor.decode(deep)).isInstanceOf(IllegalArgumentException.class);
    }
}
