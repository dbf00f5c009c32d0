package org.pt.tests.ide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.pt.tests.ide.EditedWorkspace.refusal;
import static org.pt.tests.ide.EditedWorkspace.sorted;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DocumentHighlight;
import org.eclipse.lsp4j.DocumentHighlightKind;
import org.eclipse.lsp4j.DocumentHighlightParams;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PrepareRenameParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.RenameParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Packages as names over LSP: rename, prepareRename, references, definition and highlights of a package, from its
 * package line or from the package part of a qualified reference. Two files declare package {@code lab}, one file of
 * package {@code other} imports both and names their elements qualified ({@code lab.low}) and its own by simple and
 * qualified names; a fourth file declares the sub-package {@code lab.sub}, which a rename of {@code lab} leaves alone.
 * The expected edits are written out by hand (file, line, columns); applied, they must leave no error anywhere. The
 * standard library's package {@code std} is refused by {@code NavigationTest.aStandardLibraryNameIsReadOnly}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PackageRenameTest {

    private static final long WAIT = LspSession.WAIT_SECONDS;
    private static final int INVALID_PARAMS = -32602;
    private static final int REQUEST_FAILED = -32803;

    private static final String MACHINE = """
                format x86_64
                ram 0x0 ..= 0x07ff_ffff
                tables from 0x0010_0000 size 1 MiB
            }
            """;

    private static final Map<String, String> FILES = new LinkedHashMap<>();

    static {
        FILES.put("board.ptl", "package lab\n\nmachine board {\n" + MACHINE);
        FILES.put("sub.ptl", "package lab.sub\n\nmachine spare {\n" + MACHINE);
        FILES.put("layouts.ptl", """
                package lab
                import "board.ptl"
                import "sub.ptl"

                layout low for lab.board {
                    image kernel 0xffff_ffff_8000_0000 size 2 MiB
                }

                layout high for board {
                    image kernel 0xffff_ffff_8000_0000 size 2 MiB
                }

                layout spare_low for lab.sub.spare {
                    image kernel 0xffff_ffff_8000_0000 size 2 MiB
                }
                """);
        FILES.put("spaces.ptl", """
                package other
                import "board.ptl"
                import "layouts.ptl"

                layout mine for lab.board {
                    image kernel 0xffff_ffff_8000_0000 size 2 MiB
                }

                space kern uses lab.low {
                    map image to 0x0020_0000 rx
                }

                space top uses lab.high {
                    map image to 0x0020_0000 rx
                }

                space own uses mine {
                    map image to 0x0020_0000 rx
                }

                generate json for kern, other.top, own
                """);
    }

    @TempDir
    Path workspace;

    private EditedWorkspace files;
    private TextDocumentService text;

    @BeforeEach
    void start() throws Exception {
        files = EditedWorkspace.open(workspace, FILES);
        text = files.text;
    }

    @AfterEach
    void stop() throws Exception {
        files.close();
    }

    private TextDocumentIdentifier id(String file) {
        return new TextDocumentIdentifier(files.uri(file));
    }

    private static Range range(int line, int start, int end) {
        return new Range(new Position(line, start), new Position(line, end));
    }

    /** Where package {@code lab} is named, by file: the package lines (line 0), then the qualified references. */
    private Map<String, List<Range>> labEverywhere() {
        Map<String, List<Range>> all = new TreeMap<>();
        all.put(files.uri("board.ptl"), List.of(range(0, 8, 11)));
        all.put(files.uri("layouts.ptl"), List.of(range(0, 8, 11), range(4, 15, 18)));
        all.put(files.uri("spaces.ptl"), List.of(range(4, 16, 19), range(8, 16, 19), range(12, 15, 18)));
        return all;
    }

    private static Map<String, List<TextEdit>> edits(Map<String, List<Range>> ranges, String newText) {
        Map<String, List<TextEdit>> edits = new TreeMap<>();
        ranges.forEach((uri, rs) -> edits.put(uri, rs.stream().map(r -> new TextEdit(r, newText)).toList()));
        return edits;
    }

    private Range prepared(String file, Position p) throws Exception {
        return text.prepareRename(new PrepareRenameParams(id(file), p)).get(WAIT, TimeUnit.SECONDS).getFirst();
    }

    private WorkspaceEdit rename(String file, Position p, String newName) throws Exception {
        return text.rename(new RenameParams(id(file), p, newName)).get(WAIT, TimeUnit.SECONDS);
    }

    private void assertRenamesLabToLab2Core(String file, Position p) throws Exception {
        WorkspaceEdit edit = rename(file, p, "lab2.core");

        assertNull(edit.getDocumentChanges());
        assertEquals(edits(labEverywhere(), "lab2.core"), sorted(edit));
        files.apply(sorted(edit));
        Map<String, String> expected = new TreeMap<>();
        FILES.forEach((name, content) -> expected.put(files.uri(name), content.replace("package lab\n",
                "package lab2.core\n").replace(" lab.board", " lab2.core.board").replace(" lab.low", " lab2.core.low")
                .replace(" lab.high", " lab2.core.high")));
        assertEquals(expected, files.texts);
        assertTrue(files.texts.get(files.uri("layouts.ptl")).contains("for lab.sub.spare"), "the sub-package is another one");
        for (String uri : files.texts.keySet()) {
            assertEquals(List.of(), files.errors(uri), "after the rename: " + uri);
        }
    }

    @Test
    void renameFromThePackageLineChangesEveryFileOfThePackageAndEveryQualifiedReference() throws Exception {
        assertEquals(range(0, 8, 11), prepared("layouts.ptl", new Position(0, 9)));
        assertEquals(range(0, 8, 11), prepared("layouts.ptl", new Position(0, 11)), "the caret just after the name");
        assertRenamesLabToLab2Core("board.ptl", new Position(0, 10));
    }

    @Test
    void renameFromAQualifiedReferenceRenamesThePackageNotTheElement() throws Exception {
        assertEquals(range(8, 16, 19), prepared("spaces.ptl", new Position(8, 17)), "the package part");
        assertEquals(range(8, 20, 23), prepared("spaces.ptl", new Position(8, 21)), "the element's own name");
        assertRenamesLabToLab2Core("spaces.ptl", new Position(8, 17));
    }

    @Test
    void renamingTheImportersPackageRenamesItsOwnQualifiedReferences() throws Exception {
        WorkspaceEdit edit = rename("spaces.ptl", new Position(0, 10), "elsewhere");

        assertEquals(Map.of(files.uri("spaces.ptl"), List.of(new TextEdit(range(0, 8, 13), "elsewhere"),
                new TextEdit(range(20, 24, 29), "elsewhere"))), sorted(edit));
        files.apply(sorted(edit));
        assertTrue(files.texts.get(files.uri("spaces.ptl")).startsWith("package elsewhere\n"));
        assertTrue(files.texts.get(files.uri("spaces.ptl")).contains("for kern, elsewhere.top, own\n"));
        for (String uri : files.texts.keySet()) {
            assertEquals(List.of(), files.errors(uri), "after the rename: " + uri);
        }
    }

    /** A sub-package is a package of its own: named by all of {@code lab.sub}, the caret on either segment. */
    @Test
    void aSubPackageIsRenamedAloneAndTheCaretOnItsFirstSegmentNamesItWhole() throws Exception {
        assertEquals(range(12, 21, 28), prepared("layouts.ptl", new Position(12, 22)));
        assertEquals(range(12, 21, 28), prepared("layouts.ptl", new Position(12, 26)));

        WorkspaceEdit edit = rename("layouts.ptl", new Position(12, 22), "lab.extra");

        assertEquals(Map.of(files.uri("sub.ptl"), List.of(new TextEdit(range(0, 8, 15), "lab.extra")),
                files.uri("layouts.ptl"), List.of(new TextEdit(range(12, 21, 28), "lab.extra"))), sorted(edit));
        files.apply(sorted(edit));
        for (String uri : files.texts.keySet()) {
            assertEquals(List.of(), files.errors(uri), "after the rename: " + uri);
        }
    }

    /** The check above can fail: an importer left with the old package has unresolved references. */
    @Test
    void aQualifiedReferenceLeftWithTheOldPackageIsAnError() throws Exception {
        Map<String, List<TextEdit>> partial = new TreeMap<>(sorted(rename("board.ptl", new Position(0, 9),
                "lab2")));
        partial.remove(files.uri("spaces.ptl"));

        files.apply(partial);

        List<String> messages = files.errors(files.uri("spaces.ptl")).stream().map(d -> d.getMessage().getLeft()).toList();
        assertEquals(3, messages.size(), messages::toString);
        assertTrue(messages.get(0).contains("lab.board"), messages::toString);
    }

    private void assertRefused(String file, Position p, String newName, int code, String message) throws Exception {
        ResponseError error = refusal(text.rename(new RenameParams(id(file), p, newName)));
        assertEquals(code + " " + message, error.getCode() + " " + error.getMessage());
    }

    @Test
    void aNewNameThatIsNoDottedNameOrHasAKeywordIsRefused() throws Exception {
        String why = "' is not a package name: a package name is names joined by '.', each a letter or '_' followed"
                + " by letters, digits and '_'";
        for (String bad : List.of("1lab", "lab..x", "lab.", ".lab", "a-b", "", "lab x")) {
            assertRefused("board.ptl", new Position(0, 9), bad, INVALID_PARAMS, "'" + bad + why);
        }
        assertRefused("spaces.ptl", new Position(8, 17), "lab.map", INVALID_PARAMS,
                "'map' is a keyword of PT and cannot be part of a package name");
        assertRefused("spaces.ptl", new Position(8, 17), "layout", INVALID_PARAMS,
                "'layout' is a keyword of PT and cannot be part of a package name");
        WorkspaceEdit edit = rename("spaces.ptl", new Position(8, 17), "kernel.window");
        assertEquals(edits(labEverywhere(), "kernel.window"), sorted(edit), "words that are names too are allowed");
    }

    @Test
    void aPackageWhoseElementsNamesAreTakenInTheNewPackageIsRefused() throws Exception {
        files.session.openChecked(workspace.resolve("clash.ptl"), "package spare\n\nmachine board {\n" + MACHINE);

        assertRefused("spaces.ptl", new Position(4, 17), "spare", REQUEST_FAILED, "'spare.board' already names a"
                + " machine in clash.ptl: renaming package 'lab' would make 'lab.board' a second one");
        assertRefused("board.ptl", new Position(0, 9), "spare", REQUEST_FAILED, "'spare.board' already names a"
                + " machine in clash.ptl: renaming package 'lab' would make 'lab.board' a second one");
        WorkspaceEdit edit = rename("sub.ptl", new Position(0, 13), "spare");
        assertEquals(2, edit.getChanges().size(), "a machine 'spare.spare' is no clash");
    }

    @Test
    void aPackageNoFileDeclaresHasNothingToRename() throws Exception {
        String content = "layout x for nowhere.board {\n}\n";
        TextDocumentIdentifier id = files.session.openChecked(workspace.resolve("nowhere.ptl"), content);

        ResponseError renamed = refusal(text.rename(new RenameParams(id, new Position(0, 15), "somewhere")));
        ResponseError prepared = refusal(text.prepareRename(new PrepareRenameParams(id, new Position(0, 15))));

        String message = REQUEST_FAILED + " no file of the workspace declares package 'nowhere': there is nothing to"
                + " rename";
        assertEquals(message, renamed.getCode() + " " + renamed.getMessage());
        assertEquals(message, prepared.getCode() + " " + prepared.getMessage());
    }

    private static final Comparator<Location> ORDER = Comparator.comparing(Location::getUri)
            .thenComparing(l -> l.getRange().getStart().getLine())
            .thenComparing(l -> l.getRange().getStart().getCharacter());

    private static List<Location> locations(Map<String, List<Range>> ranges, boolean withPackageLines) {
        List<Location> all = new ArrayList<>();
        ranges.forEach((uri, rs) -> rs.stream().filter(r -> withPackageLines || r.getStart().getLine() > 0)
                .forEach(r -> all.add(new Location(uri, r))));
        return all.stream().sorted(ORDER).toList();
    }

    private List<Location> references(String file, Position p, boolean withDeclaration) throws Exception {
        return text.references(new ReferenceParams(id(file), p, new ReferenceContext(withDeclaration)))
                .get(WAIT, TimeUnit.SECONDS).stream().map(l -> (Location) l).sorted(ORDER).toList();
    }

    @Test
    void referencesOfAPackageAreItsPackageLinesAndThePackagePartsOfQualifiedReferences() throws Exception {
        assertEquals(locations(labEverywhere(), true), references("board.ptl", new Position(0, 9), true));
        assertEquals(locations(labEverywhere(), true), references("spaces.ptl", new Position(12, 16), true));
        assertEquals(locations(labEverywhere(), false), references("layouts.ptl", new Position(0, 9), false));
        assertEquals(4, locations(labEverywhere(), false).size(), "the references without the package lines");
    }

    @Test
    void definitionOfAPackagePartIsThePackageLinesAndHighlightsAreThisFilesOccurrences() throws Exception {
        List<Location> definition = text.definition(new DefinitionParams(id("spaces.ptl"), new Position(8, 17)))
                .get(WAIT, TimeUnit.SECONDS).getLeft().stream().map(l -> (Location) l).sorted(ORDER).toList();
        List<? extends DocumentHighlight> highlights = text.documentHighlight(new DocumentHighlightParams(
                id("layouts.ptl"), new Position(4, 16))).get(WAIT, TimeUnit.SECONDS);

        assertEquals(List.of(new Location(files.uri("board.ptl"), range(0, 8, 11)),
                new Location(files.uri("layouts.ptl"), range(0, 8, 11))), definition);
        assertEquals(List.of(new DocumentHighlight(range(0, 8, 11), DocumentHighlightKind.Write),
                new DocumentHighlight(range(4, 15, 18), DocumentHighlightKind.Read)), highlights);
    }

    /** A package rename is one read request, like any rename (no nested read requests to deadlock on). */
    @Test
    void aPackageRenameIsOneReadRequest() throws Exception {
        var requests = (org.pt.dsl.ide.server.BackgroundRequestManager) files.session.built().getRequestManager();
        text.documentSymbol(new DocumentSymbolParams(id("spaces.ptl"))).get(WAIT, TimeUnit.SECONDS);
        long before = requests.submittedCount();

        WorkspaceEdit edit = rename("spaces.ptl", new Position(8, 17), "lab2");

        assertEquals(3, edit.getChanges().size());
        assertEquals(1, requests.submittedCount() - before);
    }
}
