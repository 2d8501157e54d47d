package io.civicpass.benchmarks.feignclient;

import feign.Client;
import feign.hc5.ApacheHttp5Client;
import io.civicpass.feign.FeignTransport;
import io.civicpass.spi.Transport;
import java.time.Duration;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;
import org.apache.hc.client5.http.config.ConnectionConfig;

/**
 * The HTTP clients measured as the Feign transport's default, each set up as the transport would
 * own it: created per Civic client with a per-host pool of {@code maxConnections}, and released
 * on close as far as the library allows. All of them go through the same {@link FeignTransport}
 * (a handed-over client), so the differences are the HTTP clients'.
 */
public enum Candidate {

    /** The Feign transport's own default, whatever this build's is ({@code FeignTransport.create()}). */
    FEIGN_DEFAULT {
        @Override
        public Opened open(Duration connectTimeout, int maxConnections) {
            return new Opened(FeignTransport.create(), () -> { });
        }
    },

    /** A JDK {@code HttpClient} on a bounded executor of 4 threads, shut down on close. */
    JDK_BOUNDED {
        @Override
        public Opened open(Duration connectTimeout, int maxConnections) {
            JdkFeignClient client = new JdkFeignClient(connectTimeout, 4, false);
            return new Opened(FeignTransport.builder().client(client).build(), client);
        }
    },

    /** As {@link #JDK_BOUNDED}, every request sent with {@code Connection: close}. */
    JDK_BOUNDED_CONNECTION_CLOSE {
        @Override
        public Opened open(Duration connectTimeout, int maxConnections) {
            JdkFeignClient client = new JdkFeignClient(connectTimeout, 4, true);
            return new Opened(FeignTransport.builder().client(client).build(), client);
        }

        @Override
        public String jvmProperty() {
            return "-Djdk.httpclient.allowRestrictedHeaders=connection";
        }
    },

    /** feign-okhttp over an OkHttp client of our own: dispatcher shut down and pool evicted on close. */
    OKHTTP {
        @Override
        public Opened open(Duration connectTimeout, int maxConnections) {
            AtomicInteger threads = new AtomicInteger();
            Dispatcher dispatcher = new Dispatcher(new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                    new SynchronousQueue<>(), task -> {
                        Thread thread = new Thread(task, "candidate-okhttp-" + threads.incrementAndGet());
                        thread.setDaemon(true);
                        return thread;
                    }));
            dispatcher.setMaxRequestsPerHost(maxConnections);
            dispatcher.setMaxRequests(2 * maxConnections);
            OkHttpClient ok = new OkHttpClient.Builder()
                    .dispatcher(dispatcher)
                    .connectionPool(new ConnectionPool(maxConnections, 5, TimeUnit.MINUTES))
                    .connectTimeout(connectTimeout)
                    .retryOnConnectionFailure(false)
                    .followRedirects(false)
                    .followSslRedirects(false)
                    .build();
            Client client = new feign.okhttp.OkHttpClient(ok);
            return new Opened(FeignTransport.builder().client(client).build(), () -> {
                ok.dispatcher().executorService().shutdown();
                ok.connectionPool().evictAll();
            });
        }
    },

    /** feign-hc5 over an Apache HttpClient 5 of our own (classic, pooling), closed on close. */
    HC5 {
        @Override
        public Opened open(Duration connectTimeout, int maxConnections) {
            PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                    .setMaxConnPerRoute(maxConnections)
                    .setMaxConnTotal(2 * maxConnections)
                    .setDefaultConnectionConfig(ConnectionConfig.custom()
                            .setConnectTimeout(Timeout.of(connectTimeout)).build())
                    .build();
            CloseableHttpClient http = HttpClients.custom()
                    .setConnectionManager(pool)
                    .disableAutomaticRetries()
                    .disableRedirectHandling()
                    .build();
            return new Opened(FeignTransport.builder().client(new ApacheHttp5Client(http)).build(), http);
        }
    },

    /** Feign's {@code Client.Default}: {@code HttpURLConnection} and the JDK's global keep-alive cache. */
    URLCONNECTION {
        @Override
        public Opened open(Duration connectTimeout, int maxConnections) {
            return new Opened(FeignTransport.builder().client(new Client.Default(null, null)).build(), () -> { });
        }
    };

    /**
     * Creates the candidate for one Civic client.
     *
     * @param connectTimeout the connect timeout
     * @param maxConnections the per-host pool size
     * @return the transport over it and what releases it
     */
    public abstract Opened open(Duration connectTimeout, int maxConnections);

    /**
     * A system property the candidate's JVM needs, or an empty string.
     *
     * @return the {@code -D} option
     */
    public String jvmProperty() {
        return "";
    }

    /**
     * One candidate opened for a client.
     *
     * @param transport the Feign transport over the candidate
     * @param release   releases what the candidate created (after the Civic client is closed)
     */
    public record Opened(Transport transport, AutoCloseable release) {
    }
}
