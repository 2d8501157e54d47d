package io.civicpass.spring.boot.test;

import java.util.List;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Spring's side of {@link EnableFakeCivic}: for a test class so annotated, a context customizer
 * that starts the fake and points the {@code civicpass.*} properties at it before the context
 * starts.
 */
public final class FakeCivicContextCustomizerFactory implements ContextCustomizerFactory {

    /** Created by Spring's test context framework through {@link EnableFakeCivic}. */
    public FakeCivicContextCustomizerFactory() {
    }

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        EnableFakeCivic annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass, EnableFakeCivic.class);
        return annotation == null ? null : new FakeCivicContextCustomizer(FakeCivicContextCustomizer.Settings.of(annotation));
    }
}
