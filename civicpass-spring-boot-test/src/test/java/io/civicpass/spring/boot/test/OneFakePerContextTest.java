package io.civicpass.spring.boot.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.civicpass.testkit.FakeCivic;
import java.net.ConnectException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestContextManager;

/** Contexts Spring shares share their fake; a context of its own gets its own fake; a closed context's fake is stopped. */
class OneFakePerContextTest {

    static final List<FakeCivic> SEEN = new ArrayList<>();

    @Test
    void oneFakePerContext() {
        SEEN.clear();
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(SharedA.class), selectClass(SharedB.class), selectClass(OwnSettings.class))
                .execute().testEvents().assertStatistics(stats -> stats.succeeded(3).failed(0));
        assertThat(SEEN).hasSize(3);
        assertThat(SEEN.get(0)).isSameAs(SEEN.get(1));
        assertThat(SEEN.get(2)).isNotSameAs(SEEN.get(0));
    }

    @Test
    void anAnnotationlessTestGetsNoFake() throws Exception {
        TestContextManager manager = new TestContextManager(NoFake.class);
        assertThat(manager.getTestContext().getApplicationContext().getBeanNamesForType(FakeCivic.class)).isEmpty();
    }

    @Test
    void theFakeStopsWithItsContext() {
        TestContextManager manager = new TestContextManager(Closing.class);
        FakeCivic fake = manager.getTestContext().getApplicationContext().getBean(FakeCivic.class);
        int port = fake.port();
        manager.getTestContext().markApplicationContextDirty(DirtiesContext.HierarchyMode.EXHAUSTIVE);
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }

    @SpringBootTest(classes = TestApplication.class)
    @EnableFakeCivic(tokenLifetimeSeconds = 3600)
    static class Closing {
    }

    @SpringBootTest(classes = TestApplication.class)
    @EnableFakeCivic
    static class SharedA {
        @Test
        void records(@Autowired FakeCivic fake) {
            SEEN.add(fake);
        }
    }

    @SpringBootTest(classes = TestApplication.class)
    @EnableFakeCivic
    static class SharedB {
        @Test
        void records(FakeCivic fake) {
            SEEN.add(fake);
        }
    }

    @SpringBootTest(classes = TestApplication.class)
    @EnableFakeCivic(confirmationDelayMillis = 0)
    static class OwnSettings {
        @Test
        void records(FakeCivic fake) {
            SEEN.add(fake);
        }
    }

    @SpringBootTest(classes = TestApplication.class, properties = "civicpass.environment=sandbox")
    static class NoFake {
    }
}
