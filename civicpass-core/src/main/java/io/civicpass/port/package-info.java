/**
 * The driven ports of the hexagon: what the core needs from the outside world
 * ({@link io.civicpass.port.TokenSource}, {@link io.civicpass.port.PassGateway},
 * {@link io.civicpass.port.AsyncPassGateway}, {@link io.civicpass.port.Scheduler}) and the
 * {@link io.civicpass.port.Transport} entry point through which an adapter supplies them.
 */
package io.civicpass.port;
