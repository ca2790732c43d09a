package org.openvin.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CountryProfileTest {

    @TempDir
    Path dir;

    @Test
    void indiaHasTheCowinStatesDistrictsAndRules() {
        CountryProfile india = ProfileFactory.load("india");
        assertThat(india.states()).hasSize(37);
        assertThat(india.state(21).orElseThrow().name()).isEqualTo("Maharashtra");
        assertThat(india.state(37).orElseThrow().name()).isEqualTo("Daman and Diu");
        assertThat(india.districtsOf(21)).hasSize(35);
        assertThat(india.district(395).orElseThrow().name()).isEqualTo("Mumbai");
        assertThat(india.district(294).orElseThrow().stateId()).isEqualTo(16);
        assertThat(india.district(571).orElseThrow().stateId()).isEqualTo(31);
        assertThat(india.districtsOf(15)).isNotEmpty();
        assertThat(india.districtsOf(26)).isNotEmpty();
        assertThat(india.idTypes()).hasSize(13);
        assertThat(india.idType(1).orElseThrow().checksum()).isEqualTo("verhoeff");
        assertThat(india.genders()).extracting(ProfileDocument.Gender::name).containsExactly("Male", "Female", "Others");
        assertThat(india.limits().beneficiariesPerAccount()).isEqualTo(4);
        var covishield = india.vaccine("covishield").orElseThrow();
        assertThat(covishield.doses()).isEqualTo(2);
        assertThat(covishield.minIntervalDays()).isEqualTo(84);
        assertThat(covishield.maxIntervalDays()).isEqualTo(112);
        var covaxin = india.vaccine("COVAXIN").orElseThrow();
        assertThat(covaxin.minIntervalDays()).isEqualTo(28);
        assertThat(covaxin.maxIntervalDays()).isEqualTo(42);
        var sputnik = india.vaccine("SPUTNIK V").orElseThrow();
        assertThat(sputnik.minIntervalDays()).isEqualTo(21);
        assertThat(sputnik.maxIntervalDays()).isEqualTo(90);
        assertThat(india.languages()).contains("en", "hi");
        assertThat(india.state(21).orElseThrow().name("hi")).isEqualTo("महाराष्ट्र");
    }

    @Test
    void indiaDemoCentresIncludeMumbaiAndBengaluruPincodes() {
        CountryProfile india = ProfileFactory.load("india");
        assertThat(india.document().demoCentres())
                .extracting(ProfileDocument.DemoCentre::pincode)
                .contains("400080", "560001");
    }

    @Test
    void frenchAndSpanishSpeakingCountriesLoad() {
        CountryProfile senegal = ProfileFactory.load("senegal");
        assertThat(senegal.defaultLanguage()).isEqualTo("fr");
        assertThat(senegal.states()).hasSize(14);
        assertThat(senegal.states()).extracting(ProfileDocument.State::name).contains("Dakar");
        CountryProfile peru = ProfileFactory.load("peru");
        assertThat(peru.defaultLanguage()).isEqualTo("es");
        assertThat(peru.states()).extracting(ProfileDocument.State::name).contains("Lima", "Cusco");
    }

    @Test
    void acceptLanguageInCowinAndBrowserForms() {
        CountryProfile india = ProfileFactory.load("india");
        assertThat(india.languageOf("hi_IN")).isEqualTo("hi");
        assertThat(india.languageOf("hi-IN,hi;q=0.9,en;q=0.8")).isEqualTo("hi");
        assertThat(india.languageOf("de-DE")).isNull();
        assertThat(india.languageOf(null)).isNull();
    }

    @Test
    void aDanglingDistrictToStateReferenceIsNamed() throws IOException {
        Path broken = withIndiaChanged("state_id: 21", "state_id: 99");
        assertThatThrownBy(() -> ProfileFactory.load(broken.toString()))
                .isInstanceOf(InvalidProfileException.class)
                .hasMessageContaining(broken.toString())
                .hasMessageContaining(".state_id: no state with id 99");
    }

    @Test
    void aDuplicateIdIsNamed() throws IOException {
        Path broken = withIndiaChanged("- id: 395", "- id: 363");
        assertThatThrownBy(() -> ProfileFactory.load(broken.toString()))
                .hasMessageContaining("districts[").hasMessageContaining("duplicate id 363");
    }

    @Test
    void aBadPatternIsNamed() throws IOException {
        Path broken = withIndiaChanged("pattern: '^[2-9][0-9]{11}$'", "pattern: '^[2-9][0-9]{11$'");
        assertThatThrownBy(() -> ProfileFactory.load(broken.toString()))
                .hasMessageContaining("id_types[0].pattern").hasMessageContaining("not a valid regular expression");
    }

    @Test
    void anUnknownFieldIsNamedWithItsLine() throws IOException {
        Path broken = withIndiaChanged("timezone:", "time_zone:");
        assertThatThrownBy(() -> ProfileFactory.load(broken.toString()))
                .hasMessageContaining("time_zone").hasMessageContaining("line");
    }

    @Test
    void aMissingProfileSaysSo() {
        assertThatThrownBy(() -> ProfileFactory.load("atlantis"))
                .hasMessageContaining("classpath:profiles/atlantis.yaml").hasMessageContaining("no such profile");
    }

    private Path withIndiaChanged(String from, String to) throws IOException {
        String india = new String(getClass().getResourceAsStream("/profiles/india.yaml").readAllBytes());
        assertThat(india).contains(from);
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, india.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
        return file;
    }
}
