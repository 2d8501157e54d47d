package io.civicpass.benchmarks;

import feign.AsyncFeign;
import feign.Feign;
import feign.Headers;
import feign.Param;
import feign.RequestLine;
import feign.codec.Decoder;
import io.civicpass.CivicPassAsyncClient;
import io.civicpass.CivicPassClient;
import io.civicpass.CivicPassConfig;
import io.civicpass.model.Pass;
import io.civicpass.model.PassState;
import io.civicpass.testkit.FakeCivic;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import okhttp3.ResponseBody;
import retrofit2.Retrofit;
import retrofit2.http.GET;
import retrofit2.http.Header;
import retrofit2.http.Path;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the client costs over the HTTP library under it: {@code find} of one pass through the
 * client on each transport, against the same GET done with that library by hand (a pre-fetched
 * bearer token, the request built for the wallet on each call as any lookup must, plain Jackson
 * decoding into a map) and with the JDK's {@code HttpClient}, all against the same in-process
 * fake. The Feign and Retrofit transports are measured against Feign and Retrofit by hand on
 * the OkHttp client they run on, and against OkHttp alone. Run at 1 and 16 threads ({@code -t}); the {@code async64}
 * methods keep 64 calls in flight from one thread and count each call as one operation.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class CallOverheadBenchmark {

    /** Calls in flight in the asynchronous benchmarks. */
    static final int IN_FLIGHT = 64;

    /** The fake every variant of one trial talks to, with the pass seeded and a token fetched. */
    @State(Scope.Benchmark)
    public static class Fake {
        FakeCivic fake;
        CivicPassConfig config;
        String bearer;
        String apiBase;

        /** Starts the fake, seeds the pass and fetches the baselines' token. */
        @Setup(Level.Trial)
        public void start() {
            // Bounded: the journal of an unbounded fake would grow by every measured call.
            fake = FakeCivic.builder().journalCapacity(1_000).start();
            fake.seedPass(Wire.KEY, PassState.ACTIVE);
            config = fake.configBuilder().requestTimeout(Duration.ofSeconds(10)).build();
            bearer = "Bearer " + Wire.fetchToken(fake.tokenUrl(), config);
            apiBase = fake.apiUrl().toString();
        }

        /** The lookup's URL, formatted for the wallet as a hand-written lookup does on each call. */
        String passUrl() {
            return apiBase + Wire.passPath(Wire.KEY);
        }

        /** Stops the fake. */
        @TearDown(Level.Trial)
        public void stop() {
            fake.close();
        }
    }

    /** The library's client on one transport, default set-up. */
    @State(Scope.Benchmark)
    public static class Client {
        /** The transport. */
        @org.openjdk.jmh.annotations.Param({"feign", "retrofit", "vertx"})
        public String transport;
        CivicPassClient client;
        CivicPassAsyncClient async;

        /**
         * Builds the client and makes one call, so its token is cached before measuring.
         *
         * @param fake the fake
         */
        @Setup(Level.Trial)
        public void start(Fake fake) {
            client = CivicPassClient.builder().config(fake.config).transport(Transports.create(transport)).build();
            async = client.async();
            client.get(Wire.KEY);
        }

        /** Closes the client. */
        @TearDown(Level.Trial)
        public void stop() {
            client.close();
        }
    }

    /** The lookup as a hand-written Feign interface. */
    public interface RawFeignApi {
        /**
         * The lookup.
         *
         * @param chain         the chain
         * @param network       the network
         * @param wallet        the wallet
         * @param authorization the bearer header value
         * @return the decoded body
         */
        @RequestLine("GET /pass/{chain}/{network}/{wallet}")
        @Headers({"Authorization: {authorization}", "Accept: application/json"})
        Map<String, Object> find(@Param("chain") String chain, @Param("network") String network,
                                 @Param("wallet") String wallet, @Param("authorization") String authorization);
    }

    /** The same lookup for {@code AsyncFeign}. */
    public interface RawAsyncFeignApi {
        /**
         * The lookup.
         *
         * @param chain         the chain
         * @param network       the network
         * @param wallet        the wallet
         * @param authorization the bearer header value
         * @return the decoded body, to come
         */
        @RequestLine("GET /pass/{chain}/{network}/{wallet}")
        @Headers({"Authorization: {authorization}", "Accept: application/json"})
        CompletableFuture<Map<String, Object>> find(@Param("chain") String chain, @Param("network") String network,
                                                    @Param("wallet") String wallet,
                                                    @Param("authorization") String authorization);
    }

    /**
     * Feign used by hand on OkHttp ({@code feign-okhttp}), the HTTP client the Feign transport
     * runs on by default. (Feign's own default client, {@code HttpURLConnection}, was measured
     * when choosing that default: {@code civicpass-feign/CLIENT-CHOICE.md}.)
     */
    @State(Scope.Benchmark)
    public static class RawFeign {
        RawFeignApi onOkHttp;
        RawAsyncFeignApi asyncOnOkHttp;

        /**
         * Builds it.
         *
         * @param fake the fake
         */
        @Setup(Level.Trial)
        public void start(Fake fake) {
            Decoder decoder = (response, type) -> {
                if (response.status() != 200) {
                    throw new IllegalStateException("lookup answered " + response.status());
                }
                return Wire.JSON.readValue(response.body().asInputStream(), Map.class);
            };
            onOkHttp = Feign.builder().client(new feign.okhttp.OkHttpClient(okHttp())).decoder(decoder)
                    .target(RawFeignApi.class, fake.apiBase);
            // feign-okhttp's client is also Feign's AsyncClient, on OkHttp's enqueue.
            asyncOnOkHttp = AsyncFeign.<Object>builder().client(new feign.okhttp.OkHttpClient(okHttp())).decoder(decoder)
                    .target(RawAsyncFeignApi.class, fake.apiBase);
        }
    }

    /** An OkHttp client with its dispatcher and pool sized as the transports size theirs. */
    static OkHttpClient okHttp() {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequestsPerHost(IN_FLIGHT);
        dispatcher.setMaxRequests(2 * IN_FLIGHT);
        return new OkHttpClient.Builder().dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(IN_FLIGHT, 5, TimeUnit.MINUTES)).build();
    }

    /** The lookup as a hand-written Retrofit interface. */
    public interface RawRetrofitApi {
        /**
         * The lookup.
         *
         * @param chain         the chain
         * @param network       the network
         * @param wallet        the wallet
         * @param authorization the bearer header value
         * @return the call
         */
        @GET("pass/{chain}/{network}/{wallet}")
        retrofit2.Call<ResponseBody> find(@Path("chain") String chain, @Path("network") String network,
                                          @Path("wallet") String wallet, @Header("Authorization") String authorization,
                                          @Header("Accept") String accept);
    }

    /** Retrofit used by hand, on an OkHttp client set up as {@link RawOkHttp}'s. */
    @State(Scope.Benchmark)
    public static class RawRetrofit {
        OkHttpClient http;
        RawRetrofitApi api;

        /**
         * Builds the client and the interface.
         *
         * @param fake the fake
         */
        @Setup(Level.Trial)
        public void start(Fake fake) {
            http = okHttp();
            api = new Retrofit.Builder().baseUrl(fake.apiBase + "/").client(http).build().create(RawRetrofitApi.class);
        }

        /** Stops its threads. */
        @TearDown(Level.Trial)
        public void stop() {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    /** OkHttp used by hand, its dispatcher sized as the Retrofit transport sizes it. */
    @State(Scope.Benchmark)
    public static class RawOkHttp {
        OkHttpClient http;

        /** Builds the client. */
        @Setup(Level.Trial)
        public void start() {
            http = okHttp();
        }

        static Request request(Fake fake) {
            return new Request.Builder().url(fake.passUrl()).header("Authorization", fake.bearer)
                    .header("Accept", "application/json").get().build();
        }

        /** Stops its threads. */
        @TearDown(Level.Trial)
        public void stop() {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    /** The Vert.x Web Client used by hand, its pool sized as the Vert.x transport sizes it. */
    @State(Scope.Benchmark)
    public static class RawVertx {
        Vertx vertx;
        WebClient web;
        Fake fake;

        /**
         * Builds the client.
         *
         * @param fake the fake
         */
        @Setup(Level.Trial)
        public void start(Fake fake) {
            vertx = Vertx.vertx();
            web = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false),
                    new PoolOptions().setHttp1MaxSize(IN_FLIGHT));
            this.fake = fake;
        }

        Future<Map<String, Object>> find() {
            return web.getAbs(fake.passUrl()).putHeader("Authorization", fake.bearer).putHeader("Accept", "application/json").send()
                    .map(response -> {
                        Wire.require200(response.statusCode());
                        Buffer body = response.body();
                        return Wire.decode(body.getBytes());
                    });
        }

        /** Closes the client and Vert.x. */
        @TearDown(Level.Trial)
        public void stop() {
            web.close();
            vertx.close().await();
        }
    }

    /** The JDK's own client, default set-up. */
    @State(Scope.Benchmark)
    public static class Jdk {
        HttpClient http;

        /** Builds the client. */
        @Setup(Level.Trial)
        public void start() {
            http = HttpClient.newHttpClient();
        }
    }

    // ---- blocking, one call per operation ----

    /**
     * The library's blocking {@code find}.
     *
     * @param client the client
     * @return the pass
     */
    @Benchmark
    public Optional<Pass> client(Client client) {
        return client.client.find(Wire.KEY);
    }

    /**
     * Feign by hand on OkHttp, the HTTP client under the Feign transport's default set-up.
     *
     * @param feign the interface
     * @param fake  the fake
     * @return the decoded body
     */
    @Benchmark
    public Map<String, Object> rawFeign(RawFeign feign, Fake fake) {
        return feign.onOkHttp.find(Wire.KEY.chain().value(), Wire.KEY.network().value(),
                Wire.KEY.wallet().value(), fake.bearer);
    }

    /**
     * Retrofit by hand, {@code execute}.
     *
     * @param retrofit the interface
     * @param fake     the fake
     * @return the decoded body
     * @throws IOException on an I/O failure
     */
    @Benchmark
    public Map<String, Object> rawRetrofit(RawRetrofit retrofit, Fake fake) throws IOException {
        retrofit2.Response<ResponseBody> response = retrofit.api.find(Wire.KEY.chain().value(),
                Wire.KEY.network().value(), Wire.KEY.wallet().value(), fake.bearer, "application/json").execute();
        Wire.require200(response.code());
        try (ResponseBody body = response.body()) {
            return Wire.decode(body.bytes());
        }
    }

    /**
     * OkHttp by hand, {@code execute}.
     *
     * @param ok   the client
     * @param fake the fake
     * @return the decoded body
     * @throws IOException on an I/O failure
     */
    @Benchmark
    public Map<String, Object> rawOkHttp(RawOkHttp ok, Fake fake) throws IOException {
        try (Response response = ok.http.newCall(RawOkHttp.request(fake)).execute()) {
            Wire.require200(response.code());
            return Wire.decode(response.body().bytes());
        }
    }

    /**
     * The Vert.x Web Client by hand, the caller waiting on the future.
     *
     * @param vertx the client
     * @return the decoded body
     */
    @Benchmark
    public Map<String, Object> rawVertx(RawVertx vertx) {
        return vertx.find().toCompletionStage().toCompletableFuture().join();
    }

    /**
     * The JDK's {@code HttpClient}, {@code send}.
     *
     * @param jdk  the client
     * @param fake the fake
     * @return the decoded body
     * @throws IOException          on an I/O failure
     * @throws InterruptedException when interrupted
     */
    @Benchmark
    public Map<String, Object> rawJdk(Jdk jdk, Fake fake) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(fake.passUrl())).header("Authorization", fake.bearer)
                .header("Accept", "application/json").GET().build();
        HttpResponse<byte[]> response = jdk.http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        Wire.require200(response.statusCode());
        return Wire.decode(response.body());
    }

    // ---- asynchronous, 64 in flight, one call per operation ----

    /**
     * The library's asynchronous face, 64 calls started, then all awaited.
     *
     * @param client the client
     * @return the last pass
     */
    @Benchmark
    @OperationsPerInvocation(IN_FLIGHT)
    public Object async64Client(Client client) {
        CompletableFuture<?>[] calls = new CompletableFuture<?>[IN_FLIGHT];
        for (int i = 0; i < IN_FLIGHT; i++) {
            calls[i] = client.async.find(Wire.KEY).toCompletableFuture();
        }
        return awaitAll(calls);
    }

    /**
     * Feign by hand, {@code AsyncFeign} on Feign's OkHttp client ({@code enqueue}).
     *
     * @param feign the interface
     * @param fake  the fake
     * @return the last decoded body
     */
    @Benchmark
    @OperationsPerInvocation(IN_FLIGHT)
    public Object async64RawFeign(RawFeign feign, Fake fake) {
        CompletableFuture<?>[] calls = new CompletableFuture<?>[IN_FLIGHT];
        for (int i = 0; i < IN_FLIGHT; i++) {
            calls[i] = feign.asyncOnOkHttp.find(Wire.KEY.chain().value(), Wire.KEY.network().value(),
                    Wire.KEY.wallet().value(), fake.bearer);
        }
        return awaitAll(calls);
    }

    /**
     * Retrofit by hand, {@code enqueue}.
     *
     * @param retrofit the interface
     * @param fake     the fake
     * @return the last decoded body
     */
    @Benchmark
    @OperationsPerInvocation(IN_FLIGHT)
    public Object async64RawRetrofit(RawRetrofit retrofit, Fake fake) {
        CompletableFuture<?>[] calls = new CompletableFuture<?>[IN_FLIGHT];
        for (int i = 0; i < IN_FLIGHT; i++) {
            CompletableFuture<Map<String, Object>> call = new CompletableFuture<>();
            retrofit.api.find(Wire.KEY.chain().value(), Wire.KEY.network().value(), Wire.KEY.wallet().value(),
                    fake.bearer, "application/json").enqueue(new retrofit2.Callback<>() {
                        @Override
                        public void onResponse(retrofit2.Call<ResponseBody> c, retrofit2.Response<ResponseBody> response) {
                            try (ResponseBody body = response.body()) {
                                Wire.require200(response.code());
                                call.complete(Wire.decode(body.bytes()));
                            } catch (IOException | RuntimeException e) {
                                call.completeExceptionally(e);
                            }
                        }

                        @Override
                        public void onFailure(retrofit2.Call<ResponseBody> c, Throwable e) {
                            call.completeExceptionally(e);
                        }
                    });
            calls[i] = call;
        }
        return awaitAll(calls);
    }

    /**
     * The Vert.x Web Client by hand.
     *
     * @param vertx the client
     * @return the last decoded body
     */
    @Benchmark
    @OperationsPerInvocation(IN_FLIGHT)
    public Object async64RawVertx(RawVertx vertx) {
        CompletableFuture<?>[] calls = new CompletableFuture<?>[IN_FLIGHT];
        for (int i = 0; i < IN_FLIGHT; i++) {
            calls[i] = vertx.find().toCompletionStage().toCompletableFuture();
        }
        return awaitAll(calls);
    }

    private static Object awaitAll(CompletableFuture<?>[] calls) {
        Object last = null;
        for (CompletableFuture<?> call : calls) {
            try {
                last = call.get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("a call failed", e.getCause());
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("a call did not finish in 30 s", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return last;
    }
}
