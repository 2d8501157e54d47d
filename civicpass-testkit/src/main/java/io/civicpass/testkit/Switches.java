package io.civicpass.testkit;

/**
 * The fake's behaviour switches for what Civic's documents leave open (or where a test wants the
 * kinder world back): the values the builder chose, and the current ones that the fake's controls
 * change and {@link #reset()} puts back. Read by the rooms without the engine's lock.
 */
final class Switches {

    /** One set of values: the builder's, kept for {@link #reset()}. */
    record Values(boolean hideUntilConfirmed, ReissueBehaviour reissue, RepeatedUpdateBehaviour repeatedUpdate,
                  boolean piiReadOnce, boolean echoSecretsInErrors) {
    }

    private final Values configured;
    volatile boolean hideUntilConfirmed;
    volatile ReissueBehaviour reissue;
    volatile RepeatedUpdateBehaviour repeatedUpdate;
    volatile boolean piiReadOnce;
    volatile boolean echoSecretsInErrors;

    Switches(Values configured) {
        this.configured = configured;
        reset();
    }

    /** Back to the builder's values. */
    void reset() {
        hideUntilConfirmed = configured.hideUntilConfirmed();
        reissue = configured.reissue();
        repeatedUpdate = configured.repeatedUpdate();
        piiReadOnce = configured.piiReadOnce();
        echoSecretsInErrors = configured.echoSecretsInErrors();
    }
}
