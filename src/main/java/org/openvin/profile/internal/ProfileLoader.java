package org.openvin.profile.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.openvin.profile.InvalidProfileException;
import org.openvin.profile.ProfileDocument;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a profile: {@code india} means {@code profiles/india.yaml} on the class path; anything
 * ending in {@code .yaml}/{@code .yml} is a file path, so a country can keep its profile outside
 * the build.
 */
public final class ProfileLoader {

    private static final YAMLMapper yaml = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private ProfileLoader() {
    }

    public static ProfileDocument load(String profile) {
        boolean isFile = profile.endsWith(".yaml") || profile.endsWith(".yml");
        String source = isFile ? profile : "classpath:profiles/" + profile + ".yaml";
        ProfileDocument document;
        try (InputStream in = open(profile, isFile)) {
            if (in == null) {
                throw new InvalidProfileException(source, List.of("no such profile; ship profiles/" + profile
                        + ".yaml or set openvin.profile to a file path ending in .yaml"));
            }
            document = yaml.readValue(in, ProfileDocument.class);
        } catch (IOException e) {
            throw new InvalidProfileException(source, List.of("cannot be read: " + e.getMessage()));
        } catch (JacksonException e) {
            throw new InvalidProfileException(source, List.of(describe(e)));
        }
        List<String> problems = ProfileValidator.problemsOf(document);
        if (!problems.isEmpty()) {
            throw new InvalidProfileException(source, problems);
        }
        return document;
    }

    private static InputStream open(String profile, boolean isFile) throws IOException {
        if (isFile) {
            Path path = Path.of(profile);
            return Files.exists(path) ? Files.newInputStream(path) : null;
        }
        return ProfileLoader.class.getClassLoader().getResourceAsStream("profiles/" + profile + ".yaml");
    }

    /** "districts[3].state_id: <what Jackson says>" rather than a Java stack trace. */
    private static String describe(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        String where = path.isEmpty() ? "(document)" : path.toString();
        var location = e.getLocation();
        String line = location == null || location.getLineNr() < 0 ? "" : " (line " + location.getLineNr() + ")";
        return where + line + ": " + e.getOriginalMessage();
    }
}
