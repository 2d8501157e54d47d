package io.civicpass.spring.boot.test;

import io.civicpass.CivicPassConfig;
import io.civicpass.model.GatekeeperNetwork;
import io.civicpass.spring.boot.autoconfigure.CivicPassClientCustomizer;
import io.civicpass.testkit.FakeCivic;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Starts one fake for the context it customizes, before the context refreshes: its URLs and
 * client as the first property source, test-friendly retries and timeouts as the last, the fake
 * as a bean, and customizers putting the client (and, with civicpass-gate, the gate) on the fake's
 * clock. The fake stops when
 * the context closes. Equal settings give equal customizers, so Spring's context cache shares a
 * context, and its fake, between test classes whose settings match.
 */
final class FakeCivicContextCustomizer implements ContextCustomizer {

    static final String FAKE_BEAN = "fakeCivic";
    static final String FIRST_SOURCE = "fakeCivic";
    static final String LAST_SOURCE = "fakeCivicDefaults";

    private final Settings settings;

    FakeCivicContextCustomizer(Settings settings) {
        this.settings = settings;
    }

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
        FakeCivic fake = FakeCivic.builder()
                .confirmationDelay(Duration.ofMillis(settings.confirmationDelayMillis()))
                .hideUntilConfirmed(settings.hideUntilConfirmed())
                .tokenLifetime(Duration.ofSeconds(settings.tokenLifetimeSeconds()))
                .start();
        context.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) {
                fake.close();
            }
        });

        Map<String, Object> pointing = new LinkedHashMap<>();
        pointing.put("civicpass.api-url", fake.apiUrl().toString());
        pointing.put("civicpass.token-url", fake.tokenUrl().toString());
        pointing.put("civicpass.client-id", CivicPassConfig.SANDBOX_CREDENTIALS.clientId());
        pointing.put("civicpass.client-secret", CivicPassConfig.SANDBOX_CREDENTIALS.clientSecret());
        pointing.put("civicpass.gatekeeper-network", GatekeeperNetwork.SANDBOX.value());
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("civicpass.connect-timeout", "2s");
        defaults.put("civicpass.request-timeout", "5s");
        defaults.put("civicpass.retry.initial-backoff", "10ms");
        defaults.put("civicpass.retry.max-backoff", "50ms");
        defaults.put("civicpass.retry.max-retry-after", "2s");
        defaults.put("civicpass.retry.total-timeout", "10s");
        MutablePropertySources sources = context.getEnvironment().getPropertySources();
        sources.addFirst(new MapPropertySource(FIRST_SOURCE, pointing));
        sources.addLast(new MapPropertySource(LAST_SOURCE, defaults));

        context.getBeanFactory().registerSingleton(FAKE_BEAN, fake);
        context.getBeanFactory().registerSingleton("fakeCivicClock", (CivicPassClientCustomizer) builder -> builder.clock(fake.clock()));
        if (FakeCivicGates.present(context.getClassLoader())) {
            FakeCivicGates.onFakeClock(context.getBeanFactory(), fake);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FakeCivicContextCustomizer that && settings.equals(that.settings);
    }

    @Override
    public int hashCode() {
        return settings.hashCode();
    }

    /** What {@link EnableFakeCivic} asks of the fake. */
    record Settings(long confirmationDelayMillis, boolean hideUntilConfirmed, long tokenLifetimeSeconds) {

        static Settings of(EnableFakeCivic annotation) {
            return new Settings(annotation.confirmationDelayMillis(), annotation.hideUntilConfirmed(),
                    annotation.tokenLifetimeSeconds());
        }
    }
}
