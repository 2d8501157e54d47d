/**
 * The driven ports of the hexagon: what the client's core needs from the outside world.
 * {@link io.civicpass.port.TokenSource} obtains access tokens; {@link io.civicpass.port.PassGateway}
 * and {@link io.civicpass.port.AsyncPassGateway} perform one Civic operation, described by an
 * {@link io.civicpass.port.ApiCall}, within the time the caller gives, telling an
 * {@link io.civicpass.port.ExchangeObserver} of the response. Their user is core's call engine,
 * which reaches Civic through nothing else (and its token cache, through the token source). Core
 * implements each once over the transport SPI ({@link io.civicpass.spi}); a transport module
 * supplies the SPI exchange they run over (the testkit's in-memory fake is such an exchange), and
 * a user may supply a token source of their own.
 *
 * @since 0.1.0
 */
package io.civicpass.port;
