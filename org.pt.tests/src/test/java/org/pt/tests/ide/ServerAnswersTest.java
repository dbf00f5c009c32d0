package org.pt.tests.ide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.DocumentLink;
import org.eclipse.lsp4j.DocumentLinkParams;
import org.eclipse.lsp4j.FormattingOptions;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InlayHintParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PrepareRenameParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.RenameParams;
import org.eclipse.lsp4j.SelectionRange;
import org.eclipse.lsp4j.SelectionRangeParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The answers of the requests that failed with an internal error before PT's server ({@code PtLanguageServer}) took
 * them over, each exactly: inlay hints, selection ranges, document links, a definition into the standard library (a
 * read-only copy an editor can open), a definition on {@code uses}, and the requests on a file without elements.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerAnswersTest {

    private static final long WAIT = LspSession.WAIT_SECONDS;

    @TempDir
    Path workspace;

    private LspSession session;
    private TextDocumentService text;

    @BeforeEach
    void start() throws Exception {
        session = LspSession.inProcess();
        session.initialize(workspace);
        text = session.server.getTextDocumentService();
    }

    @AfterEach
    void stop() throws Exception {
        session.close();
    }

    private TextDocumentIdentifier open(String name, String content) throws Exception {
        Path file = workspace.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        var published = session.client.diagnosticsFor(LspSession.uri(file));
        String uri = session.open(file);
        published.get(WAIT, TimeUnit.SECONDS); // built: the requests below read the checked file
        return new TextDocumentIdentifier(uri);
    }

    private static Range range(int line, int start, int endLine, int end) {
        return new Range(new Position(line, start), new Position(endLine, end));
    }

    @Test
    void inlayHintsOfAFileWithoutQueriesAreAnEmptyList() throws Exception {
        TextDocumentIdentifier id = open("pc.ptl", "machine pc {\n    format x86_64\n}\n");

        assertEquals(List.of(), text.inlayHint(new InlayHintParams(id, range(0, 0, 3, 0))).get(WAIT, TimeUnit.SECONDS));
    }

    @Test
    void selectionRangesGrowFromTheTokenThroughEachEnclosingElement() throws Exception {
        TextDocumentIdentifier id = open("pc.ptl", "machine pc {\n    format x86_64\n}\n");

        List<SelectionRange> ranges = text.selectionRange(
                new SelectionRangeParams(id, List.of(new Position(1, 13)))).get(WAIT, TimeUnit.SECONDS);

        assertEquals(1, ranges.size());
        SelectionRange token = ranges.get(0);
        assertEquals(range(1, 11, 1, 17), token.getRange(), "x86_64");
        assertEquals(range(1, 4, 1, 17), token.getParent().getRange(), "format x86_64");
        assertEquals(range(0, 0, 2, 1), token.getParent().getParent().getRange(), "machine pc { ... }");
        assertNull(token.getParent().getParent().getParent(), "the machine is the whole file");
    }

    @Test
    void documentLinksLeadFromEachFoundImportToItsFile() throws Exception {
        open("lib/pc.ptl", "machine pc {\n}\n");
        TextDocumentIdentifier id = open("boot.ptl",
                "import \"lib/pc.ptl\"\nimport \"std/pc-x86_64.ptl\"\nimport \"missing.ptl\"\n");

        List<DocumentLink> links = text.documentLink(new DocumentLinkParams(id)).get(WAIT, TimeUnit.SECONDS);

        assertEquals(List.of(
                new DocumentLink(range(0, 7, 0, 19), LspSession.uri(workspace.resolve("lib/pc.ptl"))),
                new DocumentLink(range(1, 7, 1, 26), LspSession.uri(LspSession.LIBRARY.resolve("pc-x86_64.ptl")))),
                links);
    }

    @Test
    void aDefinitionInTheStandardLibraryIsAReadOnlyCopyThatOpensAsADocument() throws Exception {
        TextDocumentIdentifier id = open("boot.ptl", "import \"std/pc-x86_64.ptl\"\n\nlayout boot for std.pc_x86_64 {\n}\n");

        List<? extends Location> found = text.definition(new DefinitionParams(id, new Position(2, 20)))
                .get(WAIT, TimeUnit.SECONDS).getLeft();

        Path copy = LspSession.LIBRARY.resolve("pc-x86_64.ptl");
        String library;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("std/pc-x86_64.ptl")) {
            library = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> lines = library.lines().toList();
        int line = lines.indexOf("machine pc_x86_64 {");
        assertTrue(line > 0, "the library file defines pc_x86_64");
        assertEquals(List.of(new Location(LspSession.uri(copy), range(line, 8, line, 17))), found);
        assertEquals(library, Files.readString(copy), "the copy is the library's file");
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ),
                Files.getPosixFilePermissions(copy).stream().filter(p -> p.name().endsWith("READ") || p.name().endsWith("WRITE"))
                        .collect(Collectors.toSet()), "the copy is read-only (root may write it all the same)");

        var published = session.client.diagnosticsFor(LspSession.uri(copy));
        session.open(copy);
        assertEquals(List.of(), published.get(WAIT, TimeUnit.SECONDS).getDiagnostics(), "the copy is checked");
        var hover = text.hover(new HoverParams(new TextDocumentIdentifier(LspSession.uri(copy)), new Position(line, 10)))
                .get(WAIT, TimeUnit.SECONDS);
        assertTrue(hover != null, "the opened copy answers requests");
    }

    @Test
    void aDefinitionOnUsesIsEmptyAndOnTheLayoutItsDeclaration() throws Exception {
        TextDocumentIdentifier unknown = open("init.ptl", "space init uses x {}\n");
        TextDocumentIdentifier known = open("known.ptl", "machine pc {\n}\nlayout x for pc {\n}\nspace init uses x {}\n");

        assertEquals(List.of(), text.definition(new DefinitionParams(unknown, new Position(0, 12)))
                .get(WAIT, TimeUnit.SECONDS).getLeft(), "on uses");
        assertEquals(List.of(), text.definition(new DefinitionParams(unknown, new Position(0, 16)))
                .get(WAIT, TimeUnit.SECONDS).getLeft(), "on x, which names no layout");
        assertEquals(List.of(), text.definition(new DefinitionParams(known, new Position(4, 12)))
                .get(WAIT, TimeUnit.SECONDS).getLeft(), "on uses of a known layout");
        assertEquals(List.of(new Location(known.getUri(), range(2, 7, 2, 8))),
                text.definition(new DefinitionParams(known, new Position(4, 16))).get(WAIT, TimeUnit.SECONDS).getLeft(),
                "on x: layout x");
    }

    @Test
    void aFileWithoutElementsAnswersEveryRequestEmpty() throws Exception {
        TextDocumentIdentifier id = open("empty.ptl", "// nothing but a comment\n");
        Position end = new Position(1, 0);

        assertEquals(List.of(), text.definition(new DefinitionParams(id, end)).get(WAIT, TimeUnit.SECONDS).getLeft());
        assertEquals(List.of(), text.references(new ReferenceParams(id, end, new ReferenceContext(true)))
                .get(WAIT, TimeUnit.SECONDS));
        assertNull(text.prepareRename(new PrepareRenameParams(id, end)).get(WAIT, TimeUnit.SECONDS));
        assertEquals(new WorkspaceEdit(), text.rename(new RenameParams(id, end, "x")).get(WAIT, TimeUnit.SECONDS));
        assertEquals(List.of(), text.formatting(new DocumentFormattingParams(id, new FormattingOptions(4, true)))
                .get(WAIT, TimeUnit.SECONDS));
    }
}
