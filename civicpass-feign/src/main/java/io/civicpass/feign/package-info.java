/**
 * The Feign transport for civicpass-java: {@link io.civicpass.feign.FeignTransport} sends the
 * client's token requests and Civic API calls through Feign, over the JDK's HTTP client by
 * default or over an HTTP client, logger, interceptors and capabilities handed over from an
 * existing Feign setup. {@link io.civicpass.feign.FeignTransportProvider} makes it discoverable.
 */
package io.civicpass.feign;
