package io.civicpass.benchmarks;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules between modules, checked here because this is the one module with all of them on
 * its classpath: adapters stay independent of each other (the Feign and Retrofit adapters share
 * only civicpass-okhttp, which depends on core alone), and the testkit's fake reaches core only
 * through its public packages (never its wire codec).
 */
class ModuleArchitectureTest {

    /** The packages of every module but core; what is in {@code io.civicpass} and none of these is core's. */
    private static final String[] NOT_CORE = {"io.civicpass.feign..", "io.civicpass.retrofit..", "io.civicpass.vertx..",
            "io.civicpass.okhttp..", "io.civicpass.testkit..", "io.civicpass.micrometer..", "io.civicpass.examples..",
            "io.civicpass.benchmarks.."};

    static JavaClasses all;

    @BeforeAll
    static void importEveryModule() {
        all = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("/benchmarks/"))
                .importPackages("io.civicpass");
        for (String module : new String[] {"io.civicpass.feign", "io.civicpass.retrofit", "io.civicpass.vertx",
                "io.civicpass.okhttp", "io.civicpass.testkit"}) {
            if (!all.containPackage(module)) {
                throw new IllegalStateException("no classes of " + module + " on the classpath: the rules would check nothing");
            }
        }
    }

    @Test
    void theFeignAdapterDependsOnNoOtherAdapterNorTheTestkit() {
        noClasses().that().resideInAPackage("io.civicpass.feign..")
                .should().dependOnClassesThat().resideInAnyPackage("io.civicpass.retrofit..", "io.civicpass.vertx..",
                        "io.civicpass.testkit..")
                .check(all);
    }

    @Test
    void theRetrofitAdapterDependsOnNoOtherAdapterNorTheTestkit() {
        noClasses().that().resideInAPackage("io.civicpass.retrofit..")
                .should().dependOnClassesThat().resideInAnyPackage("io.civicpass.feign..", "io.civicpass.vertx..",
                        "io.civicpass.testkit..")
                .check(all);
    }

    @Test
    void theVertxAdapterDependsOnNoOtherAdapterNorTheTestkit() {
        noClasses().that().resideInAPackage("io.civicpass.vertx..")
                .should().dependOnClassesThat().resideInAnyPackage("io.civicpass.feign..", "io.civicpass.retrofit..",
                        "io.civicpass.okhttp..", "io.civicpass.testkit..")
                .check(all);
    }

    @Test
    void theTestkitDependsOnNoAdapter() {
        noClasses().that().resideInAPackage("io.civicpass.testkit..")
                .should().dependOnClassesThat().resideInAnyPackage("io.civicpass.feign..", "io.civicpass.retrofit..",
                        "io.civicpass.vertx..", "io.civicpass.okhttp..")
                .check(all);
    }

    @Test
    void theOkHttpSupportDependsOnCoreOnly() {
        noClasses().that().resideInAPackage("io.civicpass.okhttp..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        Stream.of(NOT_CORE).filter(module -> !module.equals("io.civicpass.okhttp..")).toArray(String[]::new))
                .check(all);
    }

    @Test
    void coreNeverDependsOnTheOkHttpSupport() {
        noClasses().that().resideInAPackage("io.civicpass..").and().resideOutsideOfPackages(NOT_CORE)
                .should().dependOnClassesThat().resideInAPackage("io.civicpass.okhttp..")
                .check(all);
    }

    @Test
    void adaptersAndTheTestkitReachCoreOnlyThroughItsPublicTypesNeverItsWireCodecOrRunner() {
        noClasses().that().resideInAnyPackage("io.civicpass.feign..", "io.civicpass.retrofit..", "io.civicpass.vertx..",
                        "io.civicpass.okhttp..", "io.civicpass.testkit..")
                .should().dependOnClassesThat().haveNameMatching(
                        "io\\.civicpass\\.(CivicJson|CivicErrors|CallRunner|HttpGateway|Operation|TokenCache|TokenRequest)(\\$.*)?")
                .check(all);
    }
}
