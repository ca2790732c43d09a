package org.openvin.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The check digit against numbers published by others, not against our own tables: a table that
 * is wrong in one row still agrees with itself, and so accepted a third of real Aadhaar numbers
 * as typos.
 */
class VerhoeffTest {

    /** Rosetta Code's Verhoeff task (whose 236 is Wikipedia's worked example): body → check digit. */
    @ParameterizedTest
    @CsvSource({"236,3", "12345,1", "123456789012,0"})
    void checkDigitsOfThePublishedExamples(String body, int checkDigit) {
        assertThat(Verhoeff.checkDigit(body)).isEqualTo(checkDigit);
        assertThat(Verhoeff.isValid(body + checkDigit)).isTrue();
        // The task's second half: the same numbers ending in 9 are refused.
        assertThat(Verhoeff.isValid(body + 9)).isFalse();
    }

    /**
     * UIDAI's sample Aadhaar number, Wikipedia's validation example (1428570) and the one in
     * Perl's Algorithm::CheckDigits documentation (14567894).
     */
    @ParameterizedTest
    @ValueSource(strings = {"499118665246", "1428570", "14567894"})
    void publishedValidNumbersAreAccepted(String number) {
        assertThat(Verhoeff.isValid(number)).isTrue();
    }

    @Test
    void everyBodyHasExactlyOneCheckDigitAndEveryTypoOrSwapOfAValidNumberIsRefused() {
        Random random = new Random(19);
        for (int n = 0; n < 2_000; n++) {
            String body = String.valueOf(20_000_000_000L + (long) (random.nextDouble() * 79_999_999_999L));
            int accepted = 0;
            for (int d = 0; d <= 9; d++) {
                if (Verhoeff.isValid(body + d)) {
                    accepted++;
                    assertThat(d).as(body).isEqualTo(Verhoeff.checkDigit(body));
                }
            }
            assertThat(accepted).as("check digits accepted after " + body).isEqualTo(1);

            String valid = body + Verhoeff.checkDigit(body);
            char[] digits = valid.toCharArray();
            for (int i = 0; i < digits.length; i++) {
                for (char other = '0'; other <= '9'; other++) {
                    if (other != digits[i]) {
                        char[] typo = digits.clone();
                        typo[i] = other;
                        assertThat(Verhoeff.isValid(new String(typo))).as("%s with %s at %d", valid, other, i).isFalse();
                    }
                }
                if (i + 1 < digits.length && digits[i] != digits[i + 1]) {
                    char[] swapped = digits.clone();
                    swapped[i] = digits[i + 1];
                    swapped[i + 1] = digits[i];
                    assertThat(Verhoeff.isValid(new String(swapped))).as("%s swapped at %d", valid, i).isFalse();
                }
            }
        }
    }
}
