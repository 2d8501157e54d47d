package io.civicpass.testkit;

import java.lang.reflect.AnnotatedElement;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that runs a {@link FakeCivic} for a test class, resets it before each test
 * and injects it (or its {@link FakeClock}) into test methods and constructors.
 *
 * <pre>{@code
 * class PassServiceTest {
 *     @RegisterExtension
 *     static FakeCivicExtension civic = FakeCivicExtension.builder().perClass().build();
 *
 *     @Test
 *     void issues(FakeCivic fake) { ... }
 * }
 * }</pre>
 *
 * or declaratively with {@link WithFakeCivic}. With {@link Lifecycle#PER_CLASS} (the default) one
 * fake serves the whole class (nested classes included) and is {@link FakeCivic#reset() reset}
 * before each test; with {@link Lifecycle#PER_TEST} each test gets a fake of its own. Registered
 * on an instance field (not static), the extension behaves per test. Not meant for tests of one
 * class running in parallel: they would share and reset the same fake.
 */
public final class FakeCivicExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    /** How long one fake lives. */
    public enum Lifecycle {
        /** One fake per test class, reset before each test. */
        PER_CLASS,
        /** A new fake for each test. */
        PER_TEST
    }

    private final Settings configured;
    private volatile Settings settings;
    private volatile FakeCivic fake;
    private volatile String owner;
    private volatile boolean startedForTest;

    /** Settings of one extension. */
    private record Settings(Lifecycle lifecycle, Duration confirmationDelay, Duration tokenLifetime,
                            boolean hideUntilConfirmed) {
    }

    /**
     * The extension with default settings, or those of the test class's {@link WithFakeCivic}
     * annotation; JUnit uses this for {@code @ExtendWith(FakeCivicExtension.class)}.
     */
    public FakeCivicExtension() {
        this(null);
    }

    private FakeCivicExtension(Settings settings) {
        this.configured = settings;
        this.settings = settings;
    }

    /**
     * A builder for an extension to register with {@code @RegisterExtension}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The fake of the running test.
     *
     * @return the fake
     * @throws IllegalStateException outside a test
     */
    public FakeCivic fake() {
        FakeCivic current = fake;
        if (current == null) {
            throw new IllegalStateException("the fake Civic API runs only while a test runs");
        }
        return current;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Settings chosen = settingsFor(context);
        if (chosen.lifecycle() == Lifecycle.PER_CLASS && fake == null) {
            fake = start(chosen);
            owner = context.getUniqueId();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (fake != null && context.getUniqueId().equals(owner)) {
            fake.close();
            fake = null;
            owner = null;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (fake == null) {
            fake = start(settingsFor(context));
            startedForTest = true;
        } else if (!startedForTest) {
            fake.reset();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (startedForTest) {
            FakeCivic current = fake;
            fake = null;
            startedForTest = false;
            if (current != null) {
                current.close();
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == FakeCivic.class || type == FakeClock.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (fake == null) {
            // a constructor of a per-test instance is resolved before beforeEach runs
            fake = start(settingsFor(context));
            startedForTest = true;
        }
        return parameter.getParameter().getType() == FakeClock.class ? fake.clock() : fake;
    }

    @Override
    public String toString() {
        return "FakeCivicExtension[" + (settings == null ? "unstarted" : settings.lifecycle()) + "]";
    }

    private Settings settingsFor(ExtensionContext context) {
        if (settings == null) {
            settings = configured != null ? configured
                    : annotation(context).map(FakeCivicExtension::fromAnnotation).orElseGet(Builder::defaults);
        }
        return settings;
    }

    private static Optional<WithFakeCivic> annotation(ExtensionContext context) {
        for (Class<?> type = context.getTestClass().orElse(null); type != null; type = type.getEnclosingClass()) {
            WithFakeCivic found = find(type);
            if (found != null) {
                return Optional.of(found);
            }
        }
        return Optional.empty();
    }

    private static WithFakeCivic find(AnnotatedElement element) {
        return element.getAnnotation(WithFakeCivic.class);
    }

    private static Settings fromAnnotation(WithFakeCivic annotation) {
        return new Settings(annotation.lifecycle(), Duration.ofMillis(annotation.confirmationDelayMillis()),
                Duration.ofSeconds(annotation.tokenLifetimeSeconds()), annotation.hideUntilConfirmed());
    }

    private static FakeCivic start(Settings settings) {
        return FakeCivic.builder()
                .confirmationDelay(settings.confirmationDelay())
                .tokenLifetime(settings.tokenLifetime())
                .hideUntilConfirmed(settings.hideUntilConfirmed())
                .start();
    }

    /** Builds a {@link FakeCivicExtension}. */
    public static final class Builder {

        private Lifecycle lifecycle = Lifecycle.PER_CLASS;
        private Duration confirmationDelay = FakeCivic.DEFAULT_CONFIRMATION_DELAY;
        private Duration tokenLifetime = FakeCivic.DEFAULT_TOKEN_LIFETIME;
        private boolean hideUntilConfirmed = true;

        private Builder() {
        }

        static Settings defaults() {
            return new Builder().settings();
        }

        /**
         * One fake for the test class, reset before each test (the default).
         *
         * @return this builder
         */
        public Builder perClass() {
            this.lifecycle = Lifecycle.PER_CLASS;
            return this;
        }

        /**
         * A new fake for each test.
         *
         * @return this builder
         */
        public Builder perTest() {
            this.lifecycle = Lifecycle.PER_TEST;
            return this;
        }

        /**
         * Sets the confirmation delay; see {@link FakeCivic.Builder#confirmationDelay(Duration)}.
         *
         * @param value zero or more; 200 ms by default
         * @return this builder
         */
        public Builder confirmationDelay(Duration value) {
            this.confirmationDelay = FakeCivic.Builder.nonNegative("confirmationDelay", value);
            return this;
        }

        /**
         * Sets the token lifetime; see {@link FakeCivic.Builder#tokenLifetime(Duration)}.
         *
         * @param value at least one second
         * @return this builder
         */
        public Builder tokenLifetime(Duration value) {
            this.tokenLifetime = Objects.requireNonNull(value, "tokenLifetime == null");
            return this;
        }

        /**
         * Hides new passes until confirmed; see {@link FakeCivic.Builder#hideUntilConfirmed(boolean)}.
         *
         * @param value true to hide (the default); false to show them at once
         * @return this builder
         */
        public Builder hideUntilConfirmed(boolean value) {
            this.hideUntilConfirmed = value;
            return this;
        }

        /**
         * Builds the extension.
         *
         * @return the extension
         */
        public FakeCivicExtension build() {
            return new FakeCivicExtension(settings());
        }

        private Settings settings() {
            return new Settings(lifecycle, confirmationDelay, tokenLifetime, hideUntilConfirmed);
        }
    }
}
