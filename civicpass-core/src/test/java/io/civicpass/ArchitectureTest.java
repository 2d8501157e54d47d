package io.civicpass;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Core's architecture, as the README draws it, checked against its bytecode. */
class ArchitectureTest {

    static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.civicpass");
    }

    @Test
    void theDomainDependsOnNothingButTheJdk() {
        classes().that().resideInAPackage("io.civicpass.model..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.civicpass.model..", "java..")
                .check(core);
    }

    @Test
    void theSpiDependsOnNothingButTheJdk() {
        // javax.net.ssl: the TLS settings hand transports the JDK's trust and key managers.
        classes().that().resideInAPackage("io.civicpass.spi..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.civicpass.spi..", "java..", "javax.net.ssl..")
                .check(core);
    }

    @Test
    void portsDependOnlyOnTheDomainTheSpiAndTheJdk() {
        classes().that().resideInAPackage("io.civicpass.port..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.civicpass.port..", "io.civicpass.model..",
                        "io.civicpass.spi..", "java..")
                .check(core);
    }

    @Test
    void eventsDependOnNothingButTheJdk() {
        // Events carry names, statuses and durations only: never a domain value such as a wallet.
        classes().that().resideInAPackage("io.civicpass.event..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.civicpass.event..", "java..")
                .check(core);
    }

    @Test
    void errorsDependOnlyOnTheDomainAndTheJdk() {
        classes().that().resideInAPackage("io.civicpass.error..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.civicpass.error..", "io.civicpass.model..", "java..")
                .check(core);
    }

    @Test
    void coreDependsOnNoHttpLibraryAndNoAdapter() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("feign..", "retrofit2..", "okhttp3..", "io.vertx..",
                "io.netty..", "java.net.http..", "com.sun.net.httpserver..", "io.civicpass.feign..",
                "io.civicpass.retrofit..", "io.civicpass.vertx..", "io.civicpass.testkit..")
                .check(core);
    }

    @Test
    void onlyTheWireCodecCivicJsonAndItsPassReaderKnowJackson() {
        noClasses().that(not(belongToAnyOf(CivicJson.class, PassReader.class)))
                .should().dependOnClassesThat().resideInAPackage("com.fasterxml.jackson..")
                .check(core);
    }

    @Test
    void publicTypesLiveOnlyInTheDocumentedApiAndSpiPackages() {
        classes().that().arePublic()
                .should().resideInAnyPackage("io.civicpass", "io.civicpass.model", "io.civicpass.error",
                        "io.civicpass.event", "io.civicpass.port", "io.civicpass.spi")
                .check(core);
    }

    @Test
    void theRootPackageMakesPublicOnlyTheClientsTheirBuildersConfigurationRetryPolicyAndCallOptions() {
        Set<String> exposed = core.stream()
                .filter(type -> type.getPackageName().equals("io.civicpass"))
                .filter(ArchitectureTest::reachableFromOutside)
                .map(JavaClass::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(exposed).containsExactlyInAnyOrder("io.civicpass.CivicPassClient", "io.civicpass.CivicPassAsyncClient",
                "io.civicpass.ClientBuilder", "io.civicpass.CivicPassConfig", "io.civicpass.CivicPassConfig$Builder",
                "io.civicpass.RetryPolicy", "io.civicpass.RetryPolicy$Builder", "io.civicpass.CallOptions",
                "io.civicpass.CallOptions$Builder", "io.civicpass.CallCancellation",
                // The hook a verdict cache (civicpass-gate) drops what the client changed through.
                "io.civicpass.PassChangeListener", "io.civicpass.PassChangeListener$Registration",
                "io.civicpass.PassChange", "io.civicpass.PassChange$Kind");
    }

    @Test
    void corePackagesFormNoCycle() {
        Map<String, Set<String>> uses = new TreeMap<>();
        for (JavaClass type : core) {
            for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
                String to = dependency.getTargetClass().getPackageName();
                if (to.startsWith("io.civicpass") && !to.equals(type.getPackageName())) {
                    uses.computeIfAbsent(type.getPackageName(), k -> new TreeSet<>()).add(to);
                }
            }
        }
        for (String start : uses.keySet()) {
            assertThat(pathBack(start, start, uses, new TreeSet<>(), new ArrayList<>()))
                    .as("a package cycle through %s", start).isEmpty();
        }
    }

    /** Public, and so are all the classes it is nested in. */
    private static boolean reachableFromOutside(JavaClass type) {
        for (JavaClass current = type; current != null; current = current.getEnclosingClass().orElse(null)) {
            if (!current.getModifiers().contains(JavaModifier.PUBLIC)) {
                return false;
            }
        }
        return true;
    }

    /** A dependency path from {@code from} back to {@code target}, or empty. */
    private static List<String> pathBack(String target, String from, Map<String, Set<String>> uses, Set<String> seen,
                                         List<String> path) {
        for (String next : uses.getOrDefault(from, Set.of())) {
            List<String> extended = new ArrayList<>(path);
            extended.add(next);
            if (next.equals(target)) {
                return extended;
            }
            if (seen.add(next)) {
                List<String> found = pathBack(target, next, uses, seen, extended);
                if (!found.isEmpty()) {
                    return found;
                }
            }
        }
        return List.of();
    }
}
