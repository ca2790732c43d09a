package org.openvin.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every text of every page, certificate and report exists in each of the four languages: a key
 * missing from one bundle would show the English fallback (or the key itself) in the middle of a
 * Hindi, French or Spanish page, and an extra key is a text nobody can see. The one exception is
 * {@code error.<code>}: English pages show the API's own error message, so only the other languages
 * carry a translation of it.
 */
class MessageBundlesTest {

    private static final String ERROR_TRANSLATION = "error.";

    @ParameterizedTest(name = "{0}_{1}")
    @CsvSource({"messages,hi", "messages,fr", "messages,es", "certificates,hi", "certificates,fr", "certificates,es",
            "reporting,hi", "reporting,fr", "reporting,es"})
    void eachLanguageHasExactlyTheKeysOfTheEnglishBundle(String bundle, String language) throws IOException {
        Properties english = load(bundle + ".properties");
        Properties translated = load(bundle + "_" + language + ".properties");

        Set<String> missing = new TreeSet<>(english.stringPropertyNames());
        missing.removeAll(translated.stringPropertyNames());
        Set<String> extra = new TreeSet<>(translated.stringPropertyNames());
        extra.removeAll(english.stringPropertyNames());
        extra.removeIf(key -> key.startsWith(ERROR_TRANSLATION));

        assertThat(english).isNotEmpty();
        assertThat(missing).as("keys of %s.properties missing in %s", bundle, language).isEmpty();
        assertThat(extra).as("keys in %s_%s.properties that English does not have", bundle, language).isEmpty();
        for (String key : translated.stringPropertyNames()) {
            assertThat(translated.getProperty(key)).as("%s_%s: %s", bundle, language, key).isNotBlank();
        }
    }

    private static Properties load(String name) throws IOException {
        Properties properties = new Properties();
        try (Reader in = new InputStreamReader(MessageBundlesTest.class.getResourceAsStream("/" + name), StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        return properties;
    }
}
