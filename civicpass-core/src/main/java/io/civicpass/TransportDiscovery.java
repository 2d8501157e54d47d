package io.civicpass;

import io.civicpass.spi.Transport;
import io.civicpass.spi.TransportProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds the transport on the classpath. With exactly one, it is used; with several, the system
 * property {@value #PROPERTY} picks one by name, else the first by name (so the choice never
 * depends on classpath order); with none, the error names the artifacts to add.
 */
final class TransportDiscovery {

    /** The system property naming the transport to use when several are present. */
    public static final String PROPERTY = "civicpass.transport";

    private TransportDiscovery() {
    }

    /**
     * Discovers a transport.
     *
     * @param loader the class loader to search
     * @return a new transport from the chosen provider
     * @throws IllegalStateException when none is present or the property names an absent one
     */
    public static Transport discover(ClassLoader loader) {
        List<TransportProvider> providers = new ArrayList<>();
        ServiceLoader.load(TransportProvider.class, loader).forEach(providers::add);
        providers.sort(Comparator.comparing(TransportProvider::name));
        return choose(providers, System.getProperty(PROPERTY)).create();
    }

    static TransportProvider choose(List<TransportProvider> providers, String wanted) {
        if (providers.isEmpty()) {
            throw new IllegalStateException("No Civic Pass transport on the classpath: add one of the artifacts"
                    + " io.civicpass:civicpass-feign, io.civicpass:civicpass-retrofit or io.civicpass:civicpass-vertx,"
                    + " or pass one to CivicPassClient.builder().transport(...)");
        }
        if (wanted != null && !wanted.isBlank()) {
            return providers.stream().filter(p -> p.name().equalsIgnoreCase(wanted.trim())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("System property " + PROPERTY + " asks for transport '"
                            + wanted + "', but the classpath has only " + names(providers)));
        }
        return providers.get(0);
    }

    private static String names(List<TransportProvider> providers) {
        return providers.stream().map(TransportProvider::name).collect(Collectors.joining(", ", "[", "]"));
    }
}
