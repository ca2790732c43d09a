package org.openvin.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every text of every page, certificate and report exists in each of the four languages: a key
 * missing from one bundle would show the English fallback (or the key itself) in the middle of a
 * Hindi, French or Spanish page, and an extra key is a text nobody can see. The one exception is
 * {@code error.<code>}: English pages show the API's own error message, so only the other languages
 * carry a translation of it.
 */
class MessageBundlesTest {

    private static final String ERROR_TRANSLATION = "error.";

    /**
     * A literal error code handed to {@code ApiException} ({@code badRequest("CODE", …)}, {@code notFound},
     * {@code conflict}, {@code forbidden}, {@code new ApiException(HttpStatus.X, "CODE", …)}) or to a rule's
     * refusal that the use case rethrows as one ({@code new Refusal("CODE", …)}, {@code refuse("CODE", …)}).
     */
    private static final Pattern THROWN_CODE = Pattern.compile(
            "(?:\\b(?:badRequest|notFound|conflict|forbidden)|new ApiException|new Refusal|\\brefuse)\\(\\s*"
                    + "(?:HttpStatus\\.[A-Z_]+\\s*,\\s*)?\"([A-Z][A-Z0-9_]*)\"");

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

    /**
     * A refusal is shown on a page (and on the error page) as {@code error.<code>} in the visitor's language,
     * else as the service's English message: a code the services throw without a translation would put an
     * English sentence in the middle of a Hindi, French or Spanish page. The scan must find a realistic number of
     * codes, so a pattern that stops matching cannot make the test pass by finding nothing.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hi", "fr", "es"})
    void everyErrorCodeTheServicesThrowIsTranslated(String language) throws IOException {
        Properties translated = load("messages_" + language + ".properties");

        Set<String> thrown = codesThrownIn(Path.of("src/main/java"));
        Set<String> untranslated = new TreeSet<>(thrown);
        untranslated.removeIf(code -> translated.getProperty(ERROR_TRANSLATION + code) != null);

        assertThat(thrown).as("error codes found in src/main/java").hasSizeGreaterThan(100);
        assertThat(untranslated).as("error codes thrown without an error.<code> key in messages_%s.properties", language)
                .isEmpty();
    }

    private static Set<String> codesThrownIn(Path sources) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(f -> f.toString().endsWith(".java")).toList();
        }
        Set<String> codes = new TreeSet<>();
        for (Path file : files) {
            Matcher m = THROWN_CODE.matcher(Files.readString(file, StandardCharsets.UTF_8));
            while (m.find()) {
                codes.add(m.group(1));
            }
        }
        return codes;
    }

    private static Properties load(String name) throws IOException {
        Properties properties = new Properties();
        try (Reader in = new InputStreamReader(MessageBundlesTest.class.getResourceAsStream("/" + name), StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        return properties;
    }
}
