package org.pt.tests.ide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.services.TextDocumentService;

/**
 * A workspace of files open in an in-process server, checked without error, whose texts a test edits as an editor
 * would: a rename's edit applied to the texts and sent back as changes (for {@code NavigationTest} and
 * {@code PackageRenameTest}).
 */
final class EditedWorkspace implements AutoCloseable {

    private static final long WAIT = LspSession.WAIT_SECONDS;

    final Path folder;
    final LspSession session;
    final TextDocumentService text;
    /** The current text of each file, by URI. */
    final Map<String, String> texts = new TreeMap<>();

    private EditedWorkspace(Path folder, LspSession session) {
        this.folder = folder;
        this.session = session;
        this.text = session.server.getTextDocumentService();
    }

    /** Writes the files (by name) into a folder, starts a server on it and opens them all; none may have an error. */
    static EditedWorkspace open(Path folder, Map<String, String> files) throws Exception {
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(folder.resolve(file.getKey()), file.getValue());
        }
        EditedWorkspace workspace = new EditedWorkspace(folder, LspSession.inProcess());
        workspace.session.initialize(folder);
        workspace.session.built().backgroundBuilt().get(WAIT, TimeUnit.SECONDS);
        for (Map.Entry<String, String> file : files.entrySet()) {
            TextDocumentIdentifier id = workspace.session.openChecked(folder.resolve(file.getKey()), file.getValue());
            workspace.texts.put(id.getUri(), file.getValue());
        }
        for (String uri : workspace.texts.keySet()) {
            assertEquals(List.of(), workspace.errors(uri), "no error before: " + uri);
        }
        return workspace;
    }

    @Override
    public void close() throws Exception {
        session.close();
    }

    String uri(String file) {
        return LspSession.uri(folder.resolve(file));
    }

    /** The errors last published for a file. */
    List<Diagnostic> errors(String uri) {
        return session.client.latest(uri).stream().filter(d -> d.getSeverity() == DiagnosticSeverity.Error).toList();
    }

    /** The edit's changes with each file's edits in text order. */
    static Map<String, List<TextEdit>> sorted(WorkspaceEdit edit) {
        Map<String, List<TextEdit>> out = new TreeMap<>();
        edit.getChanges().forEach((uri, edits) -> out.put(uri, edits.stream()
                .sorted(Comparator.comparing((TextEdit e) -> e.getRange().getStart().getLine())
                        .thenComparing(e -> e.getRange().getStart().getCharacter()))
                .toList()));
        return out;
    }

    static int offset(String text, Position p) {
        int offset = 0;
        for (int line = 0; line < p.getLine(); line++) {
            offset = text.indexOf('\n', offset) + 1;
        }
        return offset + p.getCharacter();
    }

    /**
     * Applies edits to the texts, sends the new texts to the server, and waits until it has checked every file;
     * returns the changed texts by URI.
     */
    Map<String, String> apply(Map<String, List<TextEdit>> changes) throws Exception {
        Map<String, String> changed = new TreeMap<>();
        int version = 2;
        for (Map.Entry<String, List<TextEdit>> file : changes.entrySet()) {
            String original = texts.get(file.getKey());
            StringBuilder content = new StringBuilder(original);
            List<TextEdit> backwards = new ArrayList<>(file.getValue());
            backwards.sort(Comparator.comparing((TextEdit e) -> offset(original, e.getRange().getStart())).reversed());
            for (TextEdit e : backwards) {
                content.replace(offset(original, e.getRange().getStart()), offset(original, e.getRange().getEnd()),
                        e.getNewText());
            }
            changed.put(file.getKey(), content.toString());
            text.didChange(new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(file.getKey(),
                    version++), List.of(new TextDocumentContentChangeEvent(content.toString()))));
        }
        texts.putAll(changed);
        // A read request runs after the writes before it: once it answers, their diagnostics have been published.
        for (String uri : texts.keySet()) {
            text.documentSymbol(new DocumentSymbolParams(new TextDocumentIdentifier(uri))).get(WAIT, TimeUnit.SECONDS);
        }
        return changed;
    }

    /** The LSP error a request fails with (it must fail with one). */
    static ResponseError refusal(CompletableFuture<?> request) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> request.get(WAIT, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof ResponseErrorException, e.getCause().toString());
        return ((ResponseErrorException) e.getCause()).getResponseError();
    }
}
