package dev.moim;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The feature packages depend on one another in one direction only, and the shared shapes depend on no feature. */
class PackageStructureTest {

    private static final JavaClasses MOIM = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.moim");

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("dev.moim.(*)..").should().beFreeOfCycles().check(MOIM);
    }

    @Test
    void busAndViewsAreDataThatDependOnNoFeature() {
        noClasses().that().resideInAnyPackage("dev.moim.bus..", "dev.moim.view..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.moim.auth..", "dev.moim.message..",
                        "dev.moim.presence..", "dev.moim.realtime..", "dev.moim.room..", "dev.moim.user..",
                        "dev.moim.trending..", "dev.moim.activity..", "dev.moim.push..")
                .check(MOIM);
    }
}
