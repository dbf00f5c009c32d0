package org.pt.tests.formatting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pt.dsl.scoping.StandardLibrary;
import org.pt.dsl.tests.PtInjectorProvider;

/**
 * {@code format(format(x)) == format(x)} for every standard library file, every example (the files directly in
 * {@code examples/}; {@code examples/broken/} holds files that do not parse) and the inputs of
 * {@link PtFormatterTest}; and the standard library is formatted already.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(PtInjectorProvider.class)
class IdempotenceTest {

    /** Surefire runs in the module folder; the examples are at the repository root. */
    private static final Path EXAMPLES = Path.of("..", "examples");

    @Inject
    private Formatting formatting;

    static Stream<Arguments> texts() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String file : StandardLibrary.files()) {
            out.add(Arguments.of(file, library(file)));
        }
        try (Stream<Path> examples = Files.list(EXAMPLES)) {
            for (Path p : examples.filter(p -> p.toString().endsWith(".ptl")).sorted().toList()) {
                out.add(Arguments.of("examples/" + p.getFileName(), Files.readString(p)));
            }
        }
        out.add(Arguments.of("file structure", PtFormatterTest.FILE_BEFORE));
        out.add(Arguments.of("tokens", PtFormatterTest.TOKENS_BEFORE));
        out.add(Arguments.of("blocks", PtFormatterTest.BLOCKS_BEFORE));
        out.add(Arguments.of("machine", PtFormatterTest.MACHINE_BEFORE));
        out.add(Arguments.of("layout", PtFormatterTest.LAYOUT_BEFORE));
        out.add(Arguments.of("space", PtFormatterTest.SPACE_BEFORE));
        out.add(Arguments.of("groups", PtFormatterTest.GROUPS_BEFORE));
        out.add(Arguments.of("trailing comments", PtFormatterTest.TRAILING_BEFORE));
        out.add(Arguments.of("comments", PtFormatterTest.COMMENTS_BEFORE));
        return out.stream();
    }

    private static String library(String file) throws IOException {
        try (InputStream in = StandardLibrary.class.getClassLoader().getResourceAsStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("texts")
    void formattingTwiceGivesTheTextOfFormattingOnce(String name, String text) throws Exception {
        String once = formatting.format(text);
        assertEquals(once, formatting.format(once));
    }

    static Stream<String> libraryFiles() {
        return StandardLibrary.files().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("libraryFiles")
    void theStandardLibraryIsFormatted(String file) throws Exception {
        String text = library(file);
        assertEquals(text, formatting.format(text));
    }
}
