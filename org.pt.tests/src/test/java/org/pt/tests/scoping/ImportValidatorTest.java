package org.pt.tests.scoping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.pt.tests.scoping.SpecFiles.assertIssueCount;

import com.google.inject.Inject;
import com.google.inject.Provider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.xtext.diagnostics.Diagnostic;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.validation.ValidationTestHelper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.pt.dsl.pt.Layout;
import org.pt.dsl.pt.Model;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.tests.PtInjectorProvider;
import org.pt.dsl.validation.IssueCodes;

/** Diagnostics of imports: missing and invalid files, cycles, duplicates, and no cascade from a broken import. */
@ExtendWith(InjectionExtension.class)
@InjectWith(PtInjectorProvider.class)
class ImportValidatorTest {

    private static final EClass IMPORT = PtPackage.Literals.IMPORT;

    @Inject
    private Provider<XtextResourceSet> resourceSets;

    private final ValidationTestHelper validation = new ValidationTestHelper(ValidationTestHelper.Mode.EXACT);

    private SpecFiles files;

    @BeforeEach
    void setUp() {
        files = new SpecFiles(resourceSets.get());
    }

    @Test
    void aMissingFileIsAnErrorAtThePathNamingWhereItWasLookedFor() throws Exception {
        String text = """
                import "lib/pc.ptl"

                layout l for pc {
                }
                """;
        Model model = files.add("main.ptl", text);

        SpecFiles.assertError(validation, model, IMPORT, IssueCodes.MISSING_IMPORT, text.indexOf("\"lib"), 12,
                "cannot find 'lib/pc.ptl' (looked at /pt-tests/lib/pc.ptl)");
        // 'pc' may be in the file that is missing: no second error for it
        assertIssueCount(1, validation, model);
    }

    @Test
    void aMissingLibraryFileSuggestsTheClosestLibraryFile() throws Exception {
        String text = "import \"std/pc-x86-64.ptl\"\n";
        Model model = files.add("main.ptl", text);

        SpecFiles.assertError(validation, model, IMPORT, IssueCodes.MISSING_IMPORT, 7, 19,
                "cannot find 'std/pc-x86-64.ptl' in the standard library; did you mean 'std/pc-x86_64.ptl'?");
        assertIssueCount(1, validation, model);
        assertEquals(List.of("suggestion=std/pc-x86_64.ptl"),
                SpecFiles.data(validation, model, IssueCodes.MISSING_IMPORT));
    }

    @Test
    void aMissingLibraryFileWithNothingCloseListsTheLibrary() throws Exception {
        String text = "import \"std/vax.ptl\"\n";
        Model model = files.add("main.ptl", text);

        SpecFiles.assertError(validation, model, IMPORT, IssueCodes.MISSING_IMPORT, 7, 13,
                "cannot find 'std/vax.ptl' in the standard library (it has std/pc-x86_64.ptl, std/pc-x86_64-la57.ptl, "
                        + "std/pc-i386.ptl, std/pc-pae.ptl, std/arm64-4k-48.ptl, std/arm64-64k-52.ptl, "
                        + "std/riscv-sv39.ptl, std/riscv-sv48.ptl, std/riscv-sv57.ptl, std/armv7.ptl)");
        assertIssueCount(1, validation, model);
    }

    @Test
    void anImportMustNameAPtlFile() throws Exception {
        String text = """
                import ""
                import "notes.txt"
                """;
        Model model = files.add("main.ptl", text);

        SpecFiles.assertError(validation, model, IMPORT, IssueCodes.INVALID_IMPORT, 7, 2,
                "an import needs the path of a .ptl file");
        SpecFiles.assertError(validation, model, IMPORT, IssueCodes.INVALID_IMPORT, text.indexOf("\"notes"), 11,
                "'notes.txt' is not a .ptl file");
        assertIssueCount(2, validation, model);
    }

    @Test
    void anImportCycleIsReportedInEveryFileOnItAtTheImportLeadingBack() throws Exception {
        String a = """
                import "lib/b.ptl"

                machine pa {
                }
                """;
        String b = """
                import "c.ptl"

                machine pb {
                }
                """;
        String c = """
                import "../a.ptl"
                """;
        Model modelA = files.add("a.ptl", a);
        Model modelB = files.add("lib/b.ptl", b);
        Model modelC = files.add("lib/c.ptl", c);

        SpecFiles.assertError(validation, modelA, IMPORT, IssueCodes.IMPORT_CYCLE, 7, 11,
                "import cycle: a.ptl -> lib/b.ptl -> lib/c.ptl -> a.ptl");
        assertIssueCount(1, validation, modelA);
        SpecFiles.assertError(validation, modelB, IMPORT, IssueCodes.IMPORT_CYCLE, 7, 7,
                "import cycle: b.ptl -> c.ptl -> ../a.ptl -> b.ptl");
        assertIssueCount(1, validation, modelB);
        SpecFiles.assertError(validation, modelC, IMPORT, IssueCodes.IMPORT_CYCLE, 7, 10,
                "import cycle: c.ptl -> ../a.ptl -> b.ptl -> c.ptl");
        assertIssueCount(1, validation, modelC);
    }

    @Test
    void aFileThatImportsItselfIsACycle() throws Exception {
        Model model = files.add("a.ptl", "import \"a.ptl\"\n");

        SpecFiles.assertError(validation, model, IMPORT, IssueCodes.IMPORT_CYCLE, 7, 7, "import cycle: a.ptl -> a.ptl");
        assertIssueCount(1, validation, model);
    }

    @Test
    void theSameFileImportedTwiceIsAWarningOnTheSecondImport() throws Exception {
        files.add("lib/pc.ptl", "machine pc {\n}\n");
        String text = """
                import "lib/pc.ptl"
                import "lib/../lib/pc.ptl"
                """;
        Model model = files.add("main.ptl", text);

        SpecFiles.assertWarning(validation, model, IMPORT, IssueCodes.DUPLICATE_IMPORT, text.indexOf("\"lib/.."), 19,
                "'lib/../lib/pc.ptl' is already imported");
        assertIssueCount(1, validation, model);
    }

    @Test
    void twoImportedFilesDefiningTheSameNameAreAnErrorAtTheLaterImport() throws Exception {
        files.add("lib/a.ptl", "package os\n\nmachine pc {\n}\n\nlayout l for pc {\n}\n");
        files.add("lib/b.ptl", "package os\n\nmachine pc {\n}\n\nlayout l2 for pc {\n}\n");
        String text = """
                package os

                import "lib/a.ptl"
                import "lib/b.ptl"

                layout mine for pc {
                }
                """;
        Model model = files.add("main.ptl", text);

        SpecFiles.assertError(validation, model, IMPORT, IssueCodes.DUPLICATE_IMPORTED_NAME,
                text.indexOf("\"lib/b"), 11,
                "duplicate machine 'os.pc': defined in both lib/a.ptl and lib/b.ptl");
        assertIssueCount(1, validation, model);
        assertEquals(List.of("name=os.pc", "file=lib/a.ptl"),
                SpecFiles.data(validation, model, IssueCodes.DUPLICATE_IMPORTED_NAME));
    }

    @Test
    void theSameSimpleNameInDifferentPackagesIsNoClash() throws Exception {
        files.add("a.ptl", "package a\n\nmachine pc {\n}\n");
        files.add("b.ptl", "package b\n\nmachine pc {\n}\n");
        Model model = files.add("main.ptl", """
                import "a.ptl"
                import "b.ptl"

                machine pc {
                }

                layout l for a.pc {
                }
                """);

        assertIssueCount(0, validation, model);
    }

    @Test
    void aBrokenImportedFileKeepsItsErrorsAndTheImportingFileGetsNone() throws Exception {
        Model broken = files.add("broken.ptl", """
                machine {
                    format x86_64
                }
                """);
        Model model = files.add("main.ptl", """
                import "broken.ptl"

                layout l for pc {
                }
                """);

        assertFalse(broken.eResource().getErrors().isEmpty());
        assertIssueCount(0, validation, model);
    }

    @Test
    void aPartlyBrokenImportedFileStillProvidesWhatParsed() throws Exception {
        Model broken = files.add("broken.ptl", """
                machine pc {
                    ram 0x0 size
                }
                """);
        Model model = files.add("main.ptl", """
                import "broken.ptl"

                layout l for pc {
                }
                """);

        assertFalse(broken.eResource().getErrors().isEmpty());
        assertIssueCount(0, validation, model);
        assertSame(broken.getElements().get(0), ((Layout) model.getElements().get(0)).getMachine());
    }

    @Test
    void anImportedFileIsLoadedFromDiskWhenItIsNotLoadedYet(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("lib"));
        Files.writeString(dir.resolve("lib/pc.ptl"), "machine pc {\n}\n");
        String text = """
                import "lib/pc.ptl"
                import "lib/nothing.ptl"

                layout l for pc {
                }
                """;
        Model model = files.load(URI.createFileURI(dir.resolve("main.ptl").toString()), text);

        Layout layout = (Layout) model.getElements().get(0);
        assertEquals("pc", layout.getMachine().getName());
        assertEquals(URI.createFileURI(dir.resolve("lib/pc.ptl").toString()), layout.getMachine().eResource().getURI());
        SpecFiles.assertError(validation, model, IMPORT, IssueCodes.MISSING_IMPORT, text.indexOf("\"lib/nothing"), 17,
                "cannot find 'lib/nothing.ptl' (looked at " + dir.resolve("lib/nothing.ptl") + ")");
        assertIssueCount(1, validation, model);
    }

    @Test
    void anUnresolvedNameWithCompleteImportsIsStillReported() throws Exception {
        files.add("lib.ptl", "machine pc {\n}\n");
        String text = """
                import "lib.ptl"

                layout l for mac {
                }
                """;
        Model model = files.add("main.ptl", text);

        SpecFiles.assertError(validation, model, PtPackage.Literals.LAYOUT, IssueCodes.UNKNOWN_NAME,
                text.indexOf("mac"), 3,
                "unknown machine 'mac'");
        assertIssueCount(1, validation, model);
    }
}
