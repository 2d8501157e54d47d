package io.civicpass.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.civicpass.internal.CivicJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
    void portsDependOnlyOnTheDomainAndTheJdk() {
        classes().that().resideInAPackage("io.civicpass.port..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.civicpass.port..", "io.civicpass.model..",
                        "io.civicpass.error..", "io.civicpass.internal..", "java..")
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
    void onlyTheWireCodecKnowsJackson() {
        noClasses().that(not(belongToAnyOf(CivicJson.class)))
                .should().dependOnClassesThat().resideInAPackage("com.fasterxml.jackson..")
                .check(core);
    }

    @Test
    void errorsDependOnlyOnTheDomain() {
        classes().that().resideInAPackage("io.civicpass.error..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.civicpass.error..", "io.civicpass.model..", "java..")
                .check(core);
    }
}
