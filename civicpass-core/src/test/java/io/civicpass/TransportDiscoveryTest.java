package io.civicpass;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

class TransportDiscoveryTest {

    @Test
    void withoutATransportArtifactTheErrorNamesTheArtifactsToAdd() {
        ClassLoader empty = new URLClassLoader(new URL[0], null);
        assertThatThrownBy(() -> TransportDiscovery.discover(empty))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("io.civicpass:civicpass-feign")
                .hasMessageContaining("io.civicpass:civicpass-retrofit")
                .hasMessageContaining("io.civicpass:civicpass-vertx");
    }

    @Test
    void theBuilderDiscoversWhenNoTransportIsGiven() {
        assertThatThrownBy(() -> CivicPassClient.create(CivicPassConfig.sandbox()))
                .as("core alone has no transport on its test classpath")
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("No Civic Pass transport");
    }
}
