package org.pt.tests.scoping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.pt.tests.scoping.SpecFiles.assertIssueCount;

import com.google.inject.Inject;
import com.google.inject.Provider;
import java.util.List;
import org.eclipse.xtext.diagnostics.Diagnostic;
import org.eclipse.xtext.naming.IQualifiedNameProvider;
import org.eclipse.xtext.naming.QualifiedName;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.validation.ValidationTestHelper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pt.dsl.pt.Generate;
import org.pt.dsl.pt.Layout;
import org.pt.dsl.pt.Machine;
import org.pt.dsl.pt.Model;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.pt.Reach;
import org.pt.dsl.pt.Share;
import org.pt.dsl.pt.Space;
import org.pt.dsl.tests.PtInjectorProvider;
import org.pt.dsl.validation.IssueCodes;

/** Names across files: packages qualify, imports make visible, simple names work within a package. */
@ExtendWith(InjectionExtension.class)
@InjectWith(PtInjectorProvider.class)
class QualifiedNamesTest {

    @Inject
    private Provider<XtextResourceSet> resourceSets;

    @Inject
    private IQualifiedNameProvider names;

    private final ValidationTestHelper validation = new ValidationTestHelper(ValidationTestHelper.Mode.EXACT);

    private SpecFiles files;

    @BeforeEach
    void setUp() {
        files = new SpecFiles(resourceSets.get());
    }

    private static final String PC = """
            package a.b

            machine pc {
                format x86_64
            }
            """;

    @Test
    void packageQualifiesMachinesLayoutsAndSpacesOnly() throws Exception {
        Model model = files.add("main.ptl", """
                package a.b

                machine pc {
                    format x86_64
                }

                layout higher_half for pc {
                    kernel 0xFFFF_FFFF_8000_0000 size 512 MiB
                }

                space boot uses higher_half {
                }
                """);

        Machine pc = (Machine) model.getElements().get(0);
        Layout layout = (Layout) model.getElements().get(1);
        Space boot = (Space) model.getElements().get(2);
        assertEquals(QualifiedName.create("a", "b", "pc"), names.getFullyQualifiedName(pc));
        assertEquals(QualifiedName.create("a", "b", "higher_half"), names.getFullyQualifiedName(layout));
        assertEquals(QualifiedName.create("a", "b", "boot"), names.getFullyQualifiedName(boot));
        assertNull(names.getFullyQualifiedName(layout.getRegions().get(0)));
        assertNull(names.getFullyQualifiedName(model));
    }

    @Test
    void withoutPackageTheNameIsSimple() throws Exception {
        Model model = files.add("main.ptl", "machine pc {\n}\n");

        assertEquals(QualifiedName.create("pc"), names.getFullyQualifiedName(model.getElements().get(0)));
    }

    @Test
    void localElementsResolveBySimpleAndByQualifiedName() throws Exception {
        Model model = files.add("main.ptl", PC + """

                layout l1 for pc {
                }

                layout l2 for a.b.pc {
                }
                """);

        assertIssueCount(0, validation, model);
        Machine pc = (Machine) model.getElements().get(0);
        assertSame(pc, ((Layout) model.getElements().get(1)).getMachine());
        assertSame(pc, ((Layout) model.getElements().get(2)).getMachine());
    }

    @Test
    void importedElementOfTheSamePackageResolvesBySimpleName() throws Exception {
        Model lib = files.add("lib/pc.ptl", PC);
        Model model = files.add("main.ptl", """
                package a.b

                import "lib/pc.ptl"

                layout l for pc {
                }
                """);

        assertIssueCount(0, validation, model);
        assertSame(lib.getElements().get(0), ((Layout) model.getElements().get(0)).getMachine());
    }

    @Test
    void importedElementOfAnotherPackageResolvesOnlyByQualifiedName() throws Exception {
        Model lib = files.add("lib/pc.ptl", PC);
        String text = """
                import "lib/pc.ptl"

                layout qualified for a.b.pc {
                }

                layout simple for pc {
                }
                """;
        Model model = files.add("main.ptl", text);

        assertSame(lib.getElements().get(0), ((Layout) model.getElements().get(0)).getMachine());
        SpecFiles.assertError(validation, model, PtPackage.Literals.LAYOUT, IssueCodes.UNKNOWN_NAME,
                text.indexOf("for pc {") + 4, 2, "unknown machine 'pc'; did you mean 'a.b.pc'?");
        assertIssueCount(1, validation, model);
    }

    @Test
    void aFileThatIsNotImportedIsNotVisible() throws Exception {
        files.add("lib/pc.ptl", "machine pc {\n}\n");
        String text = """
                layout l for pc {
                }
                """;
        Model model = files.add("main.ptl", text);

        SpecFiles.assertError(validation, model, PtPackage.Literals.LAYOUT, IssueCodes.UNKNOWN_NAME,
                text.indexOf("pc"), 2,
                "unknown machine 'pc'; it is defined in lib/pc.ptl, which this file does not import");
        assertIssueCount(1, validation, model);
        assertEquals(List.of("import=lib/pc.ptl"), SpecFiles.data(validation, model, IssueCodes.UNKNOWN_NAME));
    }

    @Test
    void importsAreNotTransitive() throws Exception {
        files.add("machines.ptl", "machine pc {\n}\n");
        files.add("layouts.ptl", """
                import "machines.ptl"

                layout higher_half for pc {
                }
                """);
        String text = """
                import "layouts.ptl"

                space kernel uses higher_half {
                }

                layout other for pc {
                }
                """;
        Model model = files.add("main.ptl", text);

        Space kernel = (Space) model.getElements().get(0);
        assertEquals("higher_half", kernel.getLayout().getName());
        SpecFiles.assertError(validation, model, PtPackage.Literals.LAYOUT, IssueCodes.UNKNOWN_NAME,
                text.indexOf("pc {"), 2,
                "unknown machine 'pc'; it is defined in machines.ptl, which this file does not import");
        assertIssueCount(1, validation, model);
    }

    @Test
    void importPathsAreRelativeToTheImportingFile() throws Exception {
        Model machine = files.add("machines/pc.ptl", "machine pc {\n}\n");
        files.add("layouts/common.ptl", """
                import "../machines/pc.ptl"

                layout higher_half for pc {
                }
                """);
        Model model = files.add("spaces/kernel.ptl", """
                import "../layouts/common.ptl"

                space kernel uses higher_half {
                }
                """);

        assertIssueCount(0, validation, model);
        Layout layout = ((Space) model.getElements().get(0)).getLayout();
        assertSame(machine.getElements().get(0), layout.getMachine());
    }

    @Test
    void spacesResolveInShareReachAndGenerate() throws Exception {
        files.add("kernel.ptl", """
                package os

                machine pc {
                }

                layout higher_half for pc {
                }

                space kernel uses higher_half {
                }
                """);
        Model model = files.add("main.ptl", """
                package os

                import "kernel.ptl"

                space init uses higher_half {
                    share kernel half with kernel
                    reach 0x40_0000 from os.kernel
                }

                generate gas for kernel, init, os.init
                """);

        assertIssueCount(0, validation, model);
        Space init = (Space) model.getElements().get(0);
        Space kernel = ((Share) init.getStatements().get(0)).getSpace();
        assertEquals(QualifiedName.create("os", "kernel"), names.getFullyQualifiedName(kernel));
        assertSame(kernel, ((Reach) init.getStatements().get(1)).getFrom());
        assertEquals(List.of(kernel, init, init), ((Generate) model.getElements().get(1)).getSpaces());
    }

    @Test
    void aLocalElementShadowsAnImportedOneAndTheClashIsReported() throws Exception {
        files.add("lib.ptl", "machine pc {\n}\n");
        String text = """
                import "lib.ptl"

                machine pc {
                }

                layout l for pc {
                }
                """;
        Model model = files.add("main.ptl", text);

        assertSame(model.getElements().get(0), ((Layout) model.getElements().get(1)).getMachine());
        SpecFiles.assertError(validation, model, PtPackage.Literals.MACHINE, IssueCodes.DUPLICATE_IMPORTED_NAME,
                text.indexOf("pc {"), 2, "duplicate machine 'pc': also defined in lib.ptl");
        assertIssueCount(1, validation, model);
    }
}
