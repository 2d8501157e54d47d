package io.civicpass.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.civicpass.model.ChainNetwork;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * The JUnit 5 extension, run through JUnit's own engine test kit: the nested example classes are
 * fixtures ({@link EngineTestKitFixture}), each of whose methods asserts what the extension gave
 * it; the tests here run them and assert on the outcome.
 */
class FakeCivicExtensionTest {

    private static final PassKey KEY = PassKey.of(ChainNetwork.SEPOLIA, "0xea5ce8f9c81b681876dc713d33371c3e262a5888");
    static final List<Integer> PORTS = new ArrayList<>();

    private static Events run(Class<?> testClass) {
        PORTS.clear();
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute().testEvents();
    }

    @Test
    void perClassSharesOneFakeAndResetsBetweenTests() {
        Events events = run(PerClassExample.class);
        events.assertStatistics(stats -> stats.started(3).succeeded(3));
        assertThat(PORTS).hasSize(3).containsOnly(PORTS.get(0));
    }

    @Test
    void perTestStartsAFakePerTest() {
        Events events = run(PerTestExample.class);
        events.assertStatistics(stats -> stats.started(2).succeeded(2));
        assertThat(PORTS).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void annotationFormInjectsIntoConstructorAndMethods() {
        Events events = run(AnnotatedExample.class);
        events.assertStatistics(stats -> stats.started(3).succeeded(3));
        assertThat(PORTS).hasSize(3).containsOnly(PORTS.get(0));
    }

    @Test
    void theFixturesAreNotTestsOfTheirOwn() {
        for (Class<?> fixture : List.of(PerClassExample.class, PerTestExample.class, AnnotatedExample.class)) {
            TestPlan plan = LauncherFactory.create().discover(LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectClass(fixture)).build());
            assertThat(plan.countTestIdentifiers(TestIdentifier::isTest)).as("tests the launcher finds in %s", fixture)
                    .isZero();
        }
    }

    @EngineTestKitFixture
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class PerClassExample {
        @RegisterExtension
        static final FakeCivicExtension CIVIC = FakeCivicExtension.builder().perClass()
                .confirmationDelay(Duration.ofMillis(10)).build();

        @Test
        @Order(1)
        void seedsAndMovesTheClockOfAFreshFake(FakeCivic civic) {
            PORTS.add(civic.port());
            assertThat(civic.passes()).isEmpty();
            assertThat(civic.clock().offset()).isZero();
            civic.seedPass(KEY, PassState.ACTIVE);
            civic.clock().advance(Duration.ofHours(1));
            assertThat(civic.pass(KEY)).isPresent();
            assertThat(civic.clock().offset()).isEqualTo(Duration.ofHours(1));
        }

        @Test
        @Order(2)
        void startsClean(FakeCivic civic, FakeClock clock) {
            PORTS.add(civic.port());
            assertThat(civic.passes()).isEmpty();
            assertThat(clock).isSameAs(civic.clock());
            assertThat(clock.offset()).isZero();
            assertThat(CIVIC.fake()).isSameAs(civic);
        }

        @Nested
        class Inner {
            @Test
            void nestedTestsShareTheFake(FakeCivic civic) {
                PORTS.add(civic.port());
                assertThat(civic.passes()).isEmpty();
            }
        }
    }

    @EngineTestKitFixture
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class PerTestExample {
        @RegisterExtension
        static final FakeCivicExtension CIVIC = FakeCivicExtension.builder().perTest()
                .confirmationDelay(Duration.ofMinutes(1)).build();

        @Test
        @Order(1)
        void getsARunningFakeAndSeedsIt(FakeCivic civic) {
            PORTS.add(civic.port());
            assertThat(CIVIC.fake()).isSameAs(civic);
            assertThat(civic.passes()).isEmpty();
            civic.seedPass(KEY, PassState.ACTIVE);
            assertThat(civic.pass(KEY)).isPresent();
        }

        @Test
        @Order(2)
        void getsAnotherFakeWithoutTheFirstOnesPass(FakeCivic civic) {
            PORTS.add(civic.port());
            assertThat(civic.passes()).isEmpty();
            io.civicpass.CivicPassClient client = io.civicpass.CivicPassClient.builder().config(civic.config())
                    .transport(civic.inMemoryTransport()).build();
            client.issue(KEY);
            assertThat(client.find(KEY)).as("hidden until confirmed by default").isEmpty();
        }
    }

    @EngineTestKitFixture
    @WithFakeCivic(confirmationDelayMillis = 0, hideUntilConfirmed = true)
    static class AnnotatedExample {
        private final FakeCivic civic;

        AnnotatedExample(FakeCivic civic) {
            this.civic = civic;
        }

        @Test
        void constructorGetsTheFake(FakeCivic fromMethod) {
            PORTS.add(civic.port());
            assertThat(fromMethod).isSameAs(civic);
        }

        @Test
        void settingsComeFromTheAnnotation() {
            PORTS.add(civic.port());
            io.civicpass.CivicPassClient client = io.civicpass.CivicPassClient.builder().config(civic.config())
                    .transport(civic.inMemoryTransport()).build();
            client.issue(KEY);
            assertThat(client.get(KEY).isSettled()).isTrue();
        }

        @Test
        void thirdSeesNoPassesOfOthers() {
            PORTS.add(civic.port());
            assertThat(civic.passes()).isEmpty();
        }
    }
}
