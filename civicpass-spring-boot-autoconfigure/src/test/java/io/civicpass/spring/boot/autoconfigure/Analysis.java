package io.civicpass.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;

/** What the failure analyzer says about a context that failed to start. */
final class Analysis {

    private Analysis() {
    }

    static FailureAnalysis of(AssertableApplicationContext context) {
        Throwable failure = context.getStartupFailure();
        assertThat(failure).as("start-up failure").isNotNull();
        FailureAnalysis analysis = new CivicPassFailureAnalyzer().analyze(failure);
        assertThat(analysis).as("analysis of " + failure).isNotNull();
        return analysis;
    }

    /** Everything a user would read: the analysis and every message in the failure's chain. */
    static String everythingShown(AssertableApplicationContext context) {
        StringBuilder shown = new StringBuilder();
        FailureAnalysis analysis = new CivicPassFailureAnalyzer().analyze(context.getStartupFailure());
        if (analysis != null) {
            shown.append(analysis.getDescription()).append('\n').append(analysis.getAction()).append('\n');
        }
        for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
            shown.append(t).append('\n');
        }
        return shown.toString();
    }
}
