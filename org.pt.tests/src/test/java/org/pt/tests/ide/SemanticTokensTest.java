package org.pt.tests.ide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.SemanticTokensLegend;
import org.eclipse.lsp4j.SemanticTokensParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code textDocument/semanticTokens/full} over LSP ({@code PtSemanticHighlighting}), decoded with the legend. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SemanticTokensTest {

    private static final Path EXAMPLES = Path.of("../examples");

    @TempDir
    Path workspace;

    private InProcessServer running;
    private SemanticTokensLegend legend;

    /** One decoded token: 0-based line and column, length, type and modifiers by name. */
    record Token(int line, int column, int length, String type, List<String> modifiers) {
        @Override
        public String toString() {
            return line + ":" + column + "+" + length + " " + type + modifiers;
        }
    }

    @BeforeEach
    void start() throws Exception {
        running = new InProcessServer(new LspSession.Client());
        legend = running.initialize(workspace).getCapabilities().getSemanticTokensProvider().getLegend();
        running.server().initialized(new InitializedParams());
    }

    @AfterEach
    void stop() throws Exception {
        running.stop();
    }

    @Test
    void theLegendHasTheStandardTypesAndModifiersPtUses() {
        for (String type : List.of("keyword", "number", "string", "comment", "operator", "namespace", "class",
                "struct", "property", "variable", "enumMember", "modifier", "type", "function")) {
            assertTrue(legend.getTokenTypes().contains(type), type + " in " + legend.getTokenTypes());
        }
        for (String modifier : List.of("declaration", "defaultLibrary", "address", "size")) {
            assertTrue(legend.getTokenModifiers().contains(modifier), modifier + " in " + legend.getTokenModifiers());
        }
    }

    @Test
    void linesOfRustOsDecodeToExactTokens() throws Exception {
        String text = Files.readString(EXAMPLES.resolve("rust-os.ptl"));
        List<Token> tokens = tokens("rust-os.ptl", text);
        List<String> lines = text.lines().toList();

        int region = lines.indexOf(
                "    kernel_stack kernel        0x0000_0100_0020_0000 size 2 MiB   \"the boot stack\"");
        assertEquals(List.of(
                new Token(region, 4, 12, "property", List.of("declaration")),
                new Token(region, 17, 6, "enumMember", List.of("defaultLibrary")),
                new Token(region, 31, 21, "number", List.of("address")),
                new Token(region, 53, 4, "keyword", List.of()),
                new Token(region, 58, 1, "number", List.of("size")),
                new Token(region, 60, 3, "type", List.of("defaultLibrary")),
                new Token(region, 66, 16, "string", List.of())), onLine(tokens, region));

        int map = lines.indexOf("    map 0x000b_8000 size 4 KiB identity rw nx                    // the VGA text buffer");
        assertEquals(List.of(
                new Token(map, 4, 3, "keyword", List.of()),
                new Token(map, 8, 11, "number", List.of("address")),
                new Token(map, 20, 4, "keyword", List.of()),
                new Token(map, 25, 1, "number", List.of("size")),
                new Token(map, 27, 3, "type", List.of("defaultLibrary")),
                new Token(map, 31, 8, "keyword", List.of()),
                new Token(map, 40, 2, "modifier", List.of("defaultLibrary")),
                new Token(map, 43, 2, "modifier", List.of("defaultLibrary")),
                new Token(map, 65, 22, "comment", List.of())), onLine(tokens, map));

        int layout = lines.indexOf("layout blog_os for qemu_pc {");
        assertEquals(List.of(
                new Token(layout, 0, 6, "keyword", List.of()),
                new Token(layout, 7, 7, "struct", List.of("declaration")),
                new Token(layout, 15, 3, "keyword", List.of()),
                new Token(layout, 19, 7, "class", List.of())), onLine(tokens, layout));

        int strategy = lines.indexOf("    tables via recursive self_map");
        assertEquals(List.of(
                new Token(strategy, 4, 6, "keyword", List.of()),
                new Token(strategy, 11, 3, "keyword", List.of()),
                new Token(strategy, 15, 9, "keyword", List.of()),
                new Token(strategy, 25, 8, "property", List.of())), onLine(tokens, strategy));
    }

    /**
     * An address is a {@code number} with PT's {@code address} modifier, a size's value one with {@code size}, a count
     * (a size's factor, {@code cpus 4}) a {@code number} alone: the modifiers the legend declares after LSP's ten.
     */
    @Test
    void addressesAndSizesAreNumbersWithTheirOwnModifiers() throws Exception {
        assertEquals(List.of("abstract", "async", "declaration", "defaultLibrary", "definition", "deprecated",
                "documentation", "modification", "readonly", "static", "address", "size"), legend.getTokenModifiers());
        String text = """
                machine m {
                    format x86_64
                    cpus 4
                }
                layout l for m {
                    heap 0xffff_c000_0000_0000 + 1 GiB size 4 KiB * 2
                }
                """;
        List<Token> tokens = tokens("numbers.ptl", text);
        assertEquals(List.of(
                new Token(2, 4, 4, "keyword", List.of()),
                new Token(2, 9, 1, "number", List.of())), onLine(tokens, 2));
        assertEquals(List.of(
                new Token(5, 4, 4, "property", List.of("declaration")),
                new Token(5, 9, 21, "number", List.of("address")),
                new Token(5, 31, 1, "operator", List.of()),
                new Token(5, 33, 1, "number", List.of("size")),
                new Token(5, 35, 3, "type", List.of("defaultLibrary")),
                new Token(5, 39, 4, "keyword", List.of()),
                new Token(5, 44, 1, "number", List.of("size")),
                new Token(5, 46, 3, "type", List.of("defaultLibrary")),
                new Token(5, 50, 1, "operator", List.of()),
                new Token(5, 52, 1, "number", List.of())), onLine(tokens, 5));
    }

    @Test
    void aReferenceToAStandardLibraryMachineIsDefaultLibrary() throws Exception {
        String text = "import \"std/pc-x86_64.ptl\"\nlayout l for std.pc_x86_64 {\n}\n";
        List<Token> tokens = tokens("uses-std.ptl", text);
        assertEquals(List.of(
                new Token(1, 0, 6, "keyword", List.of()),
                new Token(1, 7, 1, "struct", List.of("declaration")),
                new Token(1, 9, 3, "keyword", List.of()),
                new Token(1, 13, 13, "class", List.of("defaultLibrary"))), onLine(tokens, 1));
        assertEquals(List.of(new Token(0, 0, 6, "keyword", List.of()), new Token(0, 7, 19, "string", List.of())),
                onLine(tokens, 0));
    }

    @Test
    void aBlockCommentIsOneTokenALineAndALineCommentEndsBeforeTheLineBreak() throws Exception {
        List<Token> tokens = tokens("comments.ptl", "/* a\r\n   b */\nmachine m { // x\n}\n");
        assertEquals(List.of(
                new Token(0, 0, 4, "comment", List.of()),
                new Token(1, 0, 7, "comment", List.of()),
                new Token(2, 0, 7, "keyword", List.of()),
                new Token(2, 8, 1, "class", List.of("declaration")),
                new Token(2, 12, 4, "comment", List.of())), tokens);
    }

    @Test
    void everyWordAndNumberOfEveryExampleHasATypedToken() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(EXAMPLES)) {
            files = s.filter(p -> p.toString().endsWith(".ptl")).sorted().toList();
        }
        assertEquals(8, files.size(), files::toString);
        for (Path file : files) {
            String text = Files.readString(file);
            List<Token> tokens = tokens(file.getFileName().toString(), text);
            assertEquals(List.of(), gaps(text, tokens), file + ": words and numbers without a token");
        }
    }

    @Test
    void brokenExamplesGetTypedTokensThatNeverOverlap() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(EXAMPLES.resolve("broken"))) {
            files = s.filter(p -> p.toString().endsWith(".ptl")).sorted().toList();
        }
        assertTrue(files.size() > 20, files::toString);
        for (Path file : files) {
            List<Token> tokens = tokens(file.getFileName().toString(), Files.readString(file));
            assertTrue(!tokens.isEmpty(), file.toString());
            for (int i = 0; i < tokens.size(); i++) {
                Token t = tokens.get(i);
                assertTrue(t.type() != null && t.length() > 0, file + ": " + t);
                if (i > 0 && tokens.get(i - 1).line() == t.line()) {
                    Token before = tokens.get(i - 1);
                    assertTrue(before.column() + before.length() <= t.column(), file + ": " + before + " overlaps " + t);
                }
            }
        }
    }

    @Test
    void theGapCheckFindsAMissingToken() throws Exception {
        String text = Files.readString(EXAMPLES.resolve("rust-os.ptl"));
        List<Token> tokens = new ArrayList<>(tokens("rust-os.ptl", text));
        int line = text.lines().toList().indexOf("    tables via recursive self_map");
        tokens.removeIf(t -> t.line() == line && t.type().equals("property"));
        assertEquals(List.of(line + ":25 self_map"), gaps(text, tokens));
    }

    /**
     * The words and numbers outside comments and strings (found by a regular expression, not by the parser) that no
     * token with a type covers, as {@code LINE:COLUMN WORD}.
     */
    private static List<String> gaps(String text, List<Token> tokens) {
        List<String> gaps = new ArrayList<>();
        List<String> lines = text.lines().toList();
        Pattern skipped = Pattern.compile("//.*|/\\*.*?\\*/|\"(?:\\\\.|[^\"\\\\])*\"");
        Pattern word = Pattern.compile("[A-Za-z0-9_]+");
        for (int l = 0; l < lines.size(); l++) {
            String code = skipped.matcher(lines.get(l)).replaceAll(m -> " ".repeat(m.group().length()));
            Matcher m = word.matcher(code);
            while (m.find()) {
                int line = l;
                int column = m.start();
                boolean covered = tokens.stream().anyMatch(t -> t.line() == line && t.column() <= column
                        && column < t.column() + t.length() && t.type() != null);
                if (!covered) {
                    gaps.add(l + ":" + column + " " + m.group());
                }
            }
        }
        return gaps;
    }

    private static List<Token> onLine(List<Token> tokens, int line) {
        assertTrue(line >= 0, "line not found in the example");
        return tokens.stream().filter(t -> t.line() == line).toList();
    }

    private List<Token> tokens(String name, String text) throws Exception {
        String uri = workspace.resolve(name).toUri().toString();
        running.server().getTextDocumentService()
                .didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "pt", 1, text)));
        List<Integer> data = running.server().getTextDocumentService()
                .semanticTokensFull(new SemanticTokensParams(new TextDocumentIdentifier(uri)))
                .get(InProcessServer.WAIT_SECONDS, TimeUnit.SECONDS).getData();
        return decode(data);
    }

    /** LSP's relative encoding: five integers a token (line delta, start delta, length, type, modifier bits). */
    private List<Token> decode(List<Integer> data) {
        assertEquals(0, data.size() % 5, "five integers a token");
        List<Token> tokens = new ArrayList<>();
        int line = 0;
        int column = 0;
        for (int i = 0; i < data.size(); i += 5) {
            if (data.get(i) != 0) {
                column = 0;
            }
            line += data.get(i);
            column += data.get(i + 1);
            int type = data.get(i + 3);
            List<String> modifiers = new ArrayList<>();
            for (int bit = 0; bit < legend.getTokenModifiers().size(); bit++) {
                if ((data.get(i + 4) & (1 << bit)) != 0) {
                    modifiers.add(legend.getTokenModifiers().get(bit));
                }
            }
            String typeName = type >= 0 && type < legend.getTokenTypes().size() ? legend.getTokenTypes().get(type)
                    : null;
            tokens.add(new Token(line, column, data.get(i + 2), typeName, modifiers));
        }
        return tokens;
    }
}
