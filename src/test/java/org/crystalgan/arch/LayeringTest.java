package org.crystalgan.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaParameterizedType;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of docs/ARCHITECTURE.md, enforced on the compiled main classes. Lowest first:
 * base (JDK only) &lt; crystal (JDK only) &lt; io &lt; encoding &lt; gan; potential on crystal and io;
 * screening on potential and io; search on crystal (and base); workflow on all of those; app and cli on top.
 */
class LayeringTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.crystalgan");
    }

    @Test
    void groundPackageUsesOnlyTheJdk() {
        noClasses().that().resideInAPackage("org.crystalgan.base..")
                .should().dependOnClassesThat().resideOutsideOfPackages("org.crystalgan.base..", "java..")
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void noCyclesBetweenTopLevelPackages() {
        slices().matching("org.crystalgan.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void noCyclesBetweenSubPackages() {
        slices().matching("org.crystalgan.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void ganDoesNotReadFilesThroughIo() {
        noClasses().that().resideInAPackage("org.crystalgan.gan..")
                .should().dependOnClassesThat().resideInAPackage("org.crystalgan.io..")
                .allowEmptyShould(true).check(classes);
    }

    /** encoding may use crystal and base only: folders of structure files reach DatasetBuilder through workflow.DatasetService. */
    @Test
    void encodingUsesOnlyCrystalAndBase() {
        noClasses().that().resideInAPackage("org.crystalgan.encoding..")
                .should().dependOnClassesThat().resideOutsideOfPackages("org.crystalgan.encoding..", "org.crystalgan.crystal..",
                        "org.crystalgan.base..", "java..")
                .allowEmptyShould(true).check(classes);
    }

    /** The SameDiff graphs of the networks are test code (the reference the explicit passes are checked against). */
    @Test
    void mainCodeBuildsNoSameDiffGraphs() {
        noClasses().should().dependOnClassesThat().resideInAPackage("org.nd4j.autodiff..")
                .allowEmptyShould(true).check(classes);
    }

    /** app.common is below every pane and the viewer: the panes reach the viewer through common.StructureDisplay. */
    @Test
    void appCommonKnowsNoPane() {
        noClasses().that().resideInAPackage("org.crystalgan.app.common..")
                .should().dependOnClassesThat().resideInAnyPackage("org.crystalgan.app.viewer..", "org.crystalgan.app.data..",
                        "org.crystalgan.app.training..", "org.crystalgan.app.generate..", "org.crystalgan.app.screening..")
                .allowEmptyShould(true).check(classes);
    }

    /** Controllers bind; app.ViewModels builds the ViewModels on their Workbench*Services. */
    @Test
    void controllersDoNotBuildTheirServices() {
        noClasses().that().haveSimpleNameEndingWith("Controller")
                .should().dependOnClassesThat().haveSimpleNameStartingWith("Workbench")
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void potentialStaysBelowScreening() {
        noClasses().that().resideInAPackage("org.crystalgan.potential..")
                .should().dependOnClassesThat().resideInAnyPackage("org.crystalgan.gan..", "org.crystalgan.encoding..",
                        "org.crystalgan.screening..", "org.crystalgan.workflow..", "org.crystalgan.app..", "org.crystalgan.cli..",
                        "org.deeplearning4j..", "org.nd4j..", "javafx..")
                .allowEmptyShould(true).check(classes);
        noClasses().that().resideInAPackage("org.crystalgan.potential..").and().haveNameNotMatching(M3GNET_BLAS)
                .should().dependOnClassesThat().resideInAnyPackage("org.bytedeco..")
                .allowEmptyShould(true).check(classes);
    }

    /** potential.m3gnet.Blas and its nested classes: M3GNet's float32 products through OpenBLAS's sgemm (JavaCPP's preset). */
    private static final String M3GNET_BLAS = "org\\.crystalgan\\.potential\\.m3gnet\\.Blas(\\$.*)?";

    /**
     * The one exception to "only gan touches native code": M3GNet's products run about twice as fast in OpenBLAS's
     * sgemm as in the Java kernels (docs/BENCHMARKS.md, "Fourth pass"), and OpenBLAS is on the class path for ND4J
     * anyway. Only that one class may, and only OpenBLAS's preset and JavaCPP's pointers: never ND4J.
     */
    @Test
    void m3gnetReachesOpenBlasOnlyThroughItsBlasClass() {
        classes().that().haveNameMatching(M3GNET_BLAS)
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.crystalgan.potential.m3gnet..",
                        "org.bytedeco.openblas..", "org.bytedeco.javacpp..")
                .allowEmptyShould(true).check(classes);
    }

    /** The workflow layer (one service per long operation): above the science packages, below both faces. */
    @Test
    void workflowIsUsedOnlyByTheFaces() {
        noClasses().that().resideInAPackage("org.crystalgan.workflow..")
                .should().dependOnClassesThat().resideInAnyPackage("org.crystalgan.app..", "org.crystalgan.cli..", "javafx..")
                .allowEmptyShould(true).check(classes);
        classes().that().resideInAPackage("org.crystalgan.workflow..")
                .should().onlyHaveDependentClassesThat().resideInAnyPackage("org.crystalgan.workflow..", "org.crystalgan.app..",
                        "org.crystalgan.cli..")
                .allowEmptyShould(true).check(classes);
    }

    /** ViewModels hold state as properties and are tested without a stage: no nodes, scenes or windows. */
    @Test
    void viewModelsAreFreeOfSceneGraphTypes() {
        noClasses().that().haveSimpleNameEndingWith("ViewModel")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..")
                .allowEmptyShould(true).check(classes);
    }

    /**
     * ViewModels hand out read-only state: a public method returns no writable JavaFX property ({@code WritableValue},
     * which the {@code ReadOnly*Wrapper}s are too) and no changeable observable collection (only the pass-through
     * {@code app.common.ReadOnlyList}), nor a collection or map of writable properties, unless it is declared with
     * {@code app.common.BoundInput}: an input the view binds both ways.
     */
    @Test
    void viewModelsHandOutOnlyDeclaredInputsWritable() {
        methods().that().areDeclaredInClassesThat().resideInAPackage("org.crystalgan.app..")
                .and().areDeclaredInClassesThat().haveSimpleNameEndingWith("ViewModel")
                .and().arePublic()
                .and().areNotAnnotatedWith("org.crystalgan.app.common.BoundInput")
                .should(returnNothingWritable())
                .allowEmptyShould(true).check(classes);
    }

    private static ArchCondition<JavaMethod> returnNothingWritable() {
        return new ArchCondition<>("return no writable JavaFX property or collection") {
            @Override
            public void check(JavaMethod m, ConditionEvents events) {
                if (m.getModifiers().contains(JavaModifier.SYNTHETIC) || m.getModifiers().contains(JavaModifier.BRIDGE)) return;
                String why = writable(m.getReturnType());
                if (why != null) {
                    events.add(SimpleConditionEvent.violated(m, m.getFullName() + " hands out " + why
                            + ": expose it read-only or declare the input with @BoundInput"));
                }
            }
        };
    }

    private static final java.util.List<String> CHANGEABLE = java.util.List.of("javafx.beans.value.WritableValue",
            "javafx.collections.ObservableList", "javafx.collections.ObservableSet", "javafx.collections.ObservableMap",
            "javafx.collections.ObservableArray");

    /** What makes the type writable, or null. */
    private static String writable(JavaType type) {
        JavaClass raw = type.toErasure();
        if (!raw.isAssignableTo("org.crystalgan.app.common.ReadOnlyList")) {
            for (String t : CHANGEABLE) if (raw.isAssignableTo(t)) return "a writable " + raw.getSimpleName();
        }
        if (type instanceof JavaParameterizedType p) {
            for (JavaType arg : p.getActualTypeArguments()) {
                String inner = writable(arg);
                if (inner != null) return raw.getSimpleName() + " of " + inner;
            }
        }
        return null;
    }

    /** The random search uses the crystal core, and base for the one progress/cancel type. */
    @Test
    void randomSearchUsesOnlyTheCrystalCoreAndBase() {
        noClasses().that().resideInAPackage("org.crystalgan.search..")
                .should().dependOnClassesThat().resideOutsideOfPackages("org.crystalgan.search..", "org.crystalgan.crystal..",
                        "org.crystalgan.base..", "java..")
                .allowEmptyShould(true).check(classes);
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
                .should().dependOnClassesThat().resideInAnyPackage("org.deeplearning4j..", "org.nd4j..")
                .allowEmptyShould(true).check(classes);
        // JavaCPP's presets (OpenBLAS): gan, and M3GNet's products (m3gnetReachesOpenBlasOnlyThroughItsBlasClass)
        noClasses().that().resideOutsideOfPackage("org.crystalgan.gan..").and().haveNameNotMatching(M3GNET_BLAS)
                .should().dependOnClassesThat().resideInAnyPackage("org.bytedeco..")
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void lowerLayersDoNotReachUp() {
        noClasses().that().resideInAPackage("org.crystalgan.io..")
                .should().dependOnClassesThat().resideInAnyPackage("org.crystalgan.encoding..", "org.crystalgan.gan..",
                        "org.crystalgan.potential..", "org.crystalgan.screening..", "org.crystalgan.workflow..",
                        "org.crystalgan.app..", "org.crystalgan.cli..")
                .allowEmptyShould(true).check(classes);
        noClasses().that().resideInAPackage("org.crystalgan.encoding..")
                .should().dependOnClassesThat().resideInAnyPackage("org.crystalgan.gan..", "org.crystalgan.potential..",
                        "org.crystalgan.screening..", "org.crystalgan.workflow..", "org.crystalgan.app..", "org.crystalgan.cli..")
                .allowEmptyShould(true).check(classes);
        noClasses().that().resideInAPackage("org.crystalgan.gan..")
                .should().dependOnClassesThat().resideInAnyPackage("org.crystalgan.potential..", "org.crystalgan.screening..",
                        "org.crystalgan.workflow..", "org.crystalgan.app..", "org.crystalgan.cli..")
                .allowEmptyShould(true).check(classes);
        noClasses().that().resideInAPackage("org.crystalgan.screening..")
                .should().dependOnClassesThat().resideInAnyPackage("org.crystalgan.gan..", "org.crystalgan.encoding..",
                        "org.crystalgan.workflow..", "org.crystalgan.app..", "org.crystalgan.cli..")
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void potentialsSitBelowScreeningAndUseNeitherNd4jNorJavaFx() {
        noClasses().that().resideInAPackage("org.crystalgan.potential..")
                .should().dependOnClassesThat().resideInAnyPackage("org.crystalgan.gan..", "org.crystalgan.encoding..",
                        "org.crystalgan.screening..", "org.crystalgan.app..", "org.crystalgan.cli..",
                        "org.deeplearning4j..", "org.nd4j..", "javafx..")
                .allowEmptyShould(true).check(classes);
        noClasses().that().resideInAPackage("org.crystalgan.potential..").and().haveNameNotMatching(M3GNET_BLAS)
                .should().dependOnClassesThat().resideInAnyPackage("org.bytedeco..")
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
