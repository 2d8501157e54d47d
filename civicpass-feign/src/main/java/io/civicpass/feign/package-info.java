/**
 * The Feign transport for civicpass-java: {@link io.civicpass.feign.FeignTransport} sends the
 * requests core builds through Feign, over the JDK's HTTP client by default or over an HTTP
 * client, logger, interceptors and capabilities handed over from an existing Feign setup, and
 * hands every response back as it came. {@link io.civicpass.feign.FeignTransportProvider} makes
 * it discoverable.
 */
package io.civicpass.feign;
