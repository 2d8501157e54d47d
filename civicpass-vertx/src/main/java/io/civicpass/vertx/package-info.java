/**
 * The Vert.x Web Client transport for civicpass-java: {@link io.civicpass.vertx.VertxTransport}
 * (hand it to {@code CivicPassClient.builder().transport(...)}), an implementation of the
 * {@link io.civicpass.spi transport SPI} discovered through
 * {@link io.civicpass.vertx.VertxTransportProvider}, and {@link io.civicpass.vertx.VertxCivicPass},
 * the client's operations as Vert.x {@link io.vertx.core.Future}s delivered on the caller's
 * context. Non-blocking end to end: exchanges on event loops, waits on Vert.x timers. The
 * transport only moves bytes: core builds every request and reads every response.
 */
package io.civicpass.vertx;
