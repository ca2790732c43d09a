package org.openvin.profile.internal;

import org.openvin.profile.InvalidProfileException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Start-up fails on a bad profile with the file, field and problem, not a bean-creation stack trace. */
class InvalidProfileFailureAnalyzer extends AbstractFailureAnalyzer<InvalidProfileException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidProfileException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Correct " + cause.source() + " (or set openvin.profile to another profile) and start again.", cause);
    }
}
