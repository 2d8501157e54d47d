package io.civicpass.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a {@link FakeCivic} for the annotated test class through {@link FakeCivicExtension}:
 *
 * <pre>{@code
 * @WithFakeCivic(confirmationDelayMillis = 50)
 * class PassServiceTest {
 *     @Test
 *     void issues(FakeCivic civic) { ... }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(FakeCivicExtension.class)
public @interface WithFakeCivic {

    /**
     * How long each action takes to confirm.
     *
     * @return milliseconds, zero or more; 200 by default
     */
    long confirmationDelayMillis() default 200;

    /**
     * How long one fake lives.
     *
     * @return one per class (reset before each test) by default
     */
    FakeCivicExtension.Lifecycle lifecycle() default FakeCivicExtension.Lifecycle.PER_CLASS;

    /**
     * Whether new passes stay hidden from retrieve and list until confirmed, as Civic warns they
     * may; see {@link FakeCivic.Builder#hideUntilConfirmed(boolean)}.
     *
     * @return true by default
     */
    boolean hideUntilConfirmed() default true;

    /**
     * The lifetime of issued tokens.
     *
     * @return seconds, at least one; 86400 by default
     */
    long tokenLifetimeSeconds() default 86400;
}
