package org.openvin.profile;

import java.util.List;

/** The country profile cannot be used; start-up stops with the file, the fields and the problems. */
public class InvalidProfileException extends RuntimeException {

    private final String source;
    private final List<String> problems;

    public InvalidProfileException(String source, List<String> problems) {
        super("Country profile " + source + " is invalid:\n  - " + String.join("\n  - ", problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    public String source() {
        return source;
    }

    public List<String> problems() {
        return problems;
    }
}
