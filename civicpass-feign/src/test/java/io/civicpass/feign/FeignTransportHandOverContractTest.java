package io.civicpass.feign;

import static org.assertj.core.api.Assertions.assertThat;

import feign.Capability;
import feign.Client;
import feign.Logger;
import io.civicpass.spi.Transport;
import io.civicpass.testkit.tck.TransportContract;
import java.net.http.HttpClient;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;

/**
 * The transport contract again, with the parts of a Feign setup a user hands over: a blocking
 * client that is not an {@code AsyncClient} (so the connection offers only the blocking face and
 * core answers asynchronous calls from its own pool), a logger at {@code FULL}, an interceptor
 * and a capability. None of them may change what the library sees.
 */
class FeignTransportHandOverContractTest extends TransportContract {

    private static final HttpClient JDK = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private static final java.util.logging.Logger JUL =
            java.util.logging.Logger.getLogger(FeignTransportHandOverContractTest.class.getName());

    private final AtomicInteger clientCalls = new AtomicInteger();
    private final AtomicInteger interceptorCalls = new AtomicInteger();
    private final AtomicLong loggedLines = new AtomicLong();

    /** Passes requests through, as a metrics capability would. */
    public static final class PassThroughCapability implements Capability {
        @Override
        public Client enrich(Client client) {
            return client::execute;
        }
    }

    @Override
    protected Transport createTransport() {
        JdkHttpClient jdk = new JdkHttpClient(JDK);
        Client blocking = (request, options) -> {
            clientCalls.incrementAndGet();
            return jdk.execute(request, options);
        };
        Logger logger = new Logger() {
            @Override
            protected void log(String configKey, String format, Object... args) {
                loggedLines.incrementAndGet();
                // through java.util.logging, so the contract's log check reads every line
                JUL.fine(() -> configKey + " " + String.format(format, args));
            }
        };
        return FeignTransport.builder()
                .client(blocking)
                .logger(logger, Logger.Level.FULL)
                .requestInterceptor(template -> interceptorCalls.incrementAndGet())
                .capability(new PassThroughCapability())
                .build();
    }

    /** The client is the user's: the configuration's proxy and TLS settings do not apply to it. */
    @Override
    protected boolean appliesProxyAndTlsSettings() {
        return false;
    }

    @AfterAll
    void everythingHandedOverWasUsed() {
        assertThat(clientCalls.get()).isPositive();
        assertThat(interceptorCalls.get()).isGreaterThanOrEqualTo(clientCalls.get());
        assertThat(loggedLines.get()).isPositive();
    }
}
