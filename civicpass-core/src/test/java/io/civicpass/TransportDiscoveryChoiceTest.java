package io.civicpass;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.civicpass.spi.Transport;
import io.civicpass.spi.TransportProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransportDiscoveryChoiceTest {

    static TransportProvider provider(String name) {
        return new TransportProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Transport create() {
                throw new UnsupportedOperationException("not needed to choose");
            }
        };
    }

    static List<TransportProvider> sorted(String... names) {
        List<TransportProvider> providers = new ArrayList<>();
        for (String name : names) {
            providers.add(provider(name));
        }
        providers.sort(Comparator.comparing(TransportProvider::name)); // as discover() does
        return providers;
    }

    @Test
    void aLoneProviderIsChosen() {
        assertThat(TransportDiscovery.choose(sorted("vertx"), null).name()).isEqualTo("vertx");
    }

    @Test
    void severalProvidersGiveTheFirstByNameWhateverTheirOrder() {
        assertThat(TransportDiscovery.choose(sorted("vertx", "retrofit", "feign"), null).name()).isEqualTo("feign");
        assertThat(TransportDiscovery.choose(sorted("retrofit", "vertx"), " ").name()).isEqualTo("retrofit");
    }

    @Test
    void thePropertyPicksOneByName() {
        assertThat(TransportDiscovery.choose(sorted("feign", "retrofit", "vertx"), "Vertx").name()).isEqualTo("vertx");
        assertThatThrownBy(() -> TransportDiscovery.choose(sorted("feign", "retrofit"), "okhttp"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("System property civicpass.transport asks for transport 'okhttp', but the classpath has only"
                        + " [feign, retrofit]");
    }
}
