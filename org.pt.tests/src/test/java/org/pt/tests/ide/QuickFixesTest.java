package org.pt.tests.ide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pt.dsl.ide.quickfix.PtQuickFixes;

/**
 * Each quick fix over LSP, as an editor uses it: the broken example of its code is opened in the language server
 * (run in-process, spoken to with LSP4J's client launcher), the diagnostic it publishes is sent back with a
 * {@code textDocument/codeAction} request, the action's title and its one text edit (range and new text) are compared
 * exactly, the edit is applied to the text, the changed text is sent, and the diagnostics published for it must hold
 * no finding of that code.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class QuickFixesTest {

    private static final long WAIT_SECONDS = InProcessServer.WAIT_SECONDS;
    private static final Path BROKEN = Path.of("../examples/broken");

    @TempDir
    static Path workspace;

    private final Client client = new Client();
    private InProcessServer running;
    private int documents;

    @BeforeAll
    void startServer() throws Exception {
        running = new InProcessServer(client);
        boolean codeActions = running.initialize(workspace).getCapabilities().getCodeActionProvider().getLeft();
        assertTrue(codeActions, "codeActionProvider");
        running.server().initialized(new InitializedParams());
    }

    @AfterAll
    void stopServer() throws Exception {
        running.stop();
    }

    /**
     * File of examples/broken, its code, the action's title, the edit's range (1-based {@code LINE:COLUMN-LINE:COLUMN},
     * end exclusive, as ptc prints positions) and new text.
     */
    static Stream<Arguments> fixes() {
        return Stream.of(
                Arguments.of("unknown_unit", "pt.unknown_unit", "Change to 'GiB'", "6:20-6:23", "GiB"),
                Arguments.of("unit_missing", "pt.unit_missing", "Change to '4 GiB'", "6:18-6:31", "4 GiB"),
                Arguments.of("unknown_format", "pt.unknown_format", "Change to 'x86_64'", "5:12-5:18", "x86_64"),
                Arguments.of("unknown_feature", "pt.unknown_feature", "Change to 'page_1g'", "6:18-6:25", "page_1g"),
                Arguments.of("unknown_purpose", "pt.unknown_purpose", "Change to 'kernel'", "7:13-7:19", "kernel"),
                Arguments.of("unknown_attribute", "pt.unknown_attribute", "Change to 'rw'", "11:52-11:55", "rw"),
                Arguments.of("unknown_output", "pt.unknown_output", "Change to 'nasm'", "16:10-16:14", "nasm"),
                Arguments.of("output_form_unavailable", "pt.output_form_unavailable", "Change to 'gas'",
                        "16:10-16:14", "gas"),
                Arguments.of("unknown_name", "pt.unknown_name", "Change to 'pc'", "10:24-10:27", "pc"),
                Arguments.of("missing_import", "pt.missing_import", "Change to \"std/pc-x86_64.ptl\"", "4:8-4:27",
                        "\"std/pc-x86_64.ptl\""),
                Arguments.of("duplicate_import", "pt.duplicate_import", "Remove the duplicate import", "5:1-6:1", ""),
                Arguments.of("duplicate_attribute", "pt.duplicate_attribute", "Remove the second 'user'",
                        "11:54-11:59", ""),
                Arguments.of("all_ram_form", "pt.all_ram_form", "Remove 'to 0x0'", "11:32-11:39", ""),
                Arguments.of("inclusive_end_needs_address", "pt.inclusive_end_needs_address",
                        "Remove '..= 0xffff_ffff_80ff_ffff'", "11:15-11:41", ""),
                Arguments.of("unsupported_page_size", "pt.unsupported_page_size", "Change to '4 KiB'", "11:67-11:72",
                        "4 KiB"),
                Arguments.of("budget_too_large", "pt.budget_too_large", "Change to '131072'", "5:12-5:19", "131072"),
                Arguments.of("pool_misaligned", "pt.pool_misaligned", "Align the table pool: 0x200_1000 size 1020 KiB",
                        "7:17-7:39", "0x200_1000 size 1020 KiB"),
                Arguments.of("pool_exhausted", "pt.pool_exhausted", "Enlarge the table pool to 16 KiB", "7:34-7:39",
                        "16 KiB"),
                Arguments.of("region_misaligned", "pt.region_misaligned",
                        "Align region 'kernel': 0xffff_ffff_8000_0000 size 512 MiB", "7:12-7:46",
                        "0xffff_ffff_8000_0000 size 512 MiB"),
                Arguments.of("slot_out_of_range", "pt.slot_out_of_range", "Change to '511'", "7:29-7:32", "511"),
                Arguments.of("strategy_slot_collision", "pt.strategy_slot_collision", "Use foreign slot 509",
                        "12:48-12:51", "509"),
                Arguments.of("tables_unreachable", "pt.tables_unreachable",
                        "Add 'foreign slot 509' to the strategy of 'kernel'", "14:34-14:34", " foreign slot 509"),
                Arguments.of("direct_map_incomplete", "pt.direct_map_incomplete",
                        "Enlarge region 'direct_map' to 17 GiB", "8:43-8:48", "17 GiB"),
                Arguments.of("ram_below_physical_base", "pt.ram_below_physical_base",
                        "Start region 'lowmem' at physical 0x4000_0000", "9:60-9:71", "0x4000_0000"),
                Arguments.of("physical_base_misaligned", "pt.physical_base_misaligned",
                        "Align the physical base down to 0x4000_0000", "7:60-7:71", "0x4000_0000"),
                Arguments.of("direct_map_offset_mismatch", "pt.direct_map_offset_mismatch",
                        "Change the physical address to 0x0", "12:23-12:34", "0x0"),
                Arguments.of("misaligned", "pt.misaligned", "Align the physical address down to 0x800_0000",
                        "11:35-11:46", "0x800_0000"),
                Arguments.of("mapping_conflict", "pt.mapping_conflict", "Change 'map' to 'remap'", "12:5-12:8",
                        "remap"),
                Arguments.of("output_misaligned", "pt.output_misaligned", "Change to '0x1_0000_1000'", "18:35-18:48",
                        "0x1_0000_1000"),
                Arguments.of("output_needs_address", "pt.output_needs_address", "Add 'at physical 0x8200_0000'",
                        "16:24-16:24", " at physical 0x8200_0000"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("fixes")
    void fixOfTheBrokenExampleLeavesNoFindingOfItsCode(String file, String code, String title, String range,
            String newText) throws Exception {
        String text = Files.readString(BROKEN.resolve(file + ".ptl"));
        fixLeavesNoFinding(text, code, title, range, newText);
    }

    /** The foreign slot the fix of {@code pt.tables_unreachable} writes is the one its message proposes. */
    @Test
    void unreachableTablesFixWritesTheSlotItsMessageProposes() throws Exception {
        String uri = open(Files.readString(BROKEN.resolve("tables_unreachable.ptl")));
        Diagnostic diagnostic = only(client.next(uri), "pt.tables_unreachable");
        List<CodeAction> actions = actions(uri, diagnostic);
        assertEquals(1, actions.size(), () -> "actions: " + actions);
        String written = actions.get(0).getEdit().getChanges().get(uri).get(0).getNewText();
        assertEquals(" foreign slot 509", written);
        String message = diagnostic.getMessage().getLeft();
        assertTrue(message.endsWith(": PML4[509] is free ('" + written.strip() + "')"), message);
    }

    /** A small spec for the fixes no broken example shows: what it shows, the text, then as in {@link #fixes()}. */
    static Stream<Arguments> specFixes() {
        return Stream.of(
                Arguments.of("unknown machine of the library is imported", """
                        layout l for std.pc_x86_64 {
                            user 0x0 size 128 TiB
                        }
                        """, "pt.unknown_name", "Import \"std/pc-x86_64.ptl\"", "1:1-1:1",
                        "import \"std/pc-x86_64.ptl\"\n\n"),
                Arguments.of("misspelt keyword gets the keyword the parser accepts there", """
                import "std/pc-x86_64.ptl"
                layout l for std.pc_x86_64 {
                    kernel 0xffff_ffff_8000_0000 size 512 MiB
                }
                space k uses l {
                    wlak 0xffff_ffff_8000_1234
                }
                """, "org.eclipse.xtext.diagnostics.Diagnostic.Syntax", "Change to 'walk'", "6:5-6:9", "walk"),
                Arguments.of("unknown report gets the close aspect", """
                import "std/pc-x86_64.ptl"
                layout l for std.pc_x86_64 {
                }
                space k uses l {
                    report tabels
                }
                """, "pt.unknown_report", "Change to 'tables'", "5:12-5:18", "tables"),
                Arguments.of("all ram with a size loses the size", """
                import "std/pc-x86_64.ptl"
                layout l for std.pc_x86_64 {
                    direct_map 0xffff_8880_0000_0000 size 64 TiB
                }
                space k uses l {
                    map all ram into direct_map size 4 GiB rw nx
                }
                """, "pt.all_ram_form", "Remove 'size 4 GiB'", "6:32-6:43", ""),
                Arguments.of("all ram with identity loses identity", """
                import "std/pc-x86_64.ptl"
                layout l for std.pc_x86_64 {
                    direct_map 0xffff_8880_0000_0000 size 64 TiB
                }
                space k uses l {
                    map all ram into direct_map identity rw nx
                }
                """, "pt.all_ram_form", "Remove 'identity'", "6:32-6:41", ""),
                Arguments.of("unknown region gets the close name", """
                import "std/pc-x86_64.ptl"
                layout l for std.pc_x86_64 {
                    kernel 0xffff_ffff_8000_0000 size 512 MiB
                }
                space k uses l {
                    map kernal to 0x100_0000 rx
                }
                """, "pt.unknown_region", "Change to 'kernel'", "6:9-6:15", "kernel"),
                Arguments.of("self map region written as a range becomes its slot", """
                import "std/pc-x86_64.ptl"
                layout l for std.pc_x86_64 {
                    self_map 0xffff_ff00_0000_0000 size 1 GiB
                }
                """, "pt.region_misaligned", "Place region 'self_map' at top-level slot 510", "3:14-3:46",
                        "top-level slot 510"),
                Arguments.of("recursive strategy that reaches only its own tables gets a foreign slot", """
                import "std/pc-x86_64.ptl"
                layout l for std.pc_x86_64 {
                    user 0x0 size 128 TiB
                    self_map top-level slot 510
                    kernel 0xffff_ffff_8000_0000 size 512 MiB
                }
                space kernel uses l {
                    tables via recursive self_map
                }
                space app uses l {
                    tables via recursive self_map
                    map 0x40_0000 size 4 KiB to 0x80_0000 user rw nx
                    reach 0x40_0000 from kernel
                }
                """, "pt.tables_unreachable", "Add 'foreign slot 509' to the strategy of 'kernel'", "8:34-8:34",
                        " foreign slot 509"),
                Arguments.of("space without a strategy gets the recursive one of its self-map region", """
                import "std/pc-x86_64.ptl"
                layout l for std.pc_x86_64 {
                    user 0x0 size 128 TiB
                    self_map top-level slot 510
                    kernel 0xffff_ffff_8000_0000 size 512 MiB
                }
                space kernel uses l {
                    map 0x40_0000 size 4 KiB to 0x80_0000 user rw nx
                    reach 0x40_0000 from kernel
                }
                """, "pt.tables_unreachable", "Add 'tables via recursive self_map' to space 'kernel'", "7:22-7:22",
                        "\n    tables via recursive self_map"),
                Arguments.of("recursive slot that collides moves its region, though a foreign slot is given", """
                import "std/pc-x86_64.ptl"
                layout l for std.pc_x86_64 {
                    self_map top-level slot 511
                    kernel 0xffff_ffff_8000_0000 size 512 MiB
                }
                space k uses l {
                    tables via recursive self_map foreign slot 300
                }
                """, "pt.strategy_slot_collision", "Move region 'self_map' to top-level slot 510", "3:29-3:32", "510"),
                Arguments.of("recursive strategy naming a kernel region names the self-map region", """
                import "std/pc-x86_64.ptl"
                layout l for std.pc_x86_64 {
                    self_map top-level slot 510
                    kernel 0xffff_ffff_8000_0000 size 512 MiB
                }
                space k uses l {
                    tables via recursive kernel
                }
                """, "pt.strategy_region_missing", "Use region 'self_map'", "7:26-7:32", "self_map"),
                Arguments.of("slot collision of a recursive region moves the region", """
                import "std/pc-x86_64.ptl"
                layout l for std.pc_x86_64 {
                    self_map top-level slot 511
                    kernel 0xffff_ffff_8000_0000 size 512 MiB
                }
                space k uses l {
                    tables via recursive self_map
                }
                """, "pt.strategy_slot_collision", "Move region 'self_map' to top-level slot 510", "3:29-3:32", "510"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specFixes")
    void fixOfASmallSpecLeavesNoFindingOfItsCode(String what, String text, String code, String title, String range,
            String newText) throws Exception {
        fixLeavesNoFinding(text, code, title, range, newText);
    }

    /** Every code with a fix has a case above, and docs/diagnostics.md says "Quick fix:" for exactly those codes. */
    @Test
    void everyFixIsTestedAndDocumented() throws IOException {
        Set<String> codes = new PtQuickFixes().codes();
        Set<String> tested = Stream.concat(fixes(), specFixes()).map(a -> (String) a.get()[a.get().length - 4])
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(codes), tested, "codes with a fix / codes with a test case");

        String docs = Files.readString(Path.of("../docs/diagnostics.md"));
        Set<String> documented = new TreeSet<>();
        Matcher section = Pattern.compile("(?m)^### `(pt\\.[a-z_0-9]+)`\n((?:(?!^#).*\\n)*)").matcher(docs);
        while (section.find()) {
            if (section.group(2).contains("\nQuick fix: ")) {
                documented.add(section.group(1));
            }
        }
        // Syntax errors have Xtext's code and a section of their own; their fix is the suggestion the message makes.
        if (docs.contains("(Data: `suggestion`; the quick fix writes it)")) {
            documented.add(org.eclipse.xtext.diagnostics.Diagnostic.SYNTAX_DIAGNOSTIC);
        }
        assertEquals(new TreeSet<>(codes), documented, "codes with a fix / codes docs/diagnostics.md gives one");
    }

    /** The harness can fail: a wrong edit (GIb to GIB), applied and re-validated the same way, leaves the finding. */
    @Test
    void aWrongEditLeavesTheFinding() throws Exception {
        String text = Files.readString(BROKEN.resolve("unknown_unit.ptl"));
        String uri = open(text);
        Diagnostic d = only(client.next(uri), "pt.unknown_unit");
        String wrong = apply(text, new TextEdit(d.getRange(), "GIB"));
        assertNotEquals(text, wrong);
        assertEquals(1, count(change(uri, wrong), "pt.unknown_unit"));
    }

    /**
     * Code actions for every diagnostic of every broken example: each request answers (no internal error), and each
     * action is a quick fix for that diagnostic whose edits lie in the text.
     */
    @Test
    void everyDiagnosticOfTheBrokenExamplesGetsAnAnswer() throws Exception {
        int answered = 0;
        try (Stream<Path> files = Files.list(BROKEN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".ptl")).sorted().toList()) {
                String text = Files.readString(file);
                String uri = open(text);
                for (Diagnostic d : client.next(uri)) {
                    for (CodeAction a : actions(uri, d)) {
                        assertEquals(CodeActionKind.QuickFix, a.getKind(), file + ": " + a);
                        for (TextEdit e : a.getEdit().getChanges().get(uri)) {
                            assertTrue(offset(text, e.getRange().getStart()) <= offset(text, e.getRange().getEnd())
                                    && offset(text, e.getRange().getEnd()) <= text.length(), file + ": " + e);
                        }
                    }
                    answered++;
                }
            }
        }
        assertTrue(answered >= 99, "diagnostics asked about: " + answered);
    }

    /** A diagnostic sent back with a range beyond the text (another version of it) gets no action, not an error. */
    @Test
    void diagnosticBeyondTheTextGetsNoAction() throws Exception {
        String text = Files.readString(BROKEN.resolve("unknown_unit.ptl"));
        String uri = open(text);
        Diagnostic d = only(client.next(uri), "pt.unknown_unit");
        d.setRange(new Range(new Position(400, 1), new Position(400, 4)));
        assertEquals(List.of(), actions(uri, d));
    }

    /** No action for a diagnostic whose fix is not clear (a format parameter out of range). */
    @Test
    void noActionWithoutAClearFix() throws Exception {
        String text = Files.readString(BROKEN.resolve("format_parameter.ptl"));
        String uri = open(text);
        Diagnostic d = only(client.next(uri), "pt.format_parameter");
        assertEquals(List.of(), actions(uri, d));
    }

    private void fixLeavesNoFinding(String text, String code, String title, String range, String newText)
            throws Exception {
        String uri = open(text);
        Diagnostic diagnostic = only(client.next(uri), code);

        List<CodeAction> actions = actions(uri, diagnostic);
        CodeAction action = actions.stream().filter(a -> a.getTitle().equals(title)).findFirst()
                .orElseThrow(() -> new AssertionError("no action '" + title + "' in " + actions));
        assertEquals(CodeActionKind.QuickFix, action.getKind());
        assertEquals(List.of(diagnostic), action.getDiagnostics());
        Map<String, List<TextEdit>> changes = action.getEdit().getChanges();
        assertEquals(List.of(uri), List.copyOf(changes.keySet()));
        assertEquals(List.of(new TextEdit(range(range), newText)), changes.get(uri));

        List<Diagnostic> after = change(uri, apply(text, changes.get(uri).get(0)));
        assertEquals(0, count(after, code), () -> code + " remains: " + after);
    }

    private String open(String text) {
        String uri = workspace.resolve("fix" + (++documents) + ".ptl").toUri().toString();
        running.server().getTextDocumentService()
                .didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "pt", 1, text)));
        return uri;
    }

    private List<Diagnostic> change(String uri, String text) throws Exception {
        running.server().getTextDocumentService().didChange(new DidChangeTextDocumentParams(
                new VersionedTextDocumentIdentifier(uri, 2), List.of(new TextDocumentContentChangeEvent(text))));
        return client.next(uri);
    }

    private List<CodeAction> actions(String uri, Diagnostic diagnostic) throws Exception {
        CodeActionParams params = new CodeActionParams(new TextDocumentIdentifier(uri), diagnostic.getRange(),
                new CodeActionContext(List.of(diagnostic)));
        List<Either<Command, CodeAction>> answer = running.server().getTextDocumentService().codeAction(params)
                .get(WAIT_SECONDS, TimeUnit.SECONDS);
        return answer.stream().map(Either::getRight).toList();
    }

    private static Diagnostic only(List<Diagnostic> diagnostics, String code) {
        List<Diagnostic> of = diagnostics.stream().filter(d -> code.equals(d.getCode().getLeft())).toList();
        assertEquals(1, of.size(), () -> "one " + code + " expected in " + diagnostics);
        return of.get(0);
    }

    private static long count(List<Diagnostic> diagnostics, String code) {
        return diagnostics.stream().filter(d -> code.equals(d.getCode().getLeft())).count();
    }

    /** {@code 6:20-6:23}: 1-based line and column, end exclusive, as an LSP range. */
    private static Range range(String text) {
        String[] ends = text.split("-");
        return new Range(position(ends[0]), position(ends[1]));
    }

    private static Position position(String lineColumn) {
        String[] lc = lineColumn.split(":");
        return new Position(Integer.parseInt(lc[0]) - 1, Integer.parseInt(lc[1]) - 1);
    }

    /** The text with one edit applied (positions counted as LSP does, in a text without tabs or surrogates). */
    private static String apply(String text, TextEdit edit) {
        int start = offset(text, edit.getRange().getStart());
        int end = offset(text, edit.getRange().getEnd());
        return text.substring(0, start) + edit.getNewText() + text.substring(end);
    }

    private static int offset(String text, Position p) {
        int at = 0;
        for (int line = 0; line < p.getLine(); line++) {
            at = text.indexOf('\n', at) + 1;
            assertTrue(at > 0, "line " + p.getLine() + " beyond the text");
        }
        return at + p.getCharacter();
    }

    /** Hands out the diagnostics the server publishes for a document, one publication at a time. */
    static final class Client extends InProcessServer.QuietClient {
        private final Map<String, BlockingQueue<PublishDiagnosticsParams>> published = new ConcurrentHashMap<>();

        List<Diagnostic> next(String uri) throws InterruptedException {
            PublishDiagnosticsParams p = queue(uri).poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertTrue(p != null, "no diagnostics published for " + uri);
            return p.getDiagnostics();
        }

        private BlockingQueue<PublishDiagnosticsParams> queue(String uri) {
            return published.computeIfAbsent(uri, u -> new LinkedBlockingQueue<>());
        }

        @Override
        public void publishDiagnostics(PublishDiagnosticsParams params) {
            queue(params.getUri()).add(params);
        }
    }
}
