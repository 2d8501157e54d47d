/**
 * What a client tells about its own work, for metrics, traces and logs: each public call, each
 * HTTP attempt within it, each token fetch and each confirmation poll. Set a
 * {@link io.civicpass.event.CivicPassListener} on the client builder; {@code civicpass-micrometer}
 * binds one to a Micrometer {@code ObservationRegistry}.
 *
 * <p>Events name operations ({@code issue}, {@code freeze}, ...), HTTP methods and templated
 * paths ({@code /pass/{chain}/{chainNetwork}/{wallet}}), statuses, durations and exception
 * types. They never carry a wallet, pass id, PII request id, token, secret or personal data,
 * so every field but the request id can be a low-cardinality meter tag.
 */
package io.civicpass.event;
