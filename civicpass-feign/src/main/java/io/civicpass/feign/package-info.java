/**
 * The Feign transport for civicpass-java: {@link io.civicpass.feign.FeignTransport} sends the
 * requests core builds through Feign, over an OkHttp client it creates and owns by default
 * (why OkHttp, with the measurements: {@code civicpass-feign/CLIENT-CHOICE.md}), or over an HTTP
 * client, logger, interceptors and capabilities handed over from an existing Feign setup, which
 * stay the user's, and hands every response back as it came. {@link io.civicpass.feign.FeignTransportProvider} makes
 * it discoverable.
 */
package io.civicpass.feign;
