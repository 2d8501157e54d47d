package io.civicpass.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.civicpass.CivicPassClient;
import io.civicpass.CivicPassConfig;
import io.civicpass.retrofit.RetrofitTransport;
import io.civicpass.testkit.FakeCivic;
import io.civicpass.testkit.Fault;
import io.civicpass.testkit.RequestMatcher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class CivicPassHealthTest {

    private static FakeCivic fake;

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

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CivicPassAutoConfiguration.class, CivicPassHealthAutoConfiguration.class))
                .withPropertyValues(FakeCivicProperties.of(fake));
    }

    @Test
    void theCivicpassContributorIsUpAgainstAWorkingCivic() {
        runner().run(context -> {
            assertThat(context).hasBean("civicpassHealthIndicator");
            Health health = context.getBean("civicpassHealthIndicator", HealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("apiHost", "127.0.0.1").containsKey("checkedAt");
        });
    }

    @Test
    void offWhenDisabledWithoutHealthSupportOrWhenTheApplicationHasItsOwn() {
        runner().withPropertyValues("management.health.civicpass.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("civicpassHealthIndicator"));
        runner().withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(CivicPassHealthIndicator.class));
        runner().withBean("civicpassHealthIndicator", HealthIndicator.class, () -> () -> Health.unknown().build())
                .run(context -> assertThat(context).doesNotHaveBean(CivicPassHealthIndicator.class));
    }

    @Test
    void refusedCredentialsAreDownByTypeAndStatusWithoutTheSecretOrMessage() {
        String secret = "wrong-s3cr3t-value";
        try (CivicPassClient client = CivicPassClient.builder()
                .config(fake.configBuilder().credentials(CivicPassConfig.SANDBOX_CREDENTIALS.clientId(), secret).build())
                .transport(RetrofitTransport.create()).build()) {
            Health health = new CivicPassHealthIndicator(client, "127.0.0.1", Duration.ofMinutes(1), Duration.ofSeconds(1),
                    Clock.systemUTC()).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("error", "AuthenticationException").containsEntry("status", 401);
            assertThat(health.toString()).doesNotContain(secret).doesNotContain(CivicPassConfig.SANDBOX_CREDENTIALS.clientSecret());
        }
    }

    @Test
    void aResultIsReusedForTheCachePeriodSoCivicIsNotHammered() {
        MutableClock clock = new MutableClock();
        try (CivicPassClient client = CivicPassClient.builder().config(fake.config()).transport(RetrofitTransport.create()).build()) {
            CivicPassHealthIndicator health = new CivicPassHealthIndicator(client, "127.0.0.1", Duration.ofSeconds(30),
                    Duration.ofSeconds(5), clock);
            RequestMatcher lists = RequestMatcher.of("POST", "/partner/pass");
            for (int i = 0; i < 5; i++) {
                assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            }
            assertThat(fake.journal().count(lists)).isEqualTo(1);

            fake.inject(Fault.status(503), RequestMatcher.apiRequests(), 10);
            clock.advance(Duration.ofSeconds(29));
            assertThat(health.health().getStatus()).as("still cached").isEqualTo(Status.UP);
            clock.advance(Duration.ofSeconds(1));
            assertThat(health.health().getStatus()).as("checked again").isEqualTo(Status.DOWN);
            assertThat(health.health().getDetails()).containsEntry("error", "ServerException").containsEntry("status", 503);
        }
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-12-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
