package org.pt.tests.ide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.ExecuteCommandCapabilities;
import org.eclipse.lsp4j.FoldingRangeCapabilities;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.RenameCapabilities;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceClientCapabilities;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.messages.Message;
import org.eclipse.lsp4j.jsonrpc.messages.NotificationMessage;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseMessage;
import org.eclipse.lsp4j.jsonrpc.services.ServiceEndpoints;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.xtext.ide.server.LanguageServerImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pt.dsl.ide.server.LibraryCopies;
import org.pt.dsl.ide.server.PtServerLauncher;

/**
 * The front of {@code ptc lsp} ({@code ServerFront}): {@code initialize} is answered before the server behind it is
 * built, with the capabilities that server computes; what comes after is handed on in order once it is built;
 * cancellation, shutdown and exit work before that; a failing set-up is shown, written to standard error and ends the
 * process. The set-up here waits for a latch the test opens (no timing assumptions).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServerFrontTest {

    private static final String SPEC = """
            machine first {
                format x86_64
                ram 0x0 size 4 GiB
                tables from 0x0200_0000 size 4 MiB
            }
            """;

    @TempDir
    Path workspace;

    private final CountDownLatch release = new CountDownLatch(1);
    private final CompletableFuture<Integer> exited = new CompletableFuture<>();

    /** The real server, built once the test opens the latch. */
    private LanguageServerImpl delayedServer() {
        try {
            release.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return PtServerLauncher.newServer();
    }

    @Test
    void initializeIsAnsweredBeforeTheServerIsBuiltAndWhatFollowsKeepsItsOrder() throws Exception {
        Path file = workspace.resolve("first.ptl");
        Files.writeString(file, SPEC);
        try (LspSession session = LspSession.starting(this::delayedServer, exited::complete)) {
            InitializeResult answer = session.initialize(workspace);
            assertFalse(session.front.server().isDone(), "initialize answered before the server was built");
            assertEquals(Boolean.TRUE, answer.getCapabilities().getHoverProvider().getLeft());

            String uri = session.open(file);
            var change = new TextDocumentContentChangeEvent(SPEC.replace("first", "second"));
            session.server.getTextDocumentService().didChange(
                    new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(uri, 2), List.of(change)));
            var symbols = names(session, uri);
            var shutdown = session.server.shutdown();
            assertFalse(symbols.isDone() || shutdown.isDone(), "no answer before the server is built");

            release.countDown();
            // the open, then the change, then the request: the answer is the changed text's
            assertEquals(List.of("second"), symbols.get(LspSession.WAIT_SECONDS, TimeUnit.SECONDS));
            assertEquals("{}", String.valueOf(shutdown.get(LspSession.WAIT_SECONDS, TimeUnit.SECONDS)));
            assertFalse(exited.isDone());
        }
    }

    @Test
    void cancelShutdownAndExitWorkBeforeTheServerIsBuilt() throws Exception {
        try (LspSession session = LspSession.starting(this::delayedServer, exited::complete)) {
            session.initialize(workspace);
            var hover = session.server.getTextDocumentService().hover(new HoverParams(
                    new TextDocumentIdentifier(LspSession.uri(workspace.resolve("none.ptl"))), new Position(0, 0)));
            hover.cancel(true);
            ResponseMessage cancelled = (ResponseMessage) awaitMessage(session,
                    m -> m instanceof ResponseMessage r && r.getError() != null);
            assertEquals(ResponseErrorCode.RequestCancelled.getValue(), cancelled.getError().getCode());

            CompletableFuture<Object> shutdown = session.server.shutdown();
            session.server.exit();
            assertEquals(0, exited.get(LspSession.WAIT_SECONDS, TimeUnit.SECONDS));
            assertFalse(session.front.server().isDone(), "exit did not wait for the server");
            assertFalse(shutdown.isDone());

            release.countDown();
            assertEquals("{}", String.valueOf(shutdown.get(LspSession.WAIT_SECONDS, TimeUnit.SECONDS)),
                    "shutdown answered (Xtext's empty object) once the server is built");
        }
    }

    @Test
    void theAnsweredCapabilitiesAreTheServersOwn() throws Exception {
        TextDocumentClientCapabilities text = new TextDocumentClientCapabilities();
        text.setRename(new RenameCapabilities(true, false));
        text.setFoldingRange(new FoldingRangeCapabilities());
        WorkspaceClientCapabilities folders = new WorkspaceClientCapabilities();
        folders.setWorkspaceFolders(true);
        ClientCapabilities editor = new ClientCapabilities();
        editor.setTextDocument(text);
        editor.setWorkspace(folders);

        WorkspaceClientCapabilities commands = new WorkspaceClientCapabilities();
        commands.setExecuteCommand(new ExecuteCommandCapabilities(false));
        ClientCapabilities other = new ClientCapabilities();
        other.setTextDocument(new TextDocumentClientCapabilities());
        other.setWorkspace(commands);

        MessageJsonHandler json = new MessageJsonHandler(ServiceEndpoints.getSupportedMethods(LanguageServer.class));
        for (ClientCapabilities client : List.of(new ClientCapabilities(), editor, other)) {
            try (LspSession session = LspSession.starting(PtServerLauncher::newServer, exited::complete)) {
                InitializeParams params = new InitializeParams();
                params.setWorkspaceFolders(List.of(new WorkspaceFolder(workspace.toUri().toString(), "workspace")));
                params.setRootUri(workspace.toUri().toString()); // Xtext's server needs it without folder support
                params.setCapabilities(client);
                InitializeResult answer = session.server.initialize(params)
                        .get(LspSession.WAIT_SECONDS, TimeUnit.SECONDS);
                InitializeResult own = session.front.serverInitialized().get(LspSession.WAIT_SECONDS,
                        TimeUnit.SECONDS);
                JsonElement expected = json.getGson().toJsonTree(own.getCapabilities());
                assertEquals(expected, json.getGson().toJsonTree(answer.getCapabilities()), client.toString());

                answer.getCapabilities().setHoverProvider(false); // the comparison sees a difference
                assertNotEquals(expected, json.getGson().toJsonTree(answer.getCapabilities()));

                LanguageServerImpl server = session.front.server().join();
                assertEquals(server.supportedMethods().keySet(), session.front.supportedMethods().keySet());
                assertEquals("{}", String.valueOf(session.server.shutdown().get(LspSession.WAIT_SECONDS,
                        TimeUnit.SECONDS)));
            }
        }
        assertFalse(exited.isDone(), "no set-up failed");
    }

    @Test
    void aFailingSetUpIsShownWrittenAndEndsTheProcess() throws Exception {
        String why = "PT's language server could not start: no set-up (test)";
        String stderr = withStandardError(() -> {
            try (LspSession session = LspSession.starting(() -> {
                throw new IllegalStateException("no set-up (test)");
            }, exited::complete)) {
                session.initialize(workspace);
                assertEquals(2, exited.get(LspSession.WAIT_SECONDS, TimeUnit.SECONDS));
                var request = names(session, LspSession.uri(workspace.resolve("none.ptl")));
                var failed = assertThrows(ExecutionException.class,
                        () -> request.get(LspSession.WAIT_SECONDS, TimeUnit.SECONDS));
                assertEquals(why, ((ResponseErrorException) failed.getCause()).getResponseError().getMessage());
                assertEquals(List.of(new MessageParams(MessageType.Error, why)), session.client.shown);
            }
        });
        assertEquals("ptc lsp: " + why + System.lineSeparator(), stderr);
    }

    @Test
    void anInitializeThatFailsIsShownAndEndsTheProcess() throws Exception {
        Path notAFolder = Files.writeString(workspace.resolve("file"), "a file, not a folder");
        String stderr = withStandardError(() -> {
            try (LspSession session = LspSession.starting(this::delayedServer, exited::complete)) {
                System.setProperty(LibraryCopies.FOLDER_PROPERTY, notAFolder.resolve("std").toString());
                session.initialize(workspace);
                release.countDown();
                assertEquals(2, exited.get(LspSession.WAIT_SECONDS, TimeUnit.SECONDS));
                awaitMessage(session, m -> m instanceof NotificationMessage n && n.getMethod().equals("window/showMessage"));
                assertEquals(List.of(new MessageParams(MessageType.Error,
                        "PT's language server could not start: cannot write the standard library's copies to "
                                + notAFolder.resolve("std"))),
                        session.client.shown);
            } finally {
                System.setProperty(LibraryCopies.FOLDER_PROPERTY, LspSession.LIBRARY.toString());
            }
        });
        assertTrue(stderr.contains("ptc lsp: PT's language server could not start: cannot write the standard "
                + "library's copies to " + notAFolder.resolve("std") + System.lineSeparator()), stderr);
    }

    /** The names of a document's top-level symbols, asked now. */
    private static CompletableFuture<List<String>> names(LspSession session, String uri) {
        return session.server.getTextDocumentService()
                .documentSymbol(new DocumentSymbolParams(new TextDocumentIdentifier(uri)))
                .thenApply(symbols -> symbols.stream().map(Either<SymbolInformation, DocumentSymbol>::getRight)
                        .map(DocumentSymbol::getName).toList());
    }

    private static Message awaitMessage(LspSession session, Predicate<Message> wanted) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(LspSession.WAIT_SECONDS);
        while (System.nanoTime() < end) {
            for (Message m : session.received) {
                if (wanted.test(m)) {
                    return m;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no such message; received: " + session.received);
    }

    private interface Body {
        void run() throws Exception;
    }

    /** What {@code body} wrote to standard error. */
    private static String withStandardError(Body body) throws Exception {
        PrintStream saved = System.err;
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        System.setErr(new PrintStream(written, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(saved);
        }
        return written.toString(StandardCharsets.UTF_8);
    }
}
