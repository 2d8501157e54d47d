package io.civicpass.spring.boot.autoconfigure;

import io.civicpass.CivicPassAsyncClient;
import io.civicpass.CivicPassClient;
import io.civicpass.CivicPassConfig;
import io.civicpass.ClientBuilder;
import io.civicpass.event.CivicPassListener;
import io.civicpass.port.TokenSource;
import io.civicpass.spi.Transport;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the Civic Pass client: a {@link CivicPassConfig} from the
 * {@code civicpass.*} properties, the transport found on the classpath (or named by
 * {@code civicpass.transport}), and the {@link CivicPassClient} and {@link CivicPassAsyncClient}
 * over them. Each bean backs off when the application defines its own. The client is closed with
 * the context; what the application handed over (its transport, HTTP client or {@code Vertx}) is
 * never closed by it.
 */
@AutoConfiguration
@EnableConfigurationProperties(CivicPassProperties.class)
@Import({CivicPassTransportConfigurations.Feign.class, CivicPassTransportConfigurations.Retrofit.class,
        CivicPassTransportConfigurations.Vertx.class})
public final class CivicPassAutoConfiguration {

    /** Created by Spring. */
    public CivicPassAutoConfiguration() {
    }

    /**
     * The configuration the {@code civicpass.*} properties describe; not made when the
     * application defines its own client, which needs none of them.
     *
     * @param properties  the bound properties
     * @param environment where {@code CIVIC_CLIENT_ID} and the other variables core reads are
     *                    looked up for keys the properties leave unset
     * @return the configuration
     * @throws InvalidCivicPassPropertiesException naming the property at fault
     */
    @Bean
    @ConditionalOnMissingBean({CivicPassConfig.class, CivicPassClient.class})
    public CivicPassConfig civicPassConfig(CivicPassProperties properties, Environment environment) {
        return CivicPassConfigMapper.map(properties, environment);
    }

    /**
     * The blocking client, closed with the context.
     *
     * @param config      where and how to reach Civic
     * @param properties  the bound properties (for the transport's name when it is missing)
     * @param transport   the transport bean
     * @param tokenSource a token source bean, if the application has one
     * @param listeners   every {@link CivicPassListener} bean
     * @param customizers every {@link CivicPassClientCustomizer} bean
     * @return the client
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public CivicPassClient civicPassClient(CivicPassConfig config, CivicPassProperties properties,
                                           ObjectProvider<Transport> transport, ObjectProvider<TokenSource> tokenSource,
                                           ObjectProvider<CivicPassListener> listeners,
                                           ObjectProvider<CivicPassClientCustomizer> customizers) {
        Transport chosen = transport.getIfAvailable();
        if (chosen == null) {
            throw noTransport(properties);
        }
        ClientBuilder builder = CivicPassClient.builder().config(config).transport(chosen);
        tokenSource.ifAvailable(builder::tokenSource);
        listeners.orderedStream().forEach(builder::listener);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    /**
     * The non-blocking face of the client bean. It shares the client's connection and token
     * cache and is closed with it, not on its own.
     *
     * @param client the blocking client
     * @return its asynchronous face
     */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    public CivicPassAsyncClient civicPassAsyncClient(CivicPassClient client) {
        return client.async();
    }

    private static InvalidCivicPassPropertiesException noTransport(CivicPassProperties properties) {
        if (properties.transport() != null) {
            String name = properties.transport().propertyValue();
            return new InvalidCivicPassPropertiesException(List.of("civicpass.transport"),
                    "civicpass.transport is " + name + " but io.civicpass:civicpass-" + name + " is not on the classpath",
                    "Add io.civicpass:civicpass-" + name + " to the application's dependencies, or set"
                            + " civicpass.transport to a transport that is on the classpath.");
        }
        return new InvalidCivicPassPropertiesException(List.of("civicpass.transport"),
                "no Civic Pass transport is on the classpath",
                "Add io.civicpass:civicpass-retrofit (or civicpass-feign, civicpass-vertx), or depend on"
                        + " civicpass-spring-boot-starter, which brings the Retrofit transport.");
    }
}
