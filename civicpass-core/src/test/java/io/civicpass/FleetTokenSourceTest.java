package io.civicpass;

import static org.assertj.core.api.Assertions.assertThat;

import io.civicpass.model.AccessToken;
import io.civicpass.port.TokenSource;
import io.civicpass.spi.HttpRequest;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@code ClientBuilder.tokenSource}: a token shared by a fleet. Each member's client reads the
 * fleet's token from the fleet's store (here in memory; a secret store or sidecar in practice)
 * instead of asking Civic's token endpoint itself, so however many clients the fleet runs, Civic
 * sees one token request.
 */
class FleetTokenSourceTest {

    /** The fleet's store: one token request to Civic when it holds no token, then the same token for all. */
    static final class FleetTokenStore {
        final AtomicInteger tokenRequests = new AtomicInteger();
        private final AtomicReference<AccessToken> held = new AtomicReference<>();

        synchronized AccessToken current() {
            AccessToken token = held.get();
            if (token == null || !token.isValidAt(Instant.now(), java.time.Duration.ofMinutes(1))) {
                token = new AccessToken("fleet-" + tokenRequests.incrementAndGet(), "Bearer",
                        Instant.now().plusSeconds(3600), Set.of());
                held.set(token);
            }
            return token;
        }

        /** A member's source: reads the store, one read per call, as the port asks. */
        TokenSource source() {
            return new TokenSource() {
                @Override
                public AccessToken fetch() {
                    return current();
                }

                @Override
                public CompletionStage<AccessToken> fetchAsync() {
                    return CompletableFuture.completedFuture(current());
                }
            };
        }
    }

    @Test
    void twoClientsOfAFleetShareOneTokenRequest() throws Exception {
        FleetTokenStore fleet = new FleetTokenStore();
        HandWrittenTransport civic = new HandWrittenTransport();
        try (CivicPassClient first = CivicPassClient.builder().config(CivicPassClientTest.CONFIG).transport(civic)
                .tokenSource(fleet.source()).build();
             CivicPassAsyncClient second = CivicPassClient.builder().config(CivicPassClientTest.CONFIG)
                     .transport(civic).tokenSource(fleet.source()).buildAsync()) {
            first.issue(CivicPassClientTest.KEY);
            assertThat(second.find(CivicPassClientTest.KEY).toCompletableFuture().get(5, TimeUnit.SECONDS)).isPresent();
            first.freeze(CivicPassClientTest.KEY);
            second.unfreeze(CivicPassClientTest.KEY).toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        assertThat(fleet.tokenRequests).as("one token request for the whole fleet").hasValue(1);
        assertThat(civic.tokenRequests).as("no client asked Civic's token endpoint itself").hasValue(0);
        assertThat(civic.requests).hasSize(4).extracting(HttpRequest::headers)
                .allSatisfy(headers -> assertThat(headers.firstOrNull("Authorization")).isEqualTo("Bearer fleet-1"));
    }
}
