package org.openvin;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/**
 * Test vectors published by other implementations, kept under {@code src/test/resources/testvectors}
 * with their licences, so the suite passes in a clone with nothing beside it.
 */
public final class TestVectors {

    private TestVectors() {
    }

    /** A file or folder under {@code testvectors/}, e.g. {@code eu-dcc/AT/2DCode/raw/1.json}. */
    public static Path path(String relative) {
        URL url = TestVectors.class.getResource("/testvectors/" + relative);
        if (url == null) {
            throw new IllegalStateException("No test vector testvectors/" + relative + " on the test class path");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
