package io.civicpass.spring.boot.autoconfigure;

import io.civicpass.ClientBuilder;

/**
 * Tunes the builder of the auto-configured {@link io.civicpass.CivicPassClient} before it is
 * built: a listener, a clock, a token source. Every bean of this type is applied, in
 * {@link org.springframework.core.Ordered} order, after the configuration, transport and
 * {@link io.civicpass.event.CivicPassListener} beans are set.
 */
@FunctionalInterface
public interface CivicPassClientCustomizer {

    /**
     * Tunes the builder.
     *
     * @param builder the client's builder
     */
    void customize(ClientBuilder builder);
}
