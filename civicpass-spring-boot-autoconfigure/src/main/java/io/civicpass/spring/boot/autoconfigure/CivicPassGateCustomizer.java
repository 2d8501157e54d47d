package io.civicpass.spring.boot.autoconfigure;

import io.civicpass.gate.PassGate;

/**
 * Tunes the builder of the auto-configured {@link PassGate} before it is built: a clock, an
 * executor for the cache's upkeep. Every bean of this type is applied, in
 * {@link org.springframework.core.Ordered} order, after {@code civicpass.gate.*} and the
 * {@link io.civicpass.gate.GateListener} beans.
 */
@FunctionalInterface
public interface CivicPassGateCustomizer {

    /**
     * Tunes the builder.
     *
     * @param builder the gate's builder
     */
    void customize(PassGate.Builder builder);
}
