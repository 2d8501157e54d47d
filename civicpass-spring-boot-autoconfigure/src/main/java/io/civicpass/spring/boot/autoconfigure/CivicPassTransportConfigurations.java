package io.civicpass.spring.boot.autoconfigure;

import io.civicpass.feign.FeignTransport;
import io.civicpass.retrofit.RetrofitTransport;
import io.civicpass.spi.Transport;
import io.civicpass.vertx.VertxTransport;
import io.vertx.ext.web.client.WebClient;
import okhttp3.OkHttpClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One configuration per transport, each applying when its artifact is on the classpath and
 * {@code civicpass.transport} is unset or names it. Imported in name order, so with several
 * transports and no property the first by name wins, as core's own discovery picks. A
 * {@link Transport} bean of the application's replaces them all.
 */
final class CivicPassTransportConfigurations {

    static final String BEAN = "civicPassTransport";

    private CivicPassTransportConfigurations() {
    }

    /** {@code civicpass-feign}; the application's {@code feign.Client} only when shared. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.civicpass.feign.FeignTransport")
    @ConditionalOnProperty(name = "civicpass.transport", havingValue = "feign", matchIfMissing = true)
    static class Feign {

        @Bean(BEAN)
        @ConditionalOnMissingBean(Transport.class)
        FeignTransport civicPassTransport(CivicPassProperties properties, ObjectProvider<feign.Client> clients) {
            FeignTransport.Builder builder = FeignTransport.builder();
            if (properties.http().shareApplicationClient()) {
                clients.ifUnique(builder::client);
            }
            return builder.build();
        }
    }

    /** {@code civicpass-retrofit}; the application's {@code OkHttpClient} only when shared. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.civicpass.retrofit.RetrofitTransport")
    @ConditionalOnProperty(name = "civicpass.transport", havingValue = "retrofit", matchIfMissing = true)
    static class Retrofit {

        @Bean(BEAN)
        @ConditionalOnMissingBean(Transport.class)
        RetrofitTransport civicPassTransport(CivicPassProperties properties, ObjectProvider<OkHttpClient> clients) {
            RetrofitTransport.Builder builder = RetrofitTransport.builder();
            if (properties.http().shareApplicationClient()) {
                clients.ifUnique(builder::okHttpClient);
            }
            return builder.build();
        }
    }

    /**
     * {@code civicpass-vertx}: on the application's {@code Vertx} when it has one (never closed
     * by the client), else on one the transport starts and closes; the application's
     * {@code WebClient} only when shared.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.civicpass.vertx.VertxTransport")
    @ConditionalOnProperty(name = "civicpass.transport", havingValue = "vertx", matchIfMissing = true)
    static class Vertx {

        @Bean(BEAN)
        @ConditionalOnMissingBean(Transport.class)
        VertxTransport civicPassTransport(CivicPassProperties properties, ObjectProvider<io.vertx.core.Vertx> vertx,
                                          ObjectProvider<WebClient> webClients) {
            VertxTransport.Builder builder = VertxTransport.builder();
            vertx.ifUnique(builder::vertx);
            if (properties.http().shareApplicationClient()) {
                webClients.ifUnique(builder::webClient);
            }
            return builder.build();
        }
    }
}
