package org.pt.tests.ide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.pt.tests.ide.EditedWorkspace.offset;
import static org.pt.tests.ide.EditedWorkspace.refusal;
import static org.pt.tests.ide.EditedWorkspace.sorted;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PrepareRenameParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.RenameParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Rename, references and definition across files, over LSP, for every name a PT file declares: machines, layouts,
 * regions and spaces, in three files that import each other. A rename's edit is compared exactly with the occurrences
 * of the name found in the texts (each a whole word), applied, sent back as edits, and must leave no error; an invalid
 * new name, a clash, and a name that may not be renamed are refused with an LSP error that says why.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NavigationTest {

    private static final long WAIT = LspSession.WAIT_SECONDS;

    /**
     * The files of the workspace, by name: a machine, one that extends it, the layouts for the first, the spaces that
     * use them.
     */
    private static final Map<String, String> FILES = new LinkedHashMap<>();

    static {
        FILES.put("hardware.ptl", """
                package hw

                machine board {
                    format x86_64
                    ram 0x0 ..= 0x07ff_ffff
                    tables from 0x0010_0000 size 1 MiB
                }
                """);
        FILES.put("spare.ptl", """
                package hw

                machine spare {
                    format x86_64
                    ram 0x0 ..= 0x07ff_ffff
                    tables from 0x0010_0000 size 1 MiB
                }
                """);
        FILES.put("bigger.ptl", """
                package hw
                import "hardware.ptl"

                machine bigger extends board {
                    cpus 2
                }
                """);
        FILES.put("layouts.ptl", """
                package boot
                import "hardware.ptl"

                layout low for hw.board {
                    image kernel 0xffff_ffff_8000_0000 size 2 MiB
                    app user 0x0000_0000_0040_0000 size 2 MiB
                    phys direct_map 0xffff_8880_0000_0000 size 512 GiB
                }

                layout high for hw.board {
                    image kernel 0xffff_ffff_8000_0000 size 2 MiB
                }
                """);
        FILES.put("spaces.ptl", """
                package boot
                import "layouts.ptl"

                space kern uses low {
                    tables via direct-map phys
                    map all ram into phys rw nx
                    map image to 0x0020_0000 rx
                }

                space usr uses low {
                    share kernel half with kern
                    map app to 0x0080_0000 user rw nx
                    reach 0x40_0000 from kern
                }

                generate json for kern, usr
                """);
    }

    @TempDir
    Path workspace;

    private EditedWorkspace files;
    private LspSession session;
    private TextDocumentService text;
    private Map<String, String> texts; // by URI

    @BeforeEach
    void start() throws Exception {
        files = EditedWorkspace.open(workspace, FILES);
        session = files.session;
        text = files.text;
        texts = files.texts;
    }

    @AfterEach
    void stop() throws Exception {
        files.close();
    }

    private String uri(String file) {
        return files.uri(file);
    }

    /**
     * The ranges of {@code name} as a whole word in a text, a qualified reference's package included ({@code hw.board}:
     * a rename rewrites the whole reference, and references name it whole).
     */
    private static List<Range> occurrences(String text, String name) {
        List<Range> ranges = new ArrayList<>();
        Matcher m = Pattern.compile("(?<![\\w\"/.])(?:\\w+\\.)*" + Pattern.quote(name) + "(?![\\w])").matcher(text);
        while (m.find()) {
            ranges.add(new Range(position(text, m.start()), position(text, m.end())));
        }
        return ranges;
    }

    /** What a rename to {@code newName} writes over an occurrence: the new name, after the reference's package. */
    private static String renamed(String text, Range occurrence, String newName) {
        String written = text.substring(offset(text, occurrence.getStart()), offset(text, occurrence.getEnd()));
        return written.substring(0, written.lastIndexOf('.') + 1) + newName;
    }

    /** The name's own part of an occurrence: without a qualified reference's package. */
    private static Range namePart(Range occurrence, String name) {
        Position end = occurrence.getEnd();
        return new Range(new Position(end.getLine(), end.getCharacter() - name.length()), end);
    }

    private static Position position(String text, int offset) {
        int line = 0;
        int start = 0;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                start = i + 1;
            }
        }
        return new Position(line, offset - start);
    }

    /** Every occurrence of {@code name} in the workspace, by URI (files without one left out). */
    private Map<String, List<Range>> everywhere(String name) {
        Map<String, List<Range>> all = new TreeMap<>();
        texts.forEach((uri, content) -> {
            List<Range> found = occurrences(content, name);
            if (!found.isEmpty()) {
                all.put(uri, found);
            }
        });
        return all;
    }

    /** The {@code index}th occurrence of {@code name} in {@code file}, a position inside the name. */
    private Position at(String file, String name, int index) {
        Range r = occurrences(texts.get(uri(file)), name).get(index);
        return new Position(r.getEnd().getLine(), r.getEnd().getCharacter() - 1);
    }

    @ParameterizedTest(name = "{0} {1} renamed from {2} ({3}) to {4}")
    @CsvSource({
        "machine, board, hardware.ptl, 0, soc",
        "machine, board, layouts.ptl, 1, soc",
        "layout, low, layouts.ptl, 0, lower",
        "layout, low, spaces.ptl, 1, lower",
        "region, phys, layouts.ptl, 0, physmap",
        "region, phys, spaces.ptl, 1, physmap",
        "region, image, spaces.ptl, 0, kimage",
        "space, kern, spaces.ptl, 0, kernel_space",
        "space, kern, spaces.ptl, 2, kernel_space",
    })
    void renameChangesEveryOccurrenceInEveryFileAndLeavesNoError(String kind, String name, String file, int index,
            String newName) throws Exception {
        Position p = at(file, name, index);
        Map<String, List<Range>> occurrences = everywhere(name);
        if (kind.equals("region") && name.equals("image")) { // layout high has a region of that name too
            occurrences.get(uri("layouts.ptl")).remove(1);
        }
        Map<String, List<TextEdit>> expected = new TreeMap<>();
        occurrences.forEach((uri, ranges) -> expected.put(uri,
                ranges.stream().map(r -> new TextEdit(r, renamed(texts.get(uri), r, newName))).toList()));
        Range named = namePart(occurrences(texts.get(uri(file)), name).get(index), name);

        assertEquals(named, text.prepareRename(new PrepareRenameParams(new TextDocumentIdentifier(uri(file)), p))
                .get(WAIT, TimeUnit.SECONDS).getFirst(), "prepareRename: the name's range");
        WorkspaceEdit edit = text.rename(new RenameParams(new TextDocumentIdentifier(uri(file)), p, newName))
                .get(WAIT, TimeUnit.SECONDS);

        assertNull(edit.getDocumentChanges());
        assertEquals(expected, sorted(edit));
        Map<String, String> before = new TreeMap<>(texts);
        Map<String, String> changed = files.apply(sorted(edit));
        for (String uri : changed.keySet()) {
            assertNotEquals(before.get(uri), changed.get(uri));
        }
        for (String uri : texts.keySet()) {
            assertEquals(List.of(), files.errors(uri), "after the rename: " + uri);
        }
    }

    /** The check above can fail: a reference left with the old name is an error. */
    @Test
    void aReferenceLeftWithTheOldNameIsAnError() throws Exception {
        WorkspaceEdit edit = text.rename(new RenameParams(new TextDocumentIdentifier(uri("layouts.ptl")),
                at("layouts.ptl", "phys", 0), "physmap")).get(WAIT, TimeUnit.SECONDS);
        Map<String, List<TextEdit>> declarationOnly = new TreeMap<>(sorted(edit));
        assertEquals(2, declarationOnly.size());
        declarationOnly.remove(uri("spaces.ptl"));

        files.apply(declarationOnly);

        List<String> messages = files.errors(uri("spaces.ptl")).stream().map(d -> d.getMessage().getLeft()).toList();
        assertEquals(2, messages.size(), messages::toString);
        assertTrue(messages.get(0).contains("phys"), messages::toString);
    }

    private void assertRenameRefused(String file, String name, int index, String newName, int code, String message)
            throws Exception {
        ResponseError error = refusal(text.rename(new RenameParams(new TextDocumentIdentifier(uri(file)),
                at(file, name, index), newName)));
        assertEquals(code + " " + message, error.getCode() + " " + error.getMessage());
    }

    private static final int INVALID_PARAMS = -32602;
    private static final int REQUEST_FAILED = -32803;

    @Test
    void aNewNameThatIsNoIdentifierIsRefused() throws Exception {
        String why = "' is not a name: a name is a letter or '_' followed by letters, digits and '_'";
        assertRenameRefused("spaces.ptl", "phys", 0, "1phys", INVALID_PARAMS, "'1phys" + why);
        assertRenameRefused("spaces.ptl", "kern", 0, "a-b", INVALID_PARAMS, "'a-b" + why);
        assertRenameRefused("layouts.ptl", "low", 0, "", INVALID_PARAMS, "'" + why);
    }

    @Test
    void aKeywordIsRefusedButAWordThatIsOnlySometimesAKeywordIsNot() throws Exception {
        assertRenameRefused("spaces.ptl", "phys", 0, "map", INVALID_PARAMS,
                "'map' is a keyword of PT and cannot name a region");
        assertRenameRefused("hardware.ptl", "board", 0, "layout", INVALID_PARAMS,
                "'layout' is a keyword of PT and cannot name a machine");
        WorkspaceEdit edit = text.rename(new RenameParams(new TextDocumentIdentifier(uri("spaces.ptl")),
                at("spaces.ptl", "kern", 0), "window")).get(WAIT, TimeUnit.SECONDS);
        assertEquals(4, edit.getChanges().get(uri("spaces.ptl")).size(), "'window' is also a name");
        files.apply(sorted(edit));
        assertEquals(List.of(), files.errors(uri("spaces.ptl")));
    }

    @Test
    void aNameThatClashesIsRefused() throws Exception {
        assertRenameRefused("spaces.ptl", "phys", 0, "image", REQUEST_FAILED,
                "layout 'low' already has a region named 'image'");
        assertRenameRefused("spaces.ptl", "kern", 0, "usr", REQUEST_FAILED,
                "this file already has a space named 'usr'");
        assertRenameRefused("layouts.ptl", "low", 0, "high", REQUEST_FAILED,
                "this file already has a layout named 'high'");
        assertRenameRefused("layouts.ptl", "board", 0, "spare", REQUEST_FAILED,
                "'hw.spare' already names a machine in spare.ptl");
    }

    @Test
    void aFormatAndAnAttributeAreNotNamesToRename() throws Exception {
        assertRenameRefused("spaces.ptl", "rx", 0, "ry", REQUEST_FAILED, "'rx' is an attribute known to PT, not a"
                + " name declared in this file: only machines, layouts, regions and spaces can be renamed");
        assertRenameRefused("hardware.ptl", "x86_64", 0, "x86_65", REQUEST_FAILED, "'x86_64' is a format known to"
                + " PT, not a name declared in this file: only machines, layouts, regions and spaces can be renamed");
    }

    /** The library's machine, and its package {@code std} (the caret on {@code std} of {@code std.pc_x86_64}). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "26 | 'pc_x86_64' is declared",
        "22 | package 'std' is declared",
    })
    void aStandardLibraryNameIsReadOnly(int column, String declared) throws Exception {
        String content = "import \"std/pc-x86_64.ptl\"\n\nlayout pc_layout for std.pc_x86_64 {\n}\n";
        TextDocumentIdentifier id = session.openChecked(workspace.resolve("pc.ptl"), content);
        texts.put(id.getUri(), content);
        Position p = new Position(2, column);
        String message = declared + " in the standard library (std/pc-x86_64.ptl, a read-only copy) and cannot be"
                + " renamed";

        ResponseError prepared = refusal(text.prepareRename(new PrepareRenameParams(id, p)));
        ResponseError renamed = refusal(text.rename(new RenameParams(id, p, "mine")));

        assertEquals(REQUEST_FAILED + " " + message, prepared.getCode() + " " + prepared.getMessage());
        assertEquals(REQUEST_FAILED + " " + message, renamed.getCode() + " " + renamed.getMessage());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "machine, board, hardware.ptl, layouts.ptl",
        "machine, board, hardware.ptl, bigger.ptl",
        "layout, low, layouts.ptl, spaces.ptl",
        "region, phys, layouts.ptl, spaces.ptl",
        "space, kern, spaces.ptl, spaces.ptl",
    })
    void definitionAndReferencesAcrossFiles(String kind, String name, String declaredIn, String usedIn)
            throws Exception {
        Map<String, List<Range>> occurrences = everywhere(name);
        Range declaration = occurrences.get(uri(declaredIn)).get(0);
        List<Location> all = new ArrayList<>();
        occurrences.forEach((uri, ranges) -> ranges.forEach(r -> all.add(new Location(uri, r))));
        int use = usedIn.equals(declaredIn) ? 1 : 0;

        List<? extends Location> definition = text.definition(new DefinitionParams(
                new TextDocumentIdentifier(uri(usedIn)), at(usedIn, name, use))).get(WAIT, TimeUnit.SECONDS).getLeft();
        List<? extends Location> references = text.references(new ReferenceParams(
                new TextDocumentIdentifier(uri(declaredIn)), at(declaredIn, name, 0), new ReferenceContext(true)))
                .get(WAIT, TimeUnit.SECONDS);

        assertEquals(List.of(new Location(uri(declaredIn), declaration)), definition);
        Comparator<Location> order = Comparator.comparing(Location::getUri)
                .thenComparing(l -> l.getRange().getStart().getLine())
                .thenComparing(l -> l.getRange().getStart().getCharacter());
        assertEquals(all.stream().sorted(order).toList(), references.stream().map(l -> (Location) l).sorted(order).toList());
    }

    /**
     * A rename is one read request, with no read requests of its own: Xtext's rename service waited for nested read
     * requests (one for the file, one per changed file), which queue behind any write submitted meanwhile, while the
     * write waits for the rename: the server hung. The count of submitted requests shows the nesting
     * deterministically; a hang needs an edit at the wrong moment.
     */
    @Test
    void aRenameIsOneReadRequest() throws Exception {
        var requests = (org.pt.dsl.ide.server.BackgroundRequestManager) session.built().getRequestManager();
        String uri = uri("spaces.ptl");
        // The opens before have reached the server (and submitted their writes) once a request after them is answered.
        text.documentSymbol(new org.eclipse.lsp4j.DocumentSymbolParams(new TextDocumentIdentifier(uri)))
                .get(WAIT, TimeUnit.SECONDS);
        long before = requests.submittedCount();

        WorkspaceEdit edit = text.rename(new RenameParams(new TextDocumentIdentifier(uri), at("spaces.ptl", "phys", 0),
                "physmap")).get(WAIT, TimeUnit.SECONDS);

        assertEquals(2, edit.getChanges().size());
        assertEquals(1, requests.submittedCount() - before);
        text.prepareRename(new PrepareRenameParams(new TextDocumentIdentifier(uri), at("spaces.ptl", "phys", 0)))
                .get(WAIT, TimeUnit.SECONDS);
        assertEquals(2, requests.submittedCount() - before, "prepareRename is one read request too");
    }

    /** A rename while edits arrive answers, or is cancelled by the edit (as any request is), and never hangs. */
    @Test
    void aRenameDuringEditsAnswersOrIsCancelled() throws Exception {
        String uri = uri("spaces.ptl");
        int answered = 0;
        for (int i = 0; i < 20; i++) {
            CompletableFuture<WorkspaceEdit> renamed = text.rename(new RenameParams(new TextDocumentIdentifier(uri),
                    at("spaces.ptl", "phys", 0), "physmap" + i));
            text.didChange(new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(uri, i + 2),
                    List.of(new TextDocumentContentChangeEvent(texts.get(uri)))));
            try {
                WorkspaceEdit edit = renamed.get(WAIT, TimeUnit.SECONDS);
                assertEquals(2, edit.getChanges().size());
                answered++;
            } catch (ExecutionException e) {
                ResponseError error = ((ResponseErrorException) e.getCause()).getResponseError();
                assertEquals(-32800, error.getCode(), error.getMessage()); // RequestCancelled
            }
        }
        WorkspaceEdit after = text.rename(new RenameParams(new TextDocumentIdentifier(uri), at("spaces.ptl", "phys", 0),
                "physmap")).get(WAIT, TimeUnit.SECONDS);
        assertEquals(2, after.getChanges().size(), "answered during edits: " + answered);
    }
}
