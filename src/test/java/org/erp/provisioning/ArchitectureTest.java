package org.erp.provisioning;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.erp.provisioning.web.StreamedAnswers;
import org.junit.jupiter.api.Test;

/** The package structure the README describes, held by the compiled classes: a change that breaks it fails here. */
class ArchitectureTest {

    private static final String BASE = "org.erp.provisioning";
    private static final JavaClasses SERVICE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(BASE);

    /** Each package, sub-packages on their own, is a node; a cycle between any of them fails. */
    @Test
    void noPackageCycles() {
        slices().matching(BASE + ".(**)").should().beFreeOfCycles().check(SERVICE);
    }

    /** The words every layer speaks (codes, problems, field errors) depend on nothing else of the service. */
    @Test
    void theProblemVocabularyStandsAlone() {
        noClasses().that().resideInAPackage(BASE + ".problem")
                .should().dependOnClassesThat(resideInAPackage(BASE + "..").and(resideOutsideOfPackage(BASE + ".problem")))
                .check(SERVICE);
    }

    /** Domains and deals live under an account but need nothing of the account feature ({@code parent} serves them). */
    @Test
    void domainsAndDealsDoNotDependOnTheAccountFeature() {
        noClasses().that().resideInAnyPackage(BASE + ".domain", BASE + ".deal")
                .should().dependOnClassesThat().resideInAPackage(BASE + ".account")
                .check(SERVICE);
        noClasses().that().resideInAPackage(BASE + ".deal")
                .should().dependOnClassesThat().resideInAPackage(BASE + ".domain")
                .check(SERVICE);
    }

    /** The generic layers know no feature: a feature plugs its constraints and routes in, never the other way. */
    @Test
    void genericLayersKnowNoFeature() {
        noClasses().that().resideInAnyPackage(BASE + ".problem..", BASE + ".persistence", BASE + ".web",
                        BASE + ".telemetry", BASE + ".enums", BASE + ".parent", BASE + ".config", BASE + ".security")
                .should().dependOnClassesThat().resideInAnyPackage(BASE + ".account", BASE + ".domain", BASE + ".deal")
                .check(SERVICE);
    }

    /**
     * Every answer streamed from a Multi goes through {@link StreamedAnswers}: Quarkus REST's own log of a stream cut
     * after its head is off, so one that did not would end without an access line or a log of its failure.
     */
    @Test
    void everyStreamedAnswerIsWatched() {
        List<String> unwatched = SERVICE.stream()
                .filter(type -> type.isAnnotatedWith(Path.class))
                .flatMap(type -> type.getMethods().stream())
                .filter(method -> method.getRawReturnType().isEquivalentTo(Multi.class))
                .filter(method -> method.getMethodCallsFromSelf().stream().noneMatch(call ->
                        call.getTargetOwner().isEquivalentTo(StreamedAnswers.class) && call.getName().equals("watched")))
                .map(JavaMethod::getFullName).sorted().toList();
        assertEquals(List.of(), unwatched, "streamed answers not passed through StreamedAnswers.watched");
        assertEquals(2, SERVICE.stream().filter(type -> type.isAnnotatedWith(Path.class))
                .flatMap(type -> type.getMethods().stream())
                .filter(method -> method.getRawReturnType().isEquivalentTo(Multi.class)).count(),
                "the streamed answers this rule knows of: the bulk import and the export");
    }

    /**
     * Each class of the road every request travels ({@code web}, {@code telemetry}) has a test named after it
     * ({@code <Class>Test}, or {@code <Class>IT} where it needs the packaged service), so a change to one of them finds
     * its own test to extend.
     */
    @Test
    void everyClassOfTheRequestRoadHasATestNamedAfterIt() {
        Set<String> tests = new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPackages(BASE).stream().map(JavaClass::getName).collect(Collectors.toSet());
        List<String> untested = SERVICE.stream()
                .filter(type -> type.isTopLevelClass()
                        && List.of(BASE + ".web", BASE + ".telemetry").contains(type.getPackageName()))
                .map(JavaClass::getName)
                .filter(name -> !tests.contains(name + "Test") && !tests.contains(name + "IT"))
                .sorted().toList();
        assertEquals(List.of(), untested, "classes without a test named after them");
    }
}
