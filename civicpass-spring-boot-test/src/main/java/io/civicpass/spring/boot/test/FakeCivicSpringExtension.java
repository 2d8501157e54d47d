package io.civicpass.spring.boot.test;

import io.civicpass.CivicPassClient;
import io.civicpass.CivicPassConfig;
import io.civicpass.testkit.FakeCivic;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * The JUnit side of {@link EnableFakeCivic}: resets the context's fake before each test (drops
 * every {@code PassGate}'s verdicts with it, and lets the auto-configured client renew the token
 * the reset revoked, a request the journal then forgets) and resolves {@link FakeCivic} parameters of test methods and lifecycle methods to it.
 */
public final class FakeCivicSpringExtension implements BeforeEachCallback, ParameterResolver {

    /** The name of the client bean of {@code CivicPassAutoConfiguration}. */
    private static final String AUTO_CONFIGURED_CLIENT = "civicPassClient";

    /** Created by JUnit through {@link EnableFakeCivic}. */
    public FakeCivicSpringExtension() {
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        ApplicationContext spring = SpringExtension.getApplicationContext(context);
        FakeCivic fake = spring.getBean(FakeCivicContextCustomizer.FAKE_BEAN, FakeCivic.class);
        fake.reset();
        if (FakeCivicGates.present(spring.getClassLoader())) {
            FakeCivicGates.invalidateAll(spring);
        }
        renewToken(spring, fake);
    }

    /**
     * The reset revoked every token the fake issued, while the client bean, which outlives the
     * test, still holds one: its next call would be refused once (401) and renew it, leaving a
     * request in the journal the test did not make. So the auto-configured client renews its
     * token now, with the check it offers for this (one token, one list of a single pass), and
     * the journal forgets it: each test starts as a running application would, holding a token.
     * Only a client whose configuration points at this fake is asked, so nothing reaches Civic.
     */
    private static void renewToken(ApplicationContext spring, FakeCivic fake) {
        CivicPassConfig config = spring.getBeanProvider(CivicPassConfig.class).getIfUnique();
        CivicPassClient client = spring.getBeanProvider(CivicPassClient.class).getIfUnique();
        if (config == null || client == null || !config.apiUrl().equals(fake.apiUrl())
                || !spring.containsBean(AUTO_CONFIGURED_CLIENT)
                || spring.getBean(AUTO_CONFIGURED_CLIENT) != client) {
            return;
        }
        client.verifyConfiguration();
        fake.journal().clear();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        // an @Autowired parameter is Spring's to resolve (to the same bean)
        return parameter.getParameter().getType() == FakeCivic.class && !parameter.isAnnotated(Autowired.class);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return fake(context);
    }

    private static FakeCivic fake(ExtensionContext context) {
        return SpringExtension.getApplicationContext(context).getBean(FakeCivicContextCustomizer.FAKE_BEAN, FakeCivic.class);
    }
}
