package io.civicpass.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.civicpass.CivicPassClient;
import io.civicpass.gate.PassGate;
import io.civicpass.gate.Verdict;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassState;
import io.civicpass.testkit.FakeCivic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class CivicPassGateAutoConfigurationTest {

    private static final PassKey KEY = PassKey.of(ChainNetwork.SEPOLIA, "0xEA5Ce8F9C81b681876DC713d33371c3E262A5888");

    private static FakeCivic fake;

    @BeforeAll
    static void startFake() {
        fake = FakeCivic.start();
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @BeforeEach
    void resetFake() {
        fake.reset();
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CivicPassAutoConfiguration.class, CivicPassGateAutoConfiguration.class))
                .withPropertyValues(FakeCivicProperties.of(fake));
    }

    @Test
    void aGateOverTheClientBeanGivesVerdicts() {
        fake.seedPass(KEY, PassState.ACTIVE);
        runner().run(context -> {
            assertThat(context).hasSingleBean(PassGate.class);
            Verdict verdict = context.getBean(PassGate.class).check(KEY);
            assertThat(verdict.kind()).isEqualTo(Verdict.Kind.ALLOWED);
            assertThat(verdict.allowed()).isTrue();
        });
    }

    @Test
    void offWithoutTheGateOnTheClasspathOrWhenDisabled() {
        runner().withClassLoader(new FilteredClassLoader(PassGate.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(PassGate.class));
        runner().withPropertyValues("civicpass.gate.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(PassGate.class));
    }

    @Test
    void closingTheContextClosesTheGateButNotTheApplicationsClient() {
        try (CivicPassClient own = CivicPassClient.builder().config(fake.config())
                .transport(io.civicpass.retrofit.RetrofitTransport.create()).build()) {
            runner().withBean(CivicPassClient.class, () -> own, definition -> definition.setDestroyMethodName(""))
                    .run(context -> assertThat(context).hasSingleBean(PassGate.class));
            own.verifyConfiguration(); // the gate closed with the context; the client handed over did not
        }
    }

    @Test
    void theApplicationsGateWins() {
        runner().withUserConfiguration(OwnGate.class)
                .run(context -> assertThat(context).hasSingleBean(PassGate.class).hasBean("ownGate"));
    }

    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class OwnGate {
        @org.springframework.context.annotation.Bean
        PassGate ownGate(CivicPassClient client) {
            return PassGate.builder(client).maximumSize(1).build();
        }
    }

    @Test
    void aTimeToLiveOfAnUnknownKindFailsStartUpNamingTheKey() {
        runner().withPropertyValues("civicpass.gate.time-to-live.allowed=1m", "civicpass.gate.time-to-live.blessed=1m")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(Analysis.of(context).getDescription()).contains("civicpass.gate.time-to-live.blessed");
                    assertThat(Analysis.of(context).getAction()).contains("not-found", "allowed");
                });
        runner().withPropertyValues("civicpass.gate.time-to-live.not-found=30s", "civicpass.gate.time-to-live.FROZEN=2m")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(PassGate.class));
    }
}
