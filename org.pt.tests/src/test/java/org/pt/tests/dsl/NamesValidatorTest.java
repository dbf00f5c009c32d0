package org.pt.tests.dsl;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.tests.PtInjectorProvider;
import org.pt.dsl.validation.IssueCodes;

/** Machines, layouts and spaces of one file have distinct qualified names per kind; the later one is reported. */
@ExtendWith(InjectionExtension.class)
@InjectWith(PtInjectorProvider.class)
class NamesValidatorTest extends SpecTestSupport {

    @Test
    void machineDefinedTwiceIsReportedOnTheSecondName() throws Exception {
        String text = PC + "machine pc {\n    format sv39\n}\n";
        assertIssues(parse(text), error(PtPackage.Literals.MACHINE, IssueCodes.DUPLICATE_NAME,
                new int[] {text.lastIndexOf("pc {"), 2}, "machine 'pc' is defined twice in this file"));
    }

    @Test
    void layoutsAndSpacesDefinedTwiceAreReportedWithTheirPackage() throws Exception {
        String text = "package os.x86\n" + HH + """
                layout hh for pc {
                }
                space s uses hh {
                }
                space s uses hh {
                }
                """;
        assertIssues(parse(text),
                error(PtPackage.Literals.LAYOUT, IssueCodes.DUPLICATE_NAME, new int[] {text.lastIndexOf("hh for"), 2},
                        "layout 'os.x86.hh' is defined twice in this file"),
                error(PtPackage.Literals.SPACE, IssueCodes.DUPLICATE_NAME, new int[] {text.lastIndexOf("s uses"), 1},
                        "space 'os.x86.s' is defined twice in this file"));
    }

    @Test
    void oneNameForElementsOfDifferentKindsIsFine() throws Exception {
        assertIssues(parse(PC + "layout pc for pc {\n}\nspace pc uses pc {\n}\n"));
    }
}
