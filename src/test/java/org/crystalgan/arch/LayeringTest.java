package org.crystalgan.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layering of ../shared/ARCHITECTURE.md, enforced on the compiled main classes. */
class LayeringTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.crystalgan");
    }

    @Test
    void crystalCoreUsesOnlyTheJdk() {
        noClasses().that().resideInAPackage("org.crystalgan.crystal..")
                .should().dependOnClassesThat().resideOutsideOfPackages("org.crystalgan.crystal..", "java..")
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void onlyTheAppTouchesJavaFx() {
        noClasses().that().resideOutsideOfPackage("org.crystalgan.app..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "org.fxyz3d..")
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void onlyTheGanPackageTouchesDl4j() {
        noClasses().that().resideOutsideOfPackage("org.crystalgan.gan..")
                .should().dependOnClassesThat().resideInAnyPackage("org.deeplearning4j..", "org.nd4j..", "org.bytedeco..")
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void lowerLayersDoNotReachUp() {
        noClasses().that().resideInAPackage("org.crystalgan.io..")
                .should().dependOnClassesThat().resideInAnyPackage("org.crystalgan.encoding..", "org.crystalgan.gan..",
                        "org.crystalgan.screening..", "org.crystalgan.app..", "org.crystalgan.cli..")
                .allowEmptyShould(true).check(classes);
        noClasses().that().resideInAPackage("org.crystalgan.encoding..")
                .should().dependOnClassesThat().resideInAnyPackage("org.crystalgan.gan..", "org.crystalgan.screening..",
                        "org.crystalgan.app..", "org.crystalgan.cli..")
                .allowEmptyShould(true).check(classes);
        noClasses().that().resideInAPackage("org.crystalgan.gan..")
                .should().dependOnClassesThat().resideInAnyPackage("org.crystalgan.screening..", "org.crystalgan.app..",
                        "org.crystalgan.cli..")
                .allowEmptyShould(true).check(classes);
        noClasses().that().resideInAPackage("org.crystalgan.screening..")
                .should().dependOnClassesThat().resideInAnyPackage("org.crystalgan.gan..", "org.crystalgan.app..",
                        "org.crystalgan.cli..")
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void appAndCliDoNotImportEachOther() {
        noClasses().that().resideInAPackage("org.crystalgan.app..")
                .should().dependOnClassesThat().resideInAPackage("org.crystalgan.cli..")
                .allowEmptyShould(true).check(classes);
        noClasses().that().resideInAPackage("org.crystalgan.cli..")
                .should().dependOnClassesThat().resideInAPackage("org.crystalgan.app..")
                .allowEmptyShould(true).check(classes);
    }
}
