package org.pt.tests.ide;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A change to an imported file re-validates the open files that import it: the importer's walk note follows the
 * imported machine's table pool without being closed and reopened.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FreshnessTest {

    private static final String MACHINE = """
            machine pc {
                format x86_64
                ram 0x0000_0000 ..= 0x07ff_ffff
                tables from POOL size 124 KiB
            }
            """;

    private static final String IMPORTER = """
            import "a.ptl"

            layout lay for pc {
                kernel 0x0000_0000_0020_0000 size 2 MiB "the kernel"
                self_map top-level slot 511 "recursive"
            }

            space s uses lay {
                tables via recursive self_map
                map 0x0020_0000 size 1 MiB to 0x0040_0000 rx
                walk 0o177777_777_777_777_777_0000
            }
            """;

    @TempDir
    Path workspace;


    /** The walk note for the recursive slot when the pool (so the root table) starts at {@code root}. */
    private static String walkNote(long root) {
        String entry = String.format("0x%x", 0x8000_0000_0000_0000L | root | 0x63); // NX, dirty, accessed, rw, present
        String at = String.format("0x%x", root);
        return "pt.walk_result: 0xffff_ffff_ffff_f000 -> " + at + " (4 KiB page at PT, k:rw- u:---, WB); CR3 " + at
                + ": PML4[511]=" + entry + " PDPT[511]=" + entry + " PD[511]=" + entry + " PT[511]=" + entry;
    }

    /** The walk notes published for a file once one of them reads {@code wanted}. */
    private static List<String> walkNotes(LspSession session, String uri, String wanted)
            throws InterruptedException {
        return session.client.awaitDiagnostics(uri, wanted::equals).stream()
                .filter(d -> d.startsWith("pt.walk_result")).toList();
    }

    @Test
    void changingAnImportedMachineRevalidatesTheOpenImporter() throws Exception {
        Path a = workspace.resolve("a.ptl");
        Path b = workspace.resolve("b.ptl");
        Files.writeString(a, MACHINE.replace("POOL", "0x1000"));
        Files.writeString(b, IMPORTER);
        try (LspSession session = LspSession.inProcess()) {
            session.initialize(workspace);
            String aUri = session.open(a);
            String bUri = session.open(b);
            assertEquals(List.of(walkNote(0x1000)), walkNotes(session, bUri, walkNote(0x1000)));

            session.server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
                    new VersionedTextDocumentIdentifier(aUri, 2),
                    List.of(new TextDocumentContentChangeEvent(MACHINE.replace("POOL", "0x2000")))));

            assertEquals(List.of(walkNote(0x2000)), walkNotes(session, bUri, walkNote(0x2000)));
        }
    }

}
