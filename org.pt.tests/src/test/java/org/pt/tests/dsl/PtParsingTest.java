package org.pt.tests.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.inject.Inject;
import java.util.List;
import org.eclipse.xtext.diagnostics.Diagnostic;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.testing.validation.ValidationTestHelper;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pt.dsl.pt.Layout;
import org.pt.dsl.pt.Machine;
import org.pt.dsl.pt.Model;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.pt.Region;
import org.pt.dsl.tests.PtInjectorProvider;

/** Parsing and linking of the (provisional) grammar; exercises the generated parser, linker and validator. */
@ExtendWith(InjectionExtension.class)
@InjectWith(PtInjectorProvider.class)
class PtParsingTest {

    @Inject
    private ParseHelper<Model> parseHelper;

    private final ValidationTestHelper validation = new ValidationTestHelper(ValidationTestHelper.Mode.EXACT);

    @Test
    void layoutLinksToTheMachineDeclaredBeforeIt() throws Exception {
        Model model = parseHelper.parse("""
                machine pc {
                    format x86_64
                }
                layout higher_half for pc {
                    kernel 0xFFFF_FFFF_8000_0000 size 512 MiB
                }
                """);

        validation.assertNoIssues(model);
        Machine pc = (Machine) model.getElements().get(0);
        Layout layout = (Layout) model.getElements().get(1);
        assertEquals("x86_64", pc.getFormat());
        assertSame(pc, layout.getMachine());
        Region kernel = layout.getRegions().get(0);
        assertEquals(List.of("kernel", "0xFFFF_FFFF_8000_0000", "512", "MiB"),
                List.of(kernel.getName(), kernel.getStart(), kernel.getSize(), kernel.getUnit()));
    }

    @Test
    void numbersInEveryBaseAreOneToken() throws Exception {
        Model model = parseHelper.parse("""
                machine m { }
                layout l for m {
                    a 0x1F size 1_024 B
                    b 0o17 size 0b1010 B
                    c 0X_ff size 0 B
                }
                """);

        validation.assertNoIssues(model);
        List<String> numbers = ((Layout) model.getElements().get(1)).getRegions().stream()
                .flatMap(r -> java.util.stream.Stream.of(r.getStart(), r.getSize()))
                .toList();
        assertEquals(List.of("0x1F", "1_024", "0o17", "0b1010", "0X_ff", "0"), numbers);
    }

    @Test
    void unknownMachineIsALinkingErrorOnTheReference() throws Exception {
        String text = """
                layout boot for x {
                }
                """;
        Model model = parseHelper.parse(text);

        validation.assertError(model, PtPackage.Literals.LAYOUT, Diagnostic.LINKING_DIAGNOSTIC,
                text.indexOf("x {"), 1, "Couldn't resolve reference to Machine 'x'.");
        List<Issue> issues = validation.validate(model);
        assertEquals(1, issues.size(), issues::toString);
        Issue issue = issues.get(0);
        assertEquals(Severity.ERROR, issue.getSeverity());
        assertEquals(List.of(1, 17, 1, 18), List.of(issue.getLineNumber(), issue.getColumn(),
                issue.getLineNumberEnd(), issue.getColumnEnd()));
    }
}
