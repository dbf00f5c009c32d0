package org.pt.tests.ide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionItemKind;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/**
 * Completion over LSP ({@link InProcessServer}): a small spec with the cursor at {@code ^} is opened, a
 * {@code textDocument/completion} request is sent there, and the items' labels, kinds and the detail and
 * documentation of one item are compared exactly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CompletionTest {

    private static final String MACHINE = """
            machine m {
                format x86_64
                tables from 0x20_0000 size 1 MiB
                ram 0x0 size 1 GiB
            }
            """;
    private static final String LAYOUT = """
            layout l for m {
                user 0x0 size 128 TiB
                direct_map 0xffff_8880_0000_0000 size 64 TiB
                kernel 0xffff_ffff_8000_0000 size 512 MiB
                self_map top-level slot 510
            }
            """;

    @TempDir
    static Path workspace;

    private InProcessServer running;
    private int documents;

    @BeforeAll
    void startServer() throws Exception {
        running = new InProcessServer(new InProcessServer.QuietClient() {
            @Override
            public void publishDiagnostics(PublishDiagnosticsParams diagnostics) {
            }
        });
        running.initialize(workspace);
        running.server().initialized(new InitializedParams());
    }

    @AfterAll
    void stopServer() throws Exception {
        running.stop();
    }

    @Test
    void formatsAfterFormat() throws Exception {
        Map<String, CompletionItem> items = complete("machine m {\n    format ^\n}\n");
        assertOnly(CompletionItemKind.Value, List.of("x86-32", "x86-pae", "x86_64", "x86_64-la57", "aarch64-4k",
                "aarch64-16k",
                "aarch64-64k", "armv7", "sv32", "sv39", "sv48", "sv57"), items);
        assertItem(items.get("x86_64"), "paging format: 4 levels, 48-bit VA, 46-bit PA by default",
                "levels PML4, PDPT, PD, PT; pages 1 GiB, 2 MiB, 4 KiB; VA 48 bits per half, PA 46 bits unless"
                        + " 'physical bits' says otherwise; 8-byte entries");
        assertItem(items.get("sv39"), "paging format: 3 levels, 39-bit VA, 56-bit PA by default",
                "levels L2, L1, L0; pages 1 GiB, 2 MiB, 4 KiB; VA 39 bits per half, PA 56 bits unless"
                        + " 'physical bits' says otherwise; 8-byte entries");
    }

    @Test
    void aTypedPrefixNarrowsTheWords() throws Exception {
        // '}' may follow a complete 'x86' too (Xtext also completes after the word as it stands)
        assertLabels(List.of("x86-32", "x86-pae", "x86_64", "x86_64-la57", "}"),
                complete("machine m {\n    format x86^\n}\n"));
        // after 'size 1 M' as it stands: a unit or the next region (its purpose); no "label" for the optional label, no
        // operator (typed, like the numbers)
        assertLabels(List.of("MiB", "mmio"), complete(MACHINE + "layout l for m {\n    user 0x0 size 1 M^\n}\n"));
        Map<String, CompletionItem> pc = complete("import \"std/pc^\n");
        assertOnly(CompletionItemKind.File, List.of("\"std/pc-i386.ptl\"", "\"std/pc-pae.ptl\"",
                "\"std/pc-x86_64-la57.ptl\"", "\"std/pc-x86_64.ptl\""), pc);
        TextEdit edit = pc.get("\"std/pc-x86_64.ptl\"").getTextEdit().getLeft(); // replaces the typed "std/pc
        assertEquals(new Range(new Position(0, 7), new Position(0, 14)), edit.getRange());
        assertEquals("\"std/pc-x86_64.ptl\"", edit.getNewText());
    }

    @Test
    void unitsAfterANumber() throws Exception {
        Map<String, CompletionItem> items = complete(MACHINE + "layout l for m {\n    user 0x0 size 128 ^\n}\n");
        List<String> units = List.of("B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB");
        assertEquals(new TreeSet<>(units), items.values().stream().filter(i -> i.getKind() == CompletionItemKind.Unit)
                .map(CompletionItem::getLabel).collect(Collectors.toCollection(TreeSet::new)));
        // the size may be complete (a unit-less one is an error, not a syntax error): the next region, a physical
        // base ('from physical'), the end
        List<String> expected = new ArrayList<>(units);
        expected.addAll(List.of("user", "kernel", "direct_map", "self_map", "window", "guard", "mmio", "other", "size",
                "from", "}"));
        assertLabels(expected, items);
        assertItem(items.get("GiB"), "size unit: 2^30 bytes",
                "1 GiB = 2^30 = 1073741824 bytes; units are case-sensitive");
    }

    /** The statement keywords of a space body, which may follow any complete statement. */
    private static final List<String> STATEMENTS = List.of("compact", "decode", "map", "protect", "reach", "remap", "report",
            "root", "share", "unmap", "walk", "}");

    @Test
    void aKeywordComesWithWhatItIntroducesAsItsHoverSaysIt() throws Exception {
        Map<String, CompletionItem> items = complete(MACHINE + LAYOUT + "space k uses l {\n    ^\n}\n");
        assertEquals(CompletionItemKind.Keyword, items.get("walk").getKind());
        assertEquals("walk VA [expect PA | fault]: the MMU's walk of VA in this space",
                items.get("walk").getDocumentation().getLeft());
        assertEquals("decode VALUE at LEVEL | decode REGISTER VALUE: a raw entry or paging register decoded for this "
                + "machine", items.get("decode").getDocumentation().getLeft());
        assertEquals("compact: merges every table of the space that holds uniform, contiguous leaves back into one "
                + "leaf", items.get("compact").getDocumentation().getLeft());
    }

    @Test
    void attributesAfterAMapping() throws Exception {
        Map<String, CompletionItem> items = complete(MACHINE + LAYOUT
                + "space k uses l {\n    map kernel to 0x100_0000 ^\n}\n");
        List<String> attributes = List.of("r", "w", "x", "rw", "rx", "wx", "rwx", "user", "kernel", "global", "nx",
                "wb", "wt", "uc", "wc", "device", "inner_shareable", "outer_shareable", "non_shareable",
                "not_accessed", "not_dirty");
        List<String> expected = new ArrayList<>(attributes);
        expected.addAll(STATEMENTS);
        // the page policy, a trailing size, 'tables via' (no unit after an address, no operator)
        expected.addAll(List.of("pages", "size", "tables"));
        assertLabels(expected, items);
        attributes.forEach(a -> assertEquals(CompletionItemKind.Property, items.get(a).getKind(), a));
        firstComeThePtWords(attributes, items);
        assertItem(items.get("rw"), "attribute", "access rights: read, write, no execute");
        assertItem(items.get("kernel"), "attribute", "privilege: kernel only (the default)");
    }

    @Test
    void purposesInARegion() throws Exception {
        Map<String, CompletionItem> items = complete(MACHINE + "layout l for m {\n    vmalloc ^\n}\n");
        List<String> purposes = List.of("user", "kernel", "direct_map", "self_map", "window", "guard", "mmio", "other");
        List<String> expected = new ArrayList<>(purposes);
        expected.add("top-level"); // or the placement: 'top-level slot N' (an address is a number: not proposed)
        assertLabels(expected, items);
        purposes.forEach(p -> assertEquals(CompletionItemKind.Enum, items.get(p).getKind(), p));
        assertItem(items.get("direct_map"), "purpose, kernel half",
                "a linear map of physical memory (map all ram into it)");
    }

    @Test
    void aRegionsNameOffersThePurposesNotNameKeywords() throws Exception {
        Map<String, CompletionItem> items = complete(MACHINE + "layout l for m {\n    ^\n}\n");
        assertLabels(List.of("user", "kernel", "direct_map", "self_map", "window", "guard", "mmio", "other", "}"),
                items);
        assertItem(items.get("guard"), "purpose", "a guard: nothing may map here");
    }

    @Test
    void libraryFilesInImport() throws Exception {
        Map<String, CompletionItem> items = complete("import ^\n");
        List<String> expected = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("../org.pt.dsl/src/main/resources/std"))) {
            files.map(f -> "\"std/" + f.getFileName() + "\"").forEach(expected::add);
        }
        assertEquals(10, expected.size(), "library files on disk");
        assertOnly(CompletionItemKind.File, expected, items);
        assertItem(items.get("\"std/pc-x86_64.ptl\""), "standard library: machine std.pc_x86_64",
                "imports machine std.pc_x86_64 from PT's standard library");
    }

    @Test
    void aspectsAfterReport() throws Exception {
        Map<String, CompletionItem> items = complete(MACHINE + LAYOUT + "space k uses l {\n    report ^\n}\n");
        List<String> aspects = List.of("tables", "pages", "where", "va", "access", "events", "layout");
        List<String> expected = new ArrayList<>(aspects);
        expected.addAll(STATEMENTS); // 'tables' of 'tables via' is the aspect's item: once
        assertLabels(expected, items);
        firstComeThePtWords(aspects, items);
        aspects.forEach(a -> assertEquals(CompletionItemKind.Value, items.get(a).getKind(), a));
        assertItem(items.get("va"), "report aspect", "the virtual addresses the strategy takes");
    }

    @Test
    void featuresOfAMachine() throws Exception {
        Map<String, CompletionItem> items = complete("machine m {\n    features ^\n}\n"); // no format yet: all
        assertOnly(CompletionItemKind.Property, List.of("nx", "page_1g", "pse", "pse36", "global_pages", "smep",
                "smap", "sum", "svpbmt", "pan",
                "supersections"), items);
        assertItem(items.get("page_1g"), "feature", "x86: 1 GiB pages in the PDPT (CPUID pdpe1gb)");
    }

    @Test
    void featuresOfEachFormat() throws Exception {
        // what each architecture has (docs/paging-formats.md): PAE has no 1 GiB pages, PSE-36 needs PSE
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("x86-32", List.of("pse", "global_pages", "smep", "smap"));
        expected.put("x86-pae", List.of("nx", "global_pages", "smep", "smap"));
        expected.put("x86_64", List.of("nx", "page_1g", "global_pages", "smep", "smap"));
        expected.put("sv39", List.of("sum", "svpbmt"));
        expected.put("aarch64-4k", List.of("pan"));
        expected.put("armv7", List.of("supersections"));
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            assertLabels(e.getValue(), complete("machine m {\n    format " + e.getKey() + "\n    features ^\n}\n"));
        }
        // after 'pse': pse36 too, pse not again
        assertLabels(List.of("pse36", "global_pages", "smep", "smap"),
                complete("machine m {\n    format x86-32\n    features pse, ^\n}\n"));
    }

    @Test
    void outputFormsAfterGenerate() throws Exception {
        Map<String, CompletionItem> items = complete(MACHINE + LAYOUT + "space k uses l {\n}\ngenerate ^\n");
        assertOnly(CompletionItemKind.Value, List.of("c", "gas", "nasm", "binary", "linker", "json"), items);
        assertItem(items.get("nasm"), "output form", "BASE.asm for NASM: the same, with %define/equ (x86 only)");
    }

    @Test
    void patPresetsOfAMachine() throws Exception {
        Map<String, CompletionItem> items = complete("machine m {\n    format x86_64\n    pat ^\n}\n");
        assertOnly(CompletionItemKind.Value, List.of("linux", "power-on"), items);
        assertItem(items.get("linux"), "x86 PAT preset", "PAT entries [WB, WC, UC_MINUS, UC, WB, WP, UC_MINUS, WT]");
    }

    @Test
    void strategiesAfterTablesVia() throws Exception {
        Map<String, CompletionItem> items = complete(MACHINE + LAYOUT + "space k uses l {\n    tables via ^\n}\n");
        assertOnly(CompletionItemKind.Keyword, List.of("recursive", "direct-map", "identity", "table-offset",
                "window"), items);
        assertItem(items.get("direct-map"), "strategy: how the kernel reaches its tables",
                "tables are read through the linear map of physical memory");
    }

    @Test
    void regionNamesInScopeAfterMap() throws Exception {
        Map<String, CompletionItem> items = complete(MACHINE + LAYOUT + "space k uses l {\n    map ^\n}\n");
        assertLabels(List.of("user", "direct_map", "kernel", "self_map", "all"), items);
        List.of("user", "direct_map", "kernel", "self_map")
                .forEach(r -> assertEquals(CompletionItemKind.Reference, items.get(r).getKind(), r));
        assertEquals("Region", items.get("kernel").getDetail());
    }

    @Test
    void machineAndLayoutNamesInScope() throws Exception {
        Map<String, CompletionItem> machines = complete(MACHINE + "layout l for ^\n");
        assertLabels(List.of("m"), machines);
        assertEquals(CompletionItemKind.Reference, machines.get("m").getKind());
        Map<String, CompletionItem> layouts = complete(MACHINE + LAYOUT + "space k uses ^\n");
        assertLabels(List.of("l"), layouts);
        assertEquals("Layout", layouts.get("l").getDetail());
    }

    @Test
    void importedMachinesAreInScope() throws Exception {
        Map<String, CompletionItem> items = complete("import \"std/riscv-sv39.ptl\"\n" + MACHINE + "layout l for ^\n");
        // the imported library machine, by its qualified name; no other library machine (they are not imported)
        assertOnly(CompletionItemKind.Reference, List.of("m", "std.riscv_sv39"), items);
    }

    @Test
    void extendsAfterAMachineNameThenTheMachinesInScope() throws Exception {
        Map<String, CompletionItem> keyword = complete(MACHINE + "machine board ^\n");
        assertLabels(List.of("extends", "{"), keyword);
        assertEquals("machine NAME extends MACHINE { ... }: MACHINE's properties, with the lines written here "
                + "replacing or adding to them", keyword.get("extends").getDocumentation().getLeft());
        Map<String, CompletionItem> parents = complete("import \"std/riscv-sv39.ptl\"\n" + MACHINE
                + "machine board extends ^\n");
        // the machine itself too: extending it is the cycle pt.extends_cycle names, not an unknown name
        assertOnly(CompletionItemKind.Reference, List.of("board", "m", "std.riscv_sv39"), parents);
    }

    @Test
    void theHarnessFailsOnAWrongExpectation() throws Exception {
        Map<String, CompletionItem> items = complete("machine m {\n    format ^\n}\n");
        // one format short, a detail off by one word, a wrong kind: each must fail
        assertThrows(AssertionFailedError.class, () -> assertLabels(List.of("x86-32", "x86-pae", "x86_64",
                "x86_64-la57", "aarch64-4k", "aarch64-16k", "aarch64-64k", "armv7", "sv32", "sv39", "sv48"), items));
        assertThrows(AssertionFailedError.class, () -> assertItem(items.get("sv39"),
                "paging format: 4 levels, 39-bit VA, 56-bit PA by default", ""));
        assertThrows(AssertionFailedError.class, () -> assertKinds(CompletionItemKind.Keyword, items));
    }

    private Map<String, CompletionItem> complete(String marked) throws Exception {
        int at = marked.indexOf('^');
        assertTrue(at >= 0, "no cursor in the spec");
        String text = marked.substring(0, at) + marked.substring(at + 1);
        String before = text.substring(0, at);
        int line = (int) before.chars().filter(c -> c == '\n').count();
        int column = at - (before.lastIndexOf('\n') + 1);
        String uri = workspace.resolve("complete" + (++documents) + ".ptl").toUri().toString();
        running.server().getTextDocumentService()
                .didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "pt", 1, text)));
        CompletionParams params = new CompletionParams(new TextDocumentIdentifier(uri), new Position(line, column));
        Either<List<CompletionItem>, CompletionList> answer = running.server().getTextDocumentService()
                .completion(params).get(InProcessServer.WAIT_SECONDS, TimeUnit.SECONDS);
        List<CompletionItem> list = answer.isLeft() ? answer.getLeft() : answer.getRight().getItems();
        Map<String, CompletionItem> byLabel = new LinkedHashMap<>();
        for (CompletionItem item : list) {
            CompletionItem earlier = byLabel.put(item.getLabel(), item);
            assertTrue(earlier == null, "proposed twice: " + item.getLabel());
        }
        return byLabel;
    }

    private static void assertLabels(List<String> expected, Map<String, CompletionItem> items) {
        List<String> sorted = new ArrayList<>(expected);
        sorted.sort(null);
        List<String> actual = new ArrayList<>(items.keySet());
        actual.sort(null); // the order is the server's ranking (see firstComeThePtWords), not a label order
        assertEquals(sorted, actual, "labels");
    }

    /** The PT words are ranked before every other item. */
    private static void firstComeThePtWords(List<String> words, Map<String, CompletionItem> items) {
        List<String> first = new ArrayList<>(items.keySet()).subList(0, words.size());
        first.sort(null);
        List<String> sorted = new ArrayList<>(words);
        sorted.sort(null);
        assertEquals(sorted, first, "the first items");
    }

    /** Exactly these labels, every item of this kind. */
    private static void assertOnly(CompletionItemKind kind, List<String> labels, Map<String, CompletionItem> items) {
        assertLabels(labels, items);
        assertKinds(kind, items);
    }

    private static void assertKinds(CompletionItemKind kind, Map<String, CompletionItem> items) {
        items.values().forEach(i -> assertEquals(kind, i.getKind(), "kind of " + i.getLabel()));
    }

    private static void assertItem(CompletionItem item, String detail, String documentation) {
        assertTrue(item != null, "no item");
        assertEquals(detail, item.getDetail(), "detail of " + item.getLabel());
        assertEquals(documentation, item.getDocumentation().getLeft(), "documentation of " + item.getLabel());
    }
}
