package io.civicpass.testkit.tck;

import io.civicpass.testkit.tck.TransportContract.Mode;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/**
 * A case of the {@code Proxy} and {@code Tls} groups, registered only for the transports it
 * applies to ({@link TransportContract#appliesProxyAndTlsSettings()}): a case that checks the
 * configuration's proxy or TLS settings are applied runs where the transport applies them, a
 * case that checks they are left alone runs where it does not. Elsewhere the case has no
 * invocation: it is neither run nor reported as skipped, so no run passes a check that could not
 * fail there. A case with a {@link Mode} parameter runs once per client face, as
 * {@code @MethodSource("faces")} would. (A template with no invocation needs JUnit Jupiter 5.12
 * or later.)
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@TestTemplate
@ExtendWith(RunsWhereTheSettings.Invocations.class)
@interface RunsWhereTheSettings {

    /**
     * Which transports the case runs for.
     *
     * @return where the settings are applied, or where they are left alone
     */
    Settings value();

    /** What a transport does with the configuration's proxy and TLS settings. */
    enum Settings {
        /** It applies them: it builds its own HTTP client. */
        ARE_APPLIED,
        /** It leaves them alone: it is handed a user's own HTTP client, or sends nothing over a network. */
        ARE_LEFT_ALONE
    }

    /** The invocations of such a case: one per face (or one), or none where it does not apply. */
    final class Invocations implements TestTemplateInvocationContextProvider {

        @Override
        public boolean supportsTestTemplate(ExtensionContext context) {
            return context.getTestMethod().map(method -> method.isAnnotationPresent(RunsWhereTheSettings.class))
                    .orElse(false);
        }

        @Override
        public boolean mayReturnZeroTestTemplateInvocationContexts(ExtensionContext context) {
            return true;
        }

        @Override
        public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
            Method method = context.getRequiredTestMethod();
            boolean applied = contract(context).appliesProxyAndTlsSettings();
            Settings wanted = method.getAnnotation(RunsWhereTheSettings.class).value();
            if (applied != (wanted == Settings.ARE_APPLIED)) {
                return Stream.empty();
            }
            if (!Arrays.asList(method.getParameterTypes()).contains(Mode.class)) {
                return Stream.of(invocation("[1]", null));
            }
            TransportContract contract = contract(context);
            List<String> names = new ArrayList<>(List.of(Mode.SYNC.name(), Mode.ASYNC.name()));
            List<Mode> modes = new ArrayList<>(List.of(Mode.SYNC, Mode.ASYNC));
            contract.adaptedFace().ifPresent(face -> {
                names.add(face.name());
                modes.add(Mode.ADAPTED);
            });
            return IntStream.range(0, modes.size())
                    .mapToObj(i -> invocation("[" + (i + 1) + "] " + names.get(i), modes.get(i)));
        }

        /** The contract instance the case runs in: its test class has one instance for all its tests. */
        private static TransportContract contract(ExtensionContext context) {
            for (Optional<ExtensionContext> at = Optional.of(context); at.isPresent(); at = at.get().getParent()) {
                Optional<Object> instance = at.get().getTestInstance();
                if (instance.isPresent() && instance.get() instanceof TransportContract contract) {
                    return contract;
                }
            }
            throw new IllegalStateException(context.getRequiredTestMethod() + " runs outside a TransportContract");
        }

        private static TestTemplateInvocationContext invocation(String name, Mode mode) {
            return new TestTemplateInvocationContext() {
                @Override
                public String getDisplayName(int invocationIndex) {
                    return name;
                }

                @Override
                public List<Extension> getAdditionalExtensions() {
                    return mode == null ? List.of() : List.of(new ParameterResolver() {
                        @Override
                        public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
                            return parameter.getParameter().getType() == Mode.class;
                        }

                        @Override
                        public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
                            return mode;
                        }
                    });
                }
            };
        }
    }
}
