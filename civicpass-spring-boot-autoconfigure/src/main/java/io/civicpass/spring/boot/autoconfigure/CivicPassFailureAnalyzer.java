package io.civicpass.spring.boot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start-up that failed on the {@code civicpass.*} properties: which properties, what
 * is wrong with them (never a secret's value) and what to set.
 */
public final class CivicPassFailureAnalyzer extends AbstractFailureAnalyzer<InvalidCivicPassPropertiesException> {

    /** Created by Spring Boot from {@code META-INF/spring.factories}. */
    public CivicPassFailureAnalyzer() {
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidCivicPassPropertiesException cause) {
        String description = "The Civic Pass client could not be configured.\n\n    Propert"
                + (cause.properties().size() == 1 ? "y: " : "ies: ") + String.join(", ", cause.properties())
                + "\n    Reason: " + cause.reason();
        return new FailureAnalysis(description, cause.action(), cause);
    }
}
