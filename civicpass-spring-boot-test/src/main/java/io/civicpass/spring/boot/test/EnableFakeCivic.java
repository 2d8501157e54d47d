package io.civicpass.spring.boot.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.ContextCustomizerFactories;

/**
 * Runs the testkit's {@link io.civicpass.testkit.FakeCivic} for a Spring test and points the
 * application's {@code civicpass.*} properties at it before the context starts, so the
 * auto-configured client talks to the fake with no credentials and never to Civic.
 *
 * <pre>{@code
 * @SpringBootTest
 * @EnableFakeCivic
 * class MembershipTest {
 *     @Test
 *     void issues(@Autowired MembershipService service, FakeCivic civic) {
 *         service.join(wallet);
 *         assertThat(civic.journal().apiRequests()).hasSize(1);
 *     }
 * }
 * }</pre>
 *
 * <ul>
 *   <li>One fake per application context: tests whose contexts Spring caches and shares share
 *       its fake too; it stops when the context closes.</li>
 *   <li>The fake is {@link io.civicpass.testkit.FakeCivic#reset() reset} before each test, so no
 *       test sees another's passes, faults, journal or clock.</li>
 *   <li>It is a bean ({@code @Autowired FakeCivic civic}) and a test method parameter, for
 *       faults, the journal, seeding and the clock; the client judges token expiry by the fake's
 *       clock.</li>
 *   <li>{@code civicpass.api-url}, {@code token-url}, {@code client-id}, {@code client-secret}
 *       and {@code gatekeeper-network} are set ahead of every other property source (the fake
 *       serves Civic's sandbox client); fast retries and short timeouts are set behind every
 *       other, for the test's own properties to override.</li>
 * </ul>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(FakeCivicSpringExtension.class)
@ContextCustomizerFactories(FakeCivicContextCustomizerFactory.class)
public @interface EnableFakeCivic {

    /**
     * How long each change takes to confirm on the fake's chain.
     *
     * @return milliseconds, zero or more; 200 by default
     */
    long confirmationDelayMillis() default 200;

    /**
     * Whether new passes stay hidden from retrieve and list until confirmed, as Civic warns they
     * may.
     *
     * @return true by default
     */
    boolean hideUntilConfirmed() default true;

    /**
     * The lifetime of the tokens the fake issues.
     *
     * @return seconds, at least one; 86400 by default, as Civic documents
     */
    long tokenLifetimeSeconds() default 86400;
}
