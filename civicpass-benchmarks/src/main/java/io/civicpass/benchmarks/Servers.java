package io.civicpass.benchmarks;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.sun.net.httpserver.HttpServer;
import io.civicpass.CivicPassConfig;
import io.civicpass.model.PassState;
import io.civicpass.testkit.FakeCivic;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The servers the fake is compared with, each answering the same pass lookup with the same
 * bytes: the fake itself, WireMock with one stub, and a bare JDK {@code HttpServer} set up as
 * the fake's HTTP face is (loopback, backlog 256, a cached thread pool, TCP_NODELAY).
 */
final class Servers {

    static {
        // As the fake does, before the JDK server's configuration class loads: without it each
        // response waits on Nagle's algorithm against the client's delayed ACK.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private Servers() {
    }

    /** A running server: where to send the lookup, and how to stop it. */
    interface Running extends AutoCloseable {
        int port();

        String path();

        /** The Authorization header the lookup needs, or null. */
        String authorization();

        @Override
        void close();
    }

    /**
     * The lookup body as the fake serves it, read once from a fake started for the purpose.
     *
     * @return the bytes
     */
    static byte[] passBody() {
        try (FakeCivic fake = FakeCivic.start()) {
            fake.seedPass(Wire.KEY, PassState.ACTIVE);
            CivicPassConfig config = fake.config();
            HttpClient http = HttpClient.newHttpClient();
            String token = Wire.fetchToken(http, fake.tokenUrl(), config);
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(Wire.passUrl(fake.apiUrl(), Wire.KEY))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            Wire.require200(response.statusCode());
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts one server.
     *
     * @param name fake, fakeNoJournal, wiremock, wiremockNoJournal or bare
     * @param body what WireMock and the bare server answer (the fake answers its own)
     * @return the running server, seeded and ready
     */
    static Running start(String name, byte[] body) {
        switch (name) {
            case "fake":
                return fake(FakeCivic.start());
            case "fakeNoJournal":
                // The fake has no switch to turn its journal off; one entry is the least it keeps.
                return fake(FakeCivic.builder().journalCapacity(1).start());
            case "wiremock":
                return wiremock(WireMockConfiguration.options().bindAddress("127.0.0.1").port(0), body);
            case "wiremockNoJournal":
                return wiremock(WireMockConfiguration.options().bindAddress("127.0.0.1").port(0).disableRequestJournal(),
                        body);
            case "bare":
                return bare(body);
            default:
                throw new IllegalArgumentException("server '" + name + "' is not known");
        }
    }

    /**
     * Starts one server without seeding or stubbing it: what a test suite pays to get one.
     *
     * @param name fake, wiremock or bare
     * @param body what the bare server answers
     * @return the running server
     */
    static AutoCloseable startOnly(String name, byte[] body) {
        switch (name) {
            case "fake":
                return FakeCivic.start();
            case "wiremock":
                return wiremock(WireMockConfiguration.options().bindAddress("127.0.0.1").port(0), null);
            case "bare":
                return bare(body);
            default:
                throw new IllegalArgumentException("server '" + name + "' is not known");
        }
    }

    /**
     * The port of a server {@link #startOnly} started.
     *
     * @param server the server
     * @return its port
     */
    static int port(AutoCloseable server) {
        if (server instanceof FakeCivic) {
            return ((FakeCivic) server).port();
        }
        if (server instanceof Running) {
            return ((Running) server).port();
        }
        throw new IllegalArgumentException("no port known for " + server);
    }

    private static Running fake(FakeCivic fake) {
        fake.seedPass(Wire.KEY, PassState.ACTIVE);
        String bearer = "Bearer " + Wire.fetchToken(fake.tokenUrl(), fake.config());
        String path = URI.create(fake.apiUrl() + Wire.passPath(Wire.KEY)).getRawPath();
        return new Running() {
            @Override
            public int port() {
                return fake.port();
            }

            @Override
            public String path() {
                return path;
            }

            @Override
            public String authorization() {
                return bearer;
            }

            @Override
            public void close() {
                fake.close();
            }
        };
    }

    /** WireMock started, with one stub of {@code body} for the lookup, or none when null. */
    private static Running wiremock(WireMockConfiguration options, byte[] body) {
        WireMockServer server = new WireMockServer(options);
        server.start();
        String path = FakeCivic.API_PATH + Wire.passPath(Wire.KEY);
        if (body != null) {
            server.stubFor(WireMock.get(WireMock.urlEqualTo(path)).willReturn(WireMock.aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json").withBody(body)));
        }
        return new Running() {
            @Override
            public int port() {
                return server.port();
            }

            @Override
            public String path() {
                return path;
            }

            @Override
            public String authorization() {
                return null;
            }

            @Override
            public void close() {
                server.stop();
            }
        };
    }

    private static Running bare(byte[] body) {
        ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "bare-http");
            thread.setDaemon(true);
            return thread;
        });
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.setExecutor(executor);
        server.start();
        String path = FakeCivic.API_PATH + Wire.passPath(Wire.KEY);
        return new Running() {
            @Override
            public int port() {
                return server.getAddress().getPort();
            }

            @Override
            public String path() {
                return path;
            }

            @Override
            public String authorization() {
                return null;
            }

            @Override
            public void close() {
                server.stop(0);
                executor.shutdownNow();
            }
        };
    }
}
