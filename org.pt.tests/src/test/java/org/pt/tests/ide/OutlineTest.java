package org.pt.tests.ide;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.SymbolKind;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceSymbol;
import org.eclipse.lsp4j.WorkspaceSymbolParams;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outline (hierarchical document symbols): machines with their memory ranges and table pool, layouts with their
 * regions, spaces with their statements, each with its kind; and the workspace symbols with the same kinds.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OutlineTest {

    private static final String SPEC = """
            package boot
            machine pc {
                format x86_64
                ram 0x0 size 4 GiB "all of it"
                tables from 0x0200_0000 size 4 MiB
            }
            layout kernel for pc {
                text 0xffff_ffff_8000_0000 size 2 MiB
                self_map top-level slot 510
            }
            space init uses kernel {
                tables via recursive self_map
                map text to 0x0 rx
                walk 0xffff_ffff_8000_0000 expect 0x0
            }
            """;

    @TempDir
    Path workspace;

    /**
     * One line per symbol, indented by depth: {@code KIND NAME (selection range)}. The selection range is the name, or
     * for an element without one its leading keyword ({@code tables}, {@code map}, {@code walk}), or the whole element
     * when it starts with none (a memory range starts with its kind, {@code ram}).
     */
    private static void print(List<DocumentSymbol> symbols, String indent, List<String> into) {
        for (DocumentSymbol s : symbols) {
            Range r = s.getSelectionRange();
            into.add(indent + s.getKind() + " " + s.getName() + " (" + r.getStart().getLine() + ":"
                    + r.getStart().getCharacter() + "-" + r.getEnd().getCharacter() + ")");
            print(s.getChildren() == null ? List.of() : s.getChildren(), indent + "  ", into);
        }
    }

    @Test
    void theOutlineNestsMemoryInMachinesRegionsInLayoutsStatementsInSpaces() throws Exception {
        Path file = workspace.resolve("boot.ptl");
        Files.writeString(file, SPEC);
        try (LspSession session = LspSession.inProcess()) {
            session.initialize(workspace);
            var published = session.client.diagnosticsFor(LspSession.uri(file));
            String uri = session.open(file);
            published.get(LspSession.WAIT_SECONDS, TimeUnit.SECONDS);

            List<Either<org.eclipse.lsp4j.SymbolInformation, DocumentSymbol>> answer = session.server
                    .getTextDocumentService().documentSymbol(new DocumentSymbolParams(new TextDocumentIdentifier(uri)))
                    .get(LspSession.WAIT_SECONDS, TimeUnit.SECONDS);
            List<String> outline = new ArrayList<>();
            print(answer.stream().map(Either::getRight).toList(), "", outline);

            assertEquals(List.of(
                    "Class pc (1:8-10)",
                    "  Property ram 0x0 size 4 GiB \"all of it\" (3:4-34)",
                    "  Property tables from 0x0200_0000 size 4 MiB (4:4-10)",
                    "Struct kernel (6:7-13)",
                    "  Field text (7:4-8)",
                    "  Field self_map (8:4-12)",
                    "Module init (10:6-10)",
                    "  Method tables via recursive self_map (11:4-10)",
                    "  Method map text to 0x0 rx (12:4-7)",
                    "  Event walk 0xffff_ffff_8000_0000 expect 0x0 (13:4-8)"), outline);
            DocumentSymbol machine = answer.get(0).getRight();
            assertEquals(new Range(new Position(1, 0), new Position(5, 1)), machine.getRange(), "the whole machine");

            List<? extends WorkspaceSymbol> symbols = session.server.getWorkspaceService()
                    .symbol(new WorkspaceSymbolParams("")).get(LspSession.WAIT_SECONDS, TimeUnit.SECONDS).getRight();
            List<String> named = symbols.stream().filter(s -> s.getLocation().getLeft().getUri().equals(uri))
                    .map(s -> s.getKind() + " " + s.getName()).sorted().toList();
            assertEquals(List.of("Class boot.pc", "Module boot.init", "Struct boot.kernel"), named);
            assertEquals(SymbolKind.Class, symbols.stream().filter(s -> s.getName().equals("std.pc_x86_64")).findFirst()
                    .orElseThrow().getKind(), "the library's machines are workspace symbols too");
        }
    }

    @Test
    void aMachineThatExtendsAnotherSaysWhichBesideItsName() throws Exception {
        Path file = workspace.resolve("board.ptl");
        Files.writeString(file, SPEC + "machine board extends pc {\n    cpus 4\n}\n");
        try (LspSession session = LspSession.inProcess()) {
            session.initialize(workspace);
            var published = session.client.diagnosticsFor(LspSession.uri(file));
            String uri = session.open(file);
            published.get(LspSession.WAIT_SECONDS, TimeUnit.SECONDS);

            List<DocumentSymbol> symbols = session.server.getTextDocumentService()
                    .documentSymbol(new DocumentSymbolParams(new TextDocumentIdentifier(uri)))
                    .get(LspSession.WAIT_SECONDS, TimeUnit.SECONDS).stream().map(Either::getRight).toList();
            assertEquals(List.of("pc ", "kernel ", "init ", "board extends pc"), symbols.stream()
                    .map(s -> s.getName() + " " + (s.getDetail() == null ? "" : s.getDetail())).toList());
        }
    }
}
