/**
 * The driven ports of the hexagon: what the client's core needs from the outside world.
 * {@link io.civicpass.port.TokenSource} obtains access tokens; {@link io.civicpass.port.PassGateway}
 * and {@link io.civicpass.port.AsyncPassGateway} perform one Civic operation, described by an
 * {@link io.civicpass.port.ApiCall}. Core implements each once over the transport SPI
 * ({@link io.civicpass.spi}); a transport module supplies the SPI exchange they run over, and a
 * user may supply a token source of their own.
 *
 * @since 0.1.0
 */
package io.civicpass.port;
