package io.civicpass.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Optional;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.PostDiscoveryFilter;

/**
 * Marks a class of test methods that is a fixture, not a test: a real test runs it through
 * JUnit's Engine Test Kit and asserts on the outcome (the JUnit extension's tests do). The
 * Launcher, which Maven, Gradle and IDEs run tests through, discovers none of its methods
 * ({@link NotDiscovered}, registered in {@code META-INF/services}), so a fixture is never counted
 * as a test, even when selected on its own; the Engine Test Kit applies no such filter.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface EngineTestKitFixture {

    /** Leaves out of the Launcher's test plan every test of a fixture class and of the classes nested in it. */
    final class NotDiscovered implements PostDiscoveryFilter {

        /** For the service loader. */
        public NotDiscovered() {
        }

        @Override
        public FilterResult apply(TestDescriptor descriptor) {
            Optional<Class<?>> fixture = descriptor.getSource().flatMap(NotDiscovered::javaClass)
                    .filter(NotDiscovered::inFixture);
            return fixture.isPresent()
                    ? FilterResult.excluded(fixture.get().getName() + " is a fixture, run only through the Engine Test Kit")
                    : FilterResult.included("not a fixture");
        }

        private static Optional<Class<?>> javaClass(TestSource source) {
            if (source instanceof MethodSource method) {
                return Optional.of(method.getJavaClass());
            }
            if (source instanceof ClassSource type) {
                return Optional.of(type.getJavaClass());
            }
            return Optional.empty();
        }

        private static boolean inFixture(Class<?> type) {
            for (Class<?> at = type; at != null; at = at.getEnclosingClass()) {
                if (at.isAnnotationPresent(EngineTestKitFixture.class)) {
                    return true;
                }
            }
            return false;
        }
    }
}
