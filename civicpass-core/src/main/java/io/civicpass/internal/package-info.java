/**
 * Shared machinery for the client and for transport adapters: the wire format
 * ({@link io.civicpass.internal.CivicJson}, the only place that knows JSON field names), paths,
 * response and error mapping, token caching and retries. Public so that adapters in other
 * packages can reuse it; not part of the supported API for applications, and may change
 * between minor versions.
 */
package io.civicpass.internal;
