package io.civicpass.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.civicpass.CivicPassAsyncClient;
import io.civicpass.CivicPassClient;
import io.civicpass.CivicPassConfig;
import io.civicpass.event.CallListener;
import io.civicpass.event.CallStarted;
import io.civicpass.event.CivicPassListener;
import io.civicpass.feign.FeignTransport;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassQuery;
import io.civicpass.retrofit.RetrofitTransport;
import io.civicpass.spi.Transport;
import io.civicpass.testkit.FakeCivic;
import io.civicpass.testkit.RequestMatcher;
import io.civicpass.vertx.VertxTransport;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class CivicPassAutoConfigurationTest {

    private static final PassKey KEY = PassKey.of(ChainNetwork.SEPOLIA, "0xEA5Ce8F9C81b681876DC713d33371c3E262A5888");

    private static FakeCivic fake;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CivicPassAutoConfiguration.class));

    @BeforeAll
    static void startFake() {
        fake = FakeCivic.start();
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @BeforeEach
    void resetFake() {
        fake.reset();
    }

    @Test
    void theClientBeanReachesCivicAsThePropertiesSay() {
        runner.withPropertyValues(FakeCivicProperties.of(fake)).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(CivicPassClient.class).hasSingleBean(CivicPassAsyncClient.class);
            CivicPassClient client = context.getBean(CivicPassClient.class);
            client.issue(KEY);
            assertThat(client.list(PassQuery.all()).items()).isEmpty(); // hidden until the chain confirms
            assertThat(fake.journal().count(RequestMatcher.of("POST", "/partner/pass/*/*"))).isEqualTo(1);
            assertThat(context.getBean(CivicPassAsyncClient.class)).isSameAs(client.async());
        });
    }

    @Test
    void withEveryTransportOnTheClasspathTheFirstByNameIsUsed() {
        runner.withPropertyValues(FakeCivicProperties.of(fake)).run(context ->
                assertThat(context).getBean(Transport.class).isInstanceOf(FeignTransport.class));
    }

    @Test
    void withoutFeignRetrofitIsUsed() {
        runner.withClassLoader(new FilteredClassLoader(FeignTransport.class)).withPropertyValues(FakeCivicProperties.of(fake))
                .run(context -> {
                    assertThat(context).getBean(Transport.class).isInstanceOf(RetrofitTransport.class);
                    context.getBean(CivicPassClient.class).verifyConfiguration();
                });
    }

    @Test
    void withoutFeignAndRetrofitVertxIsUsed() {
        runner.withClassLoader(new FilteredClassLoader(FeignTransport.class, RetrofitTransport.class))
                .withPropertyValues(FakeCivicProperties.of(fake))
                .run(context -> {
                    assertThat(context).getBean(Transport.class).isInstanceOf(VertxTransport.class);
                    context.getBean(CivicPassClient.class).verifyConfiguration();
                });
    }

    @Test
    void withoutVertxTheOthersStillApply() {
        runner.withClassLoader(new FilteredClassLoader(VertxTransport.class))
                .withPropertyValues(FakeCivicProperties.of(fake, "civicpass.transport=retrofit"))
                .run(context -> assertThat(context).getBean(Transport.class).isInstanceOf(RetrofitTransport.class));
    }

    @Test
    void withNoTransportStartUpFailsSayingWhatToAdd() {
        runner.withClassLoader(new FilteredClassLoader(FeignTransport.class, RetrofitTransport.class, VertxTransport.class))
                .withPropertyValues(FakeCivicProperties.of(fake))
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(Analysis.of(context).getDescription()).contains("civicpass.transport", "no Civic Pass transport");
                    assertThat(Analysis.of(context).getAction()).contains("civicpass-retrofit", "civicpass-spring-boot-starter");
                });
    }

    @Test
    void civicpassTransportPicksOneOfSeveral() {
        runner.withPropertyValues(FakeCivicProperties.of(fake, "civicpass.transport=vertx")).run(context -> {
            assertThat(context).getBean(Transport.class).isInstanceOf(VertxTransport.class);
            context.getBean(CivicPassClient.class).verifyConfiguration();
        });
        runner.withPropertyValues(FakeCivicProperties.of(fake, "civicpass.transport=retrofit")).run(context ->
                assertThat(context).getBean(Transport.class).isInstanceOf(RetrofitTransport.class));
    }

    @Test
    void aTransportNamedButAbsentFailsStartUpNamingTheProperty() {
        runner.withClassLoader(new FilteredClassLoader(VertxTransport.class))
                .withPropertyValues(FakeCivicProperties.of(fake, "civicpass.transport=vertx"))
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(Analysis.of(context).getDescription())
                            .contains("civicpass.transport", "civicpass-vertx is not on the classpath");
                });
    }

    @Test
    void theClientIsClosedWithTheContext() {
        ConfigurableApplicationContext[] kept = new ConfigurableApplicationContext[1];
        CivicPassClient[] client = new CivicPassClient[1];
        runner.withPropertyValues(FakeCivicProperties.of(fake)).run(context -> {
            client[0] = context.getBean(CivicPassClient.class);
            client[0].verifyConfiguration();
            kept[0] = context.getSourceApplicationContext();
        });
        assertThat(kept[0].isActive()).isFalse();
        assertThatThrownBy(() -> client[0].verifyConfiguration()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void listenerBeansAreToldOfEveryCall() {
        runner.withPropertyValues(FakeCivicProperties.of(fake)).withUserConfiguration(ListenerConfiguration.class)
                .run(context -> {
                    context.getBean(CivicPassClient.class).find(KEY);
                    assertThat(context.getBean(ListenerConfiguration.class).operations).containsExactly("get");
                });
    }

    @Test
    void customizersTuneTheBuilder() {
        AtomicInteger customized = new AtomicInteger();
        runner.withPropertyValues(FakeCivicProperties.of(fake))
                .withBean(CivicPassClientCustomizer.class, () -> builder -> customized.incrementAndGet())
                .run(context -> {
                    assertThat(context).hasSingleBean(CivicPassClient.class);
                    assertThat(customized).hasValue(1);
                });
    }

    @Test
    void theApplicationsConfigBeanWins() {
        runner.withBean(CivicPassConfig.class, () -> fake.config()).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(CivicPassConfig.class).retryPolicy().totalTimeout()).isEqualTo(java.time.Duration.ofSeconds(10));
            context.getBean(CivicPassClient.class).verifyConfiguration();
        });
    }

    @Test
    void theApplicationsTransportBeanWins() {
        RetrofitTransport own = RetrofitTransport.create();
        runner.withPropertyValues(FakeCivicProperties.of(fake, "civicpass.transport=feign"))
                .withBean(Transport.class, () -> own)
                .run(context -> {
                    assertThat(context).getBean(Transport.class).isSameAs(own);
                    assertThat(context).doesNotHaveBean(FeignTransport.class);
                });
    }

    @Test
    void theApplicationsClientBeanWinsAndGivesTheAsyncFace() {
        CivicPassClient own = CivicPassClient.builder().config(fake.config()).transport(RetrofitTransport.create()).build();
        try {
            runner.withPropertyValues(FakeCivicProperties.of(fake))
                    .withBean(CivicPassClient.class, () -> own, definition -> definition.setDestroyMethodName(""))
                    .run(context -> {
                        assertThat(context).getBean(CivicPassClient.class).isSameAs(own);
                        assertThat(context.getBean(CivicPassAsyncClient.class)).isSameAs(own.async());
                    });
            own.verifyConfiguration(); // the async bean's end did not close the application's client
        } finally {
            own.close();
        }
    }

    @Test
    void theApplicationsClientNeedsNoCivicpassProperties() {
        CivicPassClient own = CivicPassClient.builder().config(fake.config()).transport(RetrofitTransport.create()).build();
        try {
            runner.withBean(CivicPassClient.class, () -> own, definition -> definition.setDestroyMethodName(""))
                    .withConfiguration(AutoConfigurations.of(CivicPassHealthAutoConfiguration.class))
                    .run(context -> {
                        assertThat(context).hasNotFailed().doesNotHaveBean(CivicPassConfig.class);
                        assertThat(context.getBean(CivicPassHealthIndicator.class).health().getDetails())
                                .containsKey("checkedAt").doesNotContainKey("apiHost");
                    });
        } finally {
            own.close();
        }
    }

    @Test
    void theApplicationsOkHttpClientIsUsedOnlyWhenShared() {
        AtomicInteger seen = new AtomicInteger();
        OkHttpClient application = new OkHttpClient.Builder()
                .addInterceptor(chain -> {
                    seen.incrementAndGet();
                    return chain.proceed(chain.request());
                })
                .build();
        ApplicationContextRunner retrofit = runner.withBean(OkHttpClient.class, () -> application)
                .withPropertyValues(FakeCivicProperties.of(fake, "civicpass.transport=retrofit"));
        retrofit.run(context -> {
            context.getBean(CivicPassClient.class).verifyConfiguration();
            assertThat(seen).hasValue(0);
            assertThat(context.getBean(Transport.class)).hasToString("RetrofitTransport[sharedClient=false, keepClientTimeouts=false]");
        });
        retrofit.withPropertyValues("civicpass.http.share-application-client=true").run(context -> {
            context.getBean(CivicPassClient.class).verifyConfiguration();
            assertThat(seen.get()).isEqualTo(2); // the token request and the list
        });
        // the context's end closed the client, not the application's OkHttpClient
        assertThat(application.dispatcher().executorService().isShutdown()).isFalse();
        application.dispatcher().executorService().shutdown();
    }

    @Test
    void theApplicationsFeignClientIsUsedOnlyWhenShared() {
        AtomicInteger seen = new AtomicInteger();
        feign.Client delegate = new feign.Client.Default(null, null);
        feign.Client application = (request, options) -> {
            seen.incrementAndGet();
            return delegate.execute(request, options);
        };
        ApplicationContextRunner feignRunner = runner.withBean(feign.Client.class, () -> application)
                .withPropertyValues(FakeCivicProperties.of(fake, "civicpass.transport=feign"));
        feignRunner.run(context -> {
            context.getBean(CivicPassClient.class).verifyConfiguration();
            assertThat(seen).hasValue(0);
        });
        feignRunner.withPropertyValues("civicpass.http.share-application-client=true").run(context -> {
            context.getBean(CivicPassClient.class).verifyConfiguration();
            assertThat(seen.get()).isEqualTo(2);
        });
    }

    @Test
    void theApplicationsVertxIsUsedAndNeverClosed() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            runner.withBean(Vertx.class, () -> vertx, definition -> definition.setDestroyMethodName(""))
                    .withPropertyValues(FakeCivicProperties.of(fake, "civicpass.transport=vertx"))
                    .run(context -> {
                        assertThat(context.getBean(Transport.class)).hasToString("VertxTransport[vertx=given, webClient=own]");
                        context.getBean(CivicPassClient.class).verifyConfiguration();
                    });
            // still running after the context closed the client
            assertThat(vertx.executeBlocking(() -> 42).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS))
                    .isEqualTo(42);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ListenerConfiguration {

        final List<String> operations = new CopyOnWriteArrayList<>();

        @Bean
        CivicPassListener recordingListener() {
            return new CivicPassListener() {
                @Override
                public CallListener callStarted(CallStarted call) {
                    operations.add(call.operation());
                    return CivicPassListener.super.callStarted(call);
                }
            };
        }
    }
}
