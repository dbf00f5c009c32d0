package org.pt.tests.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Inject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.parser.IParseResult;
import org.eclipse.xtext.parser.IParser;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pt.dsl.tests.PtInjectorProvider;
import org.pt.tests.fuzz.Mutator;

/**
 * A bounded, deterministic mutation campaign over every shipped example: one token of a file deleted, duplicated or
 * replaced by another token of the language ({@link Mutator}), at many positions. No syntax message may show the grammar's internals
 * (ANTLR's rule and token names, its loop and "extraneous input" wording, {@code <EOF>}).
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(PtInjectorProvider.class)
class SyntaxMutationTest {

    /** What a message must never show: grammar-internal token names and ANTLR's wording. */
    static final Pattern INTERNAL = Pattern.compile("RULE_|loop did not match|\\(\\.\\.\\.\\)|<EOF>|extraneous input"
            + "|mismatched input|mismatched character|no viable alternative|missing EOF|expecting |\\bEOF\\b"
            + "|T__\\d|decision=|state \\d");

    private static final Path ROOT = Path.of("..");
    private static final long SEED = 20261203L;
    private static final int VARIANTS = 3000;

    @Inject
    private IParser parser;

    /** The syntax messages of {@code text}, as "line:column message". */
    private List<String> syntaxMessages(String text) {
        IParseResult result = parser.parse(new StringReader(text));
        List<String> out = new ArrayList<>();
        for (INode n : result.getSyntaxErrors()) {
            out.add(n.getStartLine() + ": " + n.getSyntaxErrorMessage().getMessage());
        }
        return out;
    }

    private static List<Path> examples() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path dir : List.of(ROOT.resolve("examples"), ROOT.resolve("examples/broken"))) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(p -> p.toString().endsWith(".ptl")).sorted().forEach(out::add);
            }
        }
        return out;
    }

    @Test
    void noMessageOfAMutatedExampleShowsGrammarInternals() throws IOException {
        List<Path> files = examples();
        assertTrue(files.size() > 50, "examples found: " + files.size());
        Random random = new Random(SEED);
        Map<String, Integer> shapes = new TreeMap<>();
        List<String> leaks = new ArrayList<>();
        int messages = 0;
        for (int v = 0; v < VARIANTS; v++) {
            Path file = files.get(v % files.size());
            String text = Files.readString(file);
            List<int[]> tokens = Mutator.tokens(text);
            if (tokens.isEmpty()) { // a file of comments only (empty_file.ptl)
                continue;
            }
            int[] t = tokens.get(random.nextInt(tokens.size()));
            String pick = Mutator.POOL.get(random.nextInt(Mutator.POOL.size()));
            String mutated = switch (v % 3) {
                case 0 -> text.substring(0, t[0]) + text.substring(t[1]);
                case 1 -> text.substring(0, t[0]) + pick + " " + text.substring(t[0]);
                default -> text.substring(0, t[0]) + pick + text.substring(t[1]);
            };
            for (String message : syntaxMessages(mutated)) {
                messages++;
                if (INTERNAL.matcher(message).find()) {
                    leaks.add(file.getFileName() + " variant " + v + ": " + message);
                }
                shapes.merge(message.replaceAll("'[^']*'", "'…'").replaceAll("^\\d+: ", ""), 1, Integer::sum);
            }
        }
        System.out.println("SyntaxMutationTest: " + VARIANTS + " variants, " + messages + " syntax messages");
        shapes.forEach((shape, n) -> System.out.println(String.format("%6d  %s", n, shape)));
        assertTrue(messages > VARIANTS / 2, "too few syntax errors to mean anything: " + messages);
        assertEquals(List.of(), leaks);
    }

    /** The check can fail: Xtext's default wording is caught. */
    @Test
    void theInternalsPatternCatchesAntlrWording() {
        for (String antlr : List.of("mismatched input '<EOF>' expecting RULE_NUMBER", "missing EOF at '$'",
                "required (...)+ loop did not match anything at character ' '", "extraneous input '}' expecting '{'",
                "no viable alternative at input 'map'")) {
            assertTrue(INTERNAL.matcher(antlr).find(), antlr);
        }
        assertFalse(INTERNAL.matcher("unexpected 'wlak' in space 'b'; did you mean 'walk'?").find());
    }
}
