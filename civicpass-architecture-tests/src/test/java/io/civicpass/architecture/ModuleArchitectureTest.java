package io.civicpass.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules between modules, checked against the main classes of every published module (this
 * module's test classpath holds them all): each module uses only the modules it points to
 * ({@link #MODULES}), none reaches core's wire codec or call engine, and no module's packages form
 * a cycle.
 */
class ModuleArchitectureTest {

    /** A module: its name, which is also its package below {@code io.civicpass}, and the modules it may use. */
    private record Module(String name, List<String> uses) {

        String packages() {
            return "io.civicpass." + name + "..";
        }
    }

    private static Module module(String name, String... uses) {
        return new Module(name, List.of(uses));
    }

    /**
     * The modules and the arrows between them, one row each: a module may use itself and the
     * modules its row names, nothing else of civicpass-java. Core is every package of
     * {@code io.civicpass} that no other row claims. A new module is one more row (and a test
     * dependency in this module's pom); a new arrow is a name added to a row. The Feign and
     * Retrofit transports share civicpass-okhttp and nothing else.
     */
    private static final List<Module> MODULES = List.of(
            module("core"),
            module("okhttp", "core"),
            module("feign", "core", "okhttp"),
            module("retrofit", "core", "okhttp"),
            module("vertx", "core"),
            module("gate", "core"),
            module("micrometer", "core", "gate"),
            module("testkit", "core"));

    /** Core's classes that no other module may use: its wire codec and its call engine. */
    private static final String CORE_INTERNALS =
            "io\\.civicpass\\.(CivicJson|PassReader|CivicErrors|CallEngine|CallPlan|BlockingDriver|AsyncDriver|Confirmation|HttpGateway|Operation|TokenCache|TokenRequest)(\\$.*)?";

    static JavaClasses all;

    @BeforeAll
    static void importEveryModule() {
        all = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.civicpass");
        for (Module module : MODULES) {
            if (all.stream().noneMatch(inModule(module))) {
                throw new IllegalStateException("no classes of the module " + module.name()
                        + " on the classpath: the rules would check nothing of it");
            }
        }
    }

    @Test
    void eachModuleUsesOnlyTheModulesItPointsTo() {
        LayeredArchitecture rule = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .ensureAllClassesAreContainedInArchitecture();
        for (Module module : MODULES) {
            rule = rule.layer(module.name()).definedBy(inModule(module));
        }
        for (Module module : MODULES) {
            rule = module.uses().isEmpty()
                    ? rule.whereLayer(module.name()).mayNotAccessAnyLayer()
                    : rule.whereLayer(module.name()).mayOnlyAccessLayers(module.uses().toArray(String[]::new));
        }
        rule.check(all);
    }

    @Test
    void noOtherModuleReachesCoresWireCodecOrCallEngine() {
        noClasses().that(not(inModule(MODULES.get(0))))
                .should().dependOnClassesThat().haveNameMatching(CORE_INTERNALS)
                .check(all);
    }

    @Test
    void noModulesPackagesFormACycle() {
        slices().matching("(io.civicpass..)").should().beFreeOfCycles().check(all);
    }

    /** The classes of a module; core's are those of {@code io.civicpass} no other module claims. */
    private static DescribedPredicate<JavaClass> inModule(Module module) {
        if (!module.name().equals("core")) {
            return resideInAPackage(module.packages());
        }
        String[] others = MODULES.stream().filter(other -> other != module).map(Module::packages)
                .toArray(String[]::new);
        return resideInAPackage("io.civicpass..").and(not(resideInAnyPackage(others))).as("core");
    }
}
