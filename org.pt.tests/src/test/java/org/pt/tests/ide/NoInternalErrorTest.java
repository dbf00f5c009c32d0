package org.pt.tests.ide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.CodeLensParams;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.DocumentHighlightParams;
import org.eclipse.lsp4j.DocumentLinkParams;
import org.eclipse.lsp4j.DocumentRangeFormattingParams;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.FoldingRangeRequestParams;
import org.eclipse.lsp4j.FormattingOptions;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InlayHintParams;
import org.eclipse.lsp4j.MonikerParams;
import org.eclipse.lsp4j.TypeHierarchyPrepareParams;
import org.eclipse.lsp4j.CallHierarchyPrepareParams;
import org.eclipse.lsp4j.LinkedEditingRangeParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PrepareRenameParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.RenameParams;
import org.eclipse.lsp4j.SelectionRangeParams;
import org.eclipse.lsp4j.SemanticTokensParams;
import org.eclipse.lsp4j.SignatureHelpParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceSymbolParams;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * No request the server advertises ends in a JSON-RPC error (an internal error, -32603, in particular), but for a
 * rename's refusal (RequestFailed, -32803, with its reason: a format, a standard-library machine) on any file of
 * {@code examples/} and {@code examples/broken/}: every file is opened and asked for its symbols, links, folding,
 * tokens and formatting, and at a grid of positions (token starts spread over the file, and every token of its
 * {@code import}, {@code uses} and {@code for} lines) for hover, completion, definition, references, highlights,
 * signature help, rename, code actions and selection ranges.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class NoInternalErrorTest {

    /** Token starts asked about per file, spread evenly, besides those of the lines named above. */
    private static final int SPREAD = 8;

    /** At most this many token starts of a file's import, uses and for lines. */
    private static final int NAMED = 8;

    @TempDir
    Path workspace;

    @Test
    void noRequestOnAnyExampleFailsInternally() throws Exception {
        Path examples = LspSession.copyExamples(workspace);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(examples)) {
            files = walk.filter(f -> f.toString().endsWith(".ptl")).sorted().toList();
        }
        assertTrue(files.size() > 100, "examples found: " + files.size());
        List<String> failures = new ArrayList<>();
        int requests = 0;
        long start = System.nanoTime();
        try (LspSession session = LspSession.inProcess()) {
            session.initialize(examples);
            session.built().backgroundBuilt().get(LspSession.WAIT_SECONDS, TimeUnit.SECONDS);
            for (Path file : files) {
                String uri = session.open(file);
                Map<String, CompletableFuture<?>> sent = new LinkedHashMap<>();
                String text = Files.readString(file);
                send(session.server.getTextDocumentService(), uri, text, grid(text), sent);
                failures.addAll(failures(examples.relativize(file) + " ", sent));
                requests += sent.size();
            }
            String error = error(session.server.getWorkspaceService().symbol(new WorkspaceSymbolParams("")));
            if (error != null) {
                failures.add("workspace/symbol: " + error);
            }
        }
        System.out.printf("%d requests on %d files in %.1f s%n", requests, files.size(), (System.nanoTime() - start) / 1e9);
        assertEquals(List.of(), failures.subList(0, Math.min(failures.size(), 30)), failures.size() + " failures");
    }

    /**
     * The check above can fail: a request the server does not offer is an error, MethodNotFound (-32601) and not an
     * internal error, whether LSP4J knows the method (monikers, type hierarchy, call hierarchy, linked editing) or not.
     */
    @Test
    void anUnofferedRequestIsMethodNotFound() throws Exception {
        Path file = workspace.resolve("pc.ptl");
        Files.writeString(file, "machine pc {\n}\n");
        try (LspSession session = LspSession.inProcess()) {
            session.initialize(workspace);
            String uri = session.open(file);
            TextDocumentIdentifier id = new TextDocumentIdentifier(uri);
            Position p = new Position(0, 9);
            TextDocumentService service = session.server.getTextDocumentService();
            assertEquals("-32601 PT's language server does not offer moniker",
                    error(service.moniker(new MonikerParams(id, p))));
            assertEquals("-32601 PT's language server does not offer prepareTypeHierarchy",
                    error(service.prepareTypeHierarchy(new TypeHierarchyPrepareParams(id, p))));
            assertEquals("-32601 PT's language server does not offer prepareCallHierarchy",
                    error(service.prepareCallHierarchy(new CallHierarchyPrepareParams(id, p))));
            assertEquals("-32601 PT's language server does not offer linkedEditingRange",
                    error(service.linkedEditingRange(new LinkedEditingRangeParams(id, p))));
            assertEquals("-32601 PT's language server does not offer pt/nothing",
                    error(session.endpoint.request("pt/nothing", null)));
            assertEquals(null, error(service.hover(new HoverParams(id, p))), "an offered request still answers");
        }
    }

    /**
     * Sends every request the server offers about the document {@code uri}, whose text is {@code text}: those about the
     * whole document, and those about a position at each of {@code positions}; each is put into {@code sent} by what
     * it asked (with the position, 1-based).
     */
    static void send(TextDocumentService service, String uri, String text, List<Position> positions,
            Map<String, CompletableFuture<?>> sent) {
        TextDocumentIdentifier id = new TextDocumentIdentifier(uri);
        Range all = new Range(new Position(0, 0), position(text, text.length()));
        FormattingOptions formatting = new FormattingOptions(4, true);
        put(sent, "documentSymbol", () -> service.documentSymbol(new DocumentSymbolParams(id)));
        put(sent, "codeLens", () -> service.codeLens(new CodeLensParams(id)));
        put(sent, "inlayHint", () -> service.inlayHint(new InlayHintParams(id, all)));
        put(sent, "documentLink", () -> service.documentLink(new DocumentLinkParams(id)));
        put(sent, "foldingRange", () -> service.foldingRange(new FoldingRangeRequestParams(id)));
        put(sent, "semanticTokens/full", () -> service.semanticTokensFull(new SemanticTokensParams(id)));
        put(sent, "formatting", () -> service.formatting(new DocumentFormattingParams(id, formatting)));
        put(sent, "rangeFormatting", () -> service.rangeFormatting(new DocumentRangeFormattingParams(id, formatting, all)));
        for (Position p : positions) {
            String at = " at " + (p.getLine() + 1) + ":" + (p.getCharacter() + 1);
            put(sent, "hover" + at, () -> service.hover(new HoverParams(id, p)));
            put(sent, "completion" + at, () -> service.completion(new CompletionParams(id, p)));
            put(sent, "definition" + at, () -> service.definition(new DefinitionParams(id, p)));
            put(sent, "references" + at, () -> service.references(new ReferenceParams(id, p, new ReferenceContext(true))));
            put(sent, "documentHighlight" + at, () -> service.documentHighlight(new DocumentHighlightParams(id, p)));
            put(sent, "signatureHelp" + at, () -> service.signatureHelp(new SignatureHelpParams(id, p)));
            put(sent, "prepareRename" + at, () -> service.prepareRename(new PrepareRenameParams(id, p)));
            put(sent, "rename" + at, () -> service.rename(new RenameParams(id, p, "renamed")));
            put(sent, "codeAction" + at, () -> service.codeAction(
                    new CodeActionParams(id, new Range(p, p), new CodeActionContext(List.of()))));
            put(sent, "selectionRange" + at, () -> service.selectionRange(new SelectionRangeParams(id, List.of(p))));
        }
    }

    private static void put(Map<String, CompletableFuture<?>> sent, String what, Supplier<CompletableFuture<?>> request) {
        CompletableFuture<?> future;
        try {
            future = request.get();
        } catch (RuntimeException e) { // the client proxy refused to send it
            future = CompletableFuture.failedFuture(e);
        }
        sent.put(what, future);
    }

    /**
     * The requests of {@code sent} (by what they asked, as {@link #send} puts them) that ended with an error, each as
     * {@code prefix}, what it asked and the error; a rename refused (RequestFailed, -32803, with its reason: a name
     * that may not be renamed) is no failure.
     */
    static List<String> failures(String prefix, Map<String, CompletableFuture<?>> sent) throws Exception {
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, CompletableFuture<?>> request : sent.entrySet()) {
            String error = error(request.getValue());
            boolean refusedRename = request.getKey().matches("(prepareRename|rename) .*") && error != null
                    && error.startsWith("-32803 ");
            if (error != null && !refusedRename) {
                failures.add(prefix + request.getKey() + ": " + error);
            }
        }
        return failures;
    }

    /** The error a request ended with, null when it answered. */
    static String error(CompletableFuture<?> response) throws Exception {
        try {
            response.get(LspSession.WAIT_SECONDS, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause() instanceof ResponseErrorException r
                    ? r.getResponseError().getCode() + " " + r.getResponseError().getMessage()
                    : e.getCause().toString();
        }
    }

    /** Token starts: {@link #SPREAD} spread over the file, and every one on an import, uses or for line. */
    static List<Position> grid(String text) {
        List<Integer> starts = new ArrayList<>();
        TreeSet<Integer> chosen = new TreeSet<>();
        String[] lines = text.split("\n", -1);
        int offset = 0;
        for (String line : lines) {
            boolean named = line.matches(".*\\b(import|uses|for)\\b.*");
            for (int i = 0; i < line.length(); i++) {
                boolean startsToken = !Character.isWhitespace(line.charAt(i))
                        && (i == 0 || Character.isWhitespace(line.charAt(i - 1)) || !word(line.charAt(i - 1))
                                || !word(line.charAt(i)));
                if (startsToken) {
                    starts.add(offset + i);
                    if (named && chosen.size() < NAMED) { // only named ones are chosen yet
                        chosen.add(offset + i);
                    }
                }
            }
            offset += line.length() + 1;
        }
        for (int k = 0; k < SPREAD && !starts.isEmpty(); k++) {
            chosen.add(starts.get(k * starts.size() / SPREAD));
        }
        chosen.add(text.length()); // the end of the file
        return chosen.stream().map(o -> position(text, o)).toList();
    }

    private static boolean word(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    static Position position(String text, int offset) {
        int line = 0;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new Position(line, offset - lineStart);
    }
}
