package org.openvin.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The synthetic country is the same for the same seed, and within the profile's rules. */
class CountryGeneratorTest {

    private static final LocalDate DAY = LocalDate.of(2026, 1, 15);

    private static String digest(long seed) throws IOException, NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        var generator = new CountryGenerator(new CountryGenerator.Scale(seed, 300, 3, 1_000),
                CountryGenerator.districts(), CountryGenerator.vaccines(), DAY);
        generator.write((table, columns) -> new Writer() {
            { sha.update((table + columns).getBytes(StandardCharsets.UTF_8)); }

            @Override
            public void write(char[] buffer, int off, int len) {
                sha.update(new String(buffer, off, len).getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        return HexFormat.of().formatHex(sha.digest());
    }

    @Test
    void sameSeedSameCountryOtherSeedOtherCountry() throws Exception {
        assertThat(digest(42)).isEqualTo(digest(42)).isNotEqualTo(digest(43));
    }

    @Test
    void usesTheRealDistrictsAndKeepsFamiliesWithinTheLimit() {
        assertThat(CountryGenerator.districts()).hasSizeGreaterThan(100)
                .anySatisfy(d -> assertThat(d.id()).isEqualTo(395));
        assertThat(CountryGenerator.vaccines()).contains("COVISHIELD");
        long largestFamily = IntStream.range(0, 10_000).boxed()
                .collect(java.util.stream.Collectors.groupingBy(CountryGenerator::accountOf,
                        java.util.stream.Collectors.counting()))
                .values().stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(largestFamily).isBetween(2L, 4L);
        assertThat(CountryGenerator.pincode(200, 11)).matches("^[1-9][0-9]{5}$");
    }
}
