package org.pt.tests.scoping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.pt.tests.scoping.SpecFiles.assertIssueCount;

import com.google.inject.Inject;
import com.google.inject.Provider;
import java.util.List;
import org.eclipse.xtext.diagnostics.Diagnostic;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.validation.ValidationTestHelper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pt.dsl.pt.AllRamTarget;
import org.pt.dsl.pt.Layout;
import org.pt.dsl.pt.MapStatement;
import org.pt.dsl.pt.Model;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.validation.IssueCodes;
import org.pt.dsl.pt.Recursive;
import org.pt.dsl.pt.RegionTarget;
import org.pt.dsl.pt.Space;
import org.pt.dsl.pt.StrategyDecl;
import org.pt.dsl.pt.WindowStrategy;
import org.pt.dsl.tests.PtInjectorProvider;

/** Region references and the messages of names that do not resolve ("did you mean ..."). */
@ExtendWith(InjectionExtension.class)
@InjectWith(PtInjectorProvider.class)
class LinkingMessagesTest {

    private static final String LINKING = IssueCodes.UNKNOWN_NAME;
    private static final String REGION = IssueCodes.UNKNOWN_REGION;

    @Inject
    private Provider<XtextResourceSet> resourceSets;

    private final ValidationTestHelper validation = new ValidationTestHelper(ValidationTestHelper.Mode.EXACT);

    private SpecFiles files;

    @BeforeEach
    void setUp() {
        files = new SpecFiles(resourceSets.get());
    }

    private static final String MACHINE_AND_LAYOUTS = """
            machine pc {
                format x86_64
            }

            layout higher_half for pc {
                user       0x0 size 128 TiB
                direct_map 0xFFFF_8880_0000_0000 size 64 TiB
                self_map   top-level slot 510
                window     0xFFFF_FE00_0000_0000 size 2 MiB
                kernel     0xFFFF_FFFF_8000_0000 size 512 MiB
            }

            layout other for pc {
                elsewhere 0x1000 size 4 KiB
            }
            """;

    @Test
    void regionReferencesResolveInTheLayoutOfTheSpace() throws Exception {
        Model model = files.add("main.ptl", MACHINE_AND_LAYOUTS + """

                space k uses higher_half {
                    tables via window window per-cpu bootstrap recursive self_map
                    map all ram into direct_map rw
                    map kernel to 0x10_0000 size 16 MiB rx
                }
                """);

        assertIssueCount(0, validation, model);
        Layout layout = (Layout) model.getElements().get(1);
        Space space = (Space) model.getElements().get(3);
        WindowStrategy window = (WindowStrategy) ((StrategyDecl) space.getStatements().get(0)).getStrategy();
        assertSame(layout.getRegions().get(3), window.getRegion());
        assertSame(layout.getRegions().get(2), ((Recursive) window.getBootstrap()).getRegion());
        assertSame(layout.getRegions().get(1),
                ((AllRamTarget) ((MapStatement) space.getStatements().get(1)).getTarget()).getRegion());
        assertSame(layout.getRegions().get(4),
                ((RegionTarget) ((MapStatement) space.getStatements().get(2)).getTarget()).getRegion());
    }

    @Test
    void aRegionOfAnotherLayoutIsUnknownWithTheClosestRegionSuggested() throws Exception {
        String text = MACHINE_AND_LAYOUTS + """

                space k uses higher_half {
                    map elsewhere to 0x0 size 4 KiB
                    map kernal to 0x0 size 4 KiB
                }
                """;
        Model model = files.add("main.ptl", text);

        SpecFiles.assertError(validation, model, PtPackage.Literals.REGION_TARGET, REGION,
                text.indexOf("elsewhere to"), 9,
                "unknown region 'elsewhere' in layout 'higher_half'");
        SpecFiles.assertError(validation, model, PtPackage.Literals.REGION_TARGET, REGION, text.indexOf("kernal"), 6,
                "unknown region 'kernal' in layout 'higher_half'; did you mean 'kernel'?");
        assertIssueCount(2, validation, model);
    }

    @Test
    void regionsOfASpaceWithAnUnknownLayoutAreNotReportedAgain() throws Exception {
        String text = MACHINE_AND_LAYOUTS + """

                space k uses nowhere {
                    tables via recursive self_map
                    map kernel to 0x0 size 4 KiB
                }
                """;
        Model model = files.add("main.ptl", text);

        SpecFiles.assertError(validation, model, PtPackage.Literals.SPACE, LINKING, text.indexOf("nowhere"), 7,
                "unknown layout 'nowhere'");
        assertIssueCount(1, validation, model);
    }

    @Test
    void aMisspeltLayoutGetsTheClosestVisibleLayoutWithTheSuggestionAsIssueData() throws Exception {
        String text = MACHINE_AND_LAYOUTS + """

                space k uses higer_half {
                }
                """;
        Model model = files.add("main.ptl", text);

        SpecFiles.assertError(validation, model, PtPackage.Literals.SPACE, LINKING, text.indexOf("higer_half"), 10,
                "unknown layout 'higer_half'; did you mean 'higher_half'?");
        assertIssueCount(1, validation, model);
        assertEquals(List.of("suggestion=higher_half"), SpecFiles.data(validation, model, LINKING));
    }

    @Test
    void noSuggestionWhenNothingIsClose() throws Exception {
        String text = MACHINE_AND_LAYOUTS + """

                space k uses sv39_layout {
                }
                """;
        Model model = files.add("main.ptl", text);

        SpecFiles.assertError(validation, model, PtPackage.Literals.SPACE, LINKING, text.indexOf("sv39_layout"), 11,
                "unknown layout 'sv39_layout'");
        assertIssueCount(1, validation, model);
        assertEquals(List.of(), SpecFiles.data(validation, model, LINKING));
    }

    @Test
    void suggestionsAreOnlyOfTheReferencedKind() throws Exception {
        String text = """
                machine pc {
                }

                layout pd for pc {
                }

                layout l for pd {
                }
                """;
        Model model = files.add("main.ptl", text);

        SpecFiles.assertError(validation, model, PtPackage.Literals.LAYOUT, LINKING, text.lastIndexOf("pd"), 2,
                "unknown machine 'pd'; did you mean 'pc'?");
        assertIssueCount(1, validation, model);
    }

    @Test
    void importedNamesAreSuggestedByTheirVisibleName() throws Exception {
        files.add("lib.ptl", "package lib\n\nmachine pc_x86 {\n}\n");
        String text = """
                import "lib.ptl"

                layout l for lib.pc_x68 {
                }
                """;
        Model model = files.add("main.ptl", text);

        SpecFiles.assertError(validation, model, PtPackage.Literals.LAYOUT, LINKING, text.indexOf("lib.pc_x68"), 10,
                "unknown machine 'lib.pc_x68'; did you mean 'lib.pc_x86'?");
        assertIssueCount(1, validation, model);
    }

    @Test
    void aSpaceOfAnotherFileThatIsNotImportedIsNamed() throws Exception {
        files.add("kernel.ptl", MACHINE_AND_LAYOUTS + "\nspace kernel uses higher_half {\n}\n");
        String text = """
                generate gas for kernel
                """;
        Model model = files.add("main.ptl", text);

        SpecFiles.assertError(validation, model, PtPackage.Literals.GENERATE, LINKING, text.indexOf("kernel"), 6,
                "unknown space 'kernel'; it is defined in kernel.ptl, which this file does not import");
        assertIssueCount(1, validation, model);
    }

    @Test
    void aLibraryMachineThatIsNotImportedNamesItsLibraryFile() throws Exception {
        String text = """
                layout l for std.riscv_sv39 {
                }
                """;
        Model model = files.add("main.ptl", text);

        SpecFiles.assertError(validation, model, PtPackage.Literals.LAYOUT, LINKING, text.indexOf("std.riscv_sv39"), 14,
                "unknown machine 'std.riscv_sv39'; it is defined in std/riscv-sv39.ptl, "
                        + "which this file does not import");
        assertIssueCount(1, validation, model);
        assertEquals(List.of("import=std/riscv-sv39.ptl"), SpecFiles.data(validation, model, LINKING));
    }
}
