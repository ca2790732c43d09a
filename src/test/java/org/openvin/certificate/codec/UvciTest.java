package org.openvin.certificate.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UvciTest {

    @Test
    void checkCharacterMatchesTheGuidelinesKnownAnswer() {
        assertThat(Uvci.of("NL", "187/37512422923")).isEqualTo("URN:UVCI:01:NL:187/37512422923#Z");
    }

    @Test
    void acceptsAGeneratedIdentifierAndOneWithoutCheckCharacter() {
        assertThat(Uvci.isValid(Uvci.of("LK", "OPENVIN/2026/000123"))).isTrue();
        assertThat(Uvci.isValid("URN:UVCI:01:NL:187/37512422923")).isTrue();
    }

    @Test
    void rejectsAWrongCheckCharacterOrASingleMistypedSymbol() {
        assertThat(Uvci.isValid("URN:UVCI:01:NL:187/37512422923#A")).isFalse();
        assertThat(Uvci.isValid("URN:UVCI:01:NL:187/37512422932#Z")).isFalse();
        assertThat(Uvci.isValid("URN:UVCI:01:NL:187/37512422923#ZZ")).isFalse();
    }

    @Test
    void rejectsWrongShapes() {
        assertThat(Uvci.isValid("URN:UVCI:02:NL:187#Z")).isFalse();
        assertThat(Uvci.isValid("URN:UVCI:01:nl:187")).isFalse();
        assertThat(Uvci.isValid("URN:UVCI:01:NL:")).isFalse();
        assertThat(Uvci.isValid("URN:UVCI:01:NL:ab c")).isFalse();
    }

    @Test
    void refusesToBuildFromCharactersOutsideTheAlphabet() {
        assertThatThrownBy(() -> Uvci.of("NL", "abc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Uvci.of("NLD", "ABC")).isInstanceOf(IllegalArgumentException.class);
    }
}
