/**
 * Micrometer bindings for the Civic Pass client's listener hook ({@link io.civicpass.event}):
 * {@link io.civicpass.micrometer.CivicPassObservation} makes observations (spans) of each call
 * and HTTP attempt, {@link io.civicpass.micrometer.CivicPassMetrics} records the
 * {@code civicpass.client.*} meters. Set either or both with {@code ClientBuilder.listener(...)}.
 */
package io.civicpass.micrometer;
