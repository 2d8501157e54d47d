/**
 * The Vert.x Web Client transport for civicpass-java: {@link io.civicpass.vertx.VertxTransport}
 * (hand it to {@code CivicPassClient.builder().transport(...)}), discovered through
 * {@link io.civicpass.vertx.VertxTransportProvider}, and {@link io.civicpass.vertx.VertxCivicPass},
 * the client's operations as Vert.x {@link io.vertx.core.Future}s delivered on the caller's
 * context. Non-blocking end to end: exchanges on event loops, waits on Vert.x timers.
 */
package io.civicpass.vertx;
