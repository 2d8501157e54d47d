package io.civicpass.spring.boot.test;

import io.civicpass.gate.PassGate;
import io.civicpass.spring.boot.autoconfigure.CivicPassGateCustomizer;
import io.civicpass.testkit.FakeCivic;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * What {@link EnableFakeCivic} does to the context's {@link PassGate}s when civicpass-gate is on
 * the classpath: puts the auto-configured gate on the fake's clock, so a test that moves the
 * clock moves the gate's times-to-live with it, and drops every gate's verdicts when the fake is
 * reset, so no verdict outlives the world it was read from. Kept apart so that nothing of the
 * gate is loaded where it is absent.
 */
final class FakeCivicGates {

    private static final String GATE_CLASS = "io.civicpass.gate.PassGate";

    private FakeCivicGates() {
    }

    /** Whether the gate module is on the context's classpath. */
    static boolean present(ClassLoader classLoader) {
        return ClassUtils.isPresent(GATE_CLASS, classLoader);
    }

    /** Registers the customizer that puts the auto-configured gate on the fake's clock. */
    static void onFakeClock(ConfigurableListableBeanFactory beans, FakeCivic fake) {
        beans.registerSingleton("fakeCivicGateClock", (CivicPassGateCustomizer) builder -> builder.clock(fake.clock()));
    }

    /** Drops the verdicts of every gate in the context, after the fake's reset. */
    static void invalidateAll(ApplicationContext spring) {
        spring.getBeanProvider(PassGate.class).orderedStream().forEach(PassGate::invalidateAll);
    }
}
