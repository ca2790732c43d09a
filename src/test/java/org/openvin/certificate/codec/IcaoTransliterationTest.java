package org.openvin.certificate.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The EU DCC's standardised names (fnt/gnt), checked against spellings written elsewhere: the
 * other countries' EU DCC test vectors, ICAO 9303 part 3's worked example, Russian passports
 * (issued under ICAO's Cyrillic table since 2013) and the English spellings of well-known Hindi names.
 */
class IcaoTransliterationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Vector names whose fnt/gnt no ICAO table gives: SG writes the given names into fnt, UA
     * spells Мар'яна MARYANNA (its own national system, not ICAO), and FR writes mäel as MAEL
     * where ICAO and the SE and AT vectors write Ä as AE.
     */
    private static final List<String> NOT_ICAO = List.of("TAN<CHEN<CHEN", "MARYANNA", "MAEL");

    @Test
    void matchesTheStandardisedNamesInOtherCountriesTestVectors() throws IOException {
        List<String[]> pairs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(org.openvin.TestVectors.path("eu-dcc"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                JsonNode name = JSON.readTree(file.toFile()).path("JSON").path("nam");
                for (String[] field : new String[][] {{"fn", "fnt"}, {"gn", "gnt"}}) {
                    if (name.path(field[0]).isString() && name.path(field[1]).isString()
                            && !NOT_ICAO.contains(name.path(field[1]).asString())) {
                        pairs.add(new String[] {name.path(field[0]).asString(), name.path(field[1]).asString()});
                    }
                }
            }
        }
        assertThat(pairs).as("accented Latin, Cyrillic and Greek names among the vectors")
                .anyMatch(p -> p[0].equals("Musterfrau-Gößinger")).anyMatch(p -> p[0].equals("Ткаченко"))
                .anyMatch(p -> p[0].equals("Μενεξές")).anyMatch(p -> p[0].equals("théoule sur mer"));
        for (String[] pair : pairs) {
            assertThat(IcaoTransliteration.transliterate(pair[0])).as(pair[0]).isEqualTo(pair[1]);
        }
    }

    @Test
    void accentedLatinAsIcaoSpellsIt() {
        Map.of("Zoë Anaïs Müller-Lüdenscheidt", "ZOE<ANAIS<MUELLER<LUEDENSCHEIDT",
                "Ørsted Ångström", "OERSTED<AANGSTROEM",
                "José  María O'Neill", "JOSE<MARIA<ONEILL",
                "Łukasz Čapek", "LUKASZ<CAPEK",
                "Ndèye Fatou Ndiaye", "NDEYE<FATOU<NDIAYE",
                "Peña Nieto", "PENA<NIETO",
                "Straße", "STRASSE")
                .forEach((name, mrz) -> assertThat(IcaoTransliteration.transliterate(name)).as(name).isEqualTo(mrz));
    }

    @Test
    void cyrillicByIcaoTable() {
        // Spellings from Russian passports, which follow ICAO 9303 since 2013 (Ъ IE, Ю IU, Я IA, Ё E).
        Map.of("Юлия", "IULIIA",
                "Наталья", "NATALIA",
                "Фёдор Хрущёв", "FEDOR<KHRUSHCHEV",
                "Виктор Цой", "VIKTOR<TSOI",
                "Щукина", "SHCHUKINA",
                "Жуков", "ZHUKOV")
                .forEach((name, mrz) -> assertThat(IcaoTransliteration.transliterate(name)).as(name).isEqualTo(mrz));
    }

    @Test
    void arabicByIcaoXScheme() {
        // ICAO 9303 part 3, appendix B: the X-scheme MRZ of Abu Bakr al-Razi's name.
        assertThat(IcaoTransliteration.transliterate("ابو بكر محمد بن زكريا الرازي")).isEqualTo("ABW<BKR<MXHMD<BN<ZKRYA<ALRAZY");
        // ة is XAH at the end of a name (فاطمة, Fatimah), XTA inside; vowel marks are not written.
        assertThat(IcaoTransliteration.transliterate("فاطمة")).isEqualTo("FAXTTMXAH");
        assertThat(IcaoTransliteration.transliterate("مُحَمَّد")).isEqualTo("MXHMD");
        // Urdu letters from the same table (ICAO 9303 part 3, table C): ٹ XXT, ے XYB.
        assertThat(IcaoTransliteration.transliterate("ٹے")).isEqualTo("XXTXYB");
    }

    @Test
    void hindiAsIndianPassportsSpellIt() {
        Map.of("नरेन्द्र मोदी", "NARENDRA<MODI",
                "अमिताभ बच्चन", "AMITABH<BACHCHAN",
                "लक्ष्मी", "LAKSHMI",
                "सुनीता", "SUNITA",
                "राहुल गांधी", "RAHUL<GANDHI",
                "शाह", "SHAH")
                .forEach((name, mrz) -> assertThat(IcaoTransliteration.transliterate(name)).as(name).isEqualTo(mrz));
    }

    @Test
    void everyResultFitsTheSchemaField() {
        assertThat(IcaoTransliteration.transliterate("A".repeat(100))).hasSize(80);
        assertThat(IcaoTransliteration.transliterate(" - ")).isEmpty();
        for (String name : List.of("Иван-Петров", "李小龍", "Ἀλέξανδρος", "ગાંધી", "O'Brien-Smith, Jr.", "राम", "عبد الله")) {
            String mrz = IcaoTransliteration.transliterate(name);
            assertThat(mrz).as(name).matches("[A-Z]+(<[A-Z]+)*").hasSizeLessThanOrEqualTo(80);
        }
    }
}
