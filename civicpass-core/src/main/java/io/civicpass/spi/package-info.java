/**
 * The transport SPI: the supported, stable contract between the client's core and an HTTP
 * library. Modelled on AWS SDK v2's {@code http-client-spi}: one immutable request in, one
 * response out.
 *
 * <p>Core builds every request, the token request included, and reads every response; a
 * transport only moves bytes. A transport author implements {@link io.civicpass.spi.Transport}
 * (the entry point users hand to the client builder), returns a
 * {@link io.civicpass.spi.TransportConnection} from it with a blocking
 * {@link io.civicpass.spi.HttpExchange}, a non-blocking
 * {@link io.civicpass.spi.AsyncHttpExchange}, or both (core adapts the missing face), reports
 * failures below HTTP as {@link io.civicpass.spi.TransportException}s, and registers a
 * {@link io.civicpass.spi.TransportProvider} for discovery. Every type here is marked with the
 * version it appeared in and changes only compatibly within a major version; the build checks
 * that.
 *
 * @since 0.1.0
 */
package io.civicpass.spi;
