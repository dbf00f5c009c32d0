package org.pt.tests.ide;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DocumentSymbolCapabilities;
import org.eclipse.lsp4j.FoldingRangeCapabilities;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.RenameCapabilities;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.WorkspaceClientCapabilities;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageServer;
import org.pt.dsl.ide.server.LibraryCopies;
import org.pt.dsl.ide.server.PtLanguageServer;
import org.pt.dsl.ide.server.PtServerLauncher;
import org.pt.dsl.ide.server.ServerFront;
import org.eclipse.xtext.ide.server.LanguageServerImpl;
import org.eclipse.lsp4j.jsonrpc.messages.Message;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * An LSP client (LSP4J's client launcher) connected to PT's language server: run in-process over piped streams
 * ({@link #inProcess()}, as {@code ptc lsp} runs it, through {@link PtServerLauncher}) or in another process over its
 * standard streams ({@link #over}).
 */
final class LspSession implements AutoCloseable {

    static final long WAIT_SECONDS = 60;

    final Client client = new Client();
    final LanguageServer server;
    /** The connection itself, for requests LSP4J's server interface has no method for. */
    final org.eclipse.lsp4j.jsonrpc.RemoteEndpoint endpoint;
    /** Every message of the connection, both ways (LSP4J's wrapper sees both), in order. */
    final List<Message> received = new CopyOnWriteArrayList<>();
    /** The front when the server runs in this process, else null. */
    final ServerFront front;
    private final OutputStream toServer;

    private LspSession(InputStream fromServer, OutputStream toServer, ServerFront front) {
        Launcher<LanguageServer> launcher = new LSPLauncher.Builder<LanguageServer>().setLocalService(client)
                .setRemoteInterface(LanguageServer.class).setInput(fromServer).setOutput(toServer)
                .wrapMessages(consumer -> message -> {
                    received.add(message);
                    consumer.consume(message);
                }).create();
        launcher.startListening();
        this.server = launcher.getRemoteProxy();
        this.endpoint = launcher.getRemoteEndpoint();
        this.toServer = toServer;
        this.front = front;
    }

    /** Where in-process servers keep the standard library's copies (not the user's cache folder). */
    static final Path LIBRARY = Path.of("target", "lsp-library", "std").toAbsolutePath();

    /** A new server in this process. */
    static LspSession inProcess() throws IOException {
        return starting(PtServerLauncher::newServer, System::exit);
    }

    /** The server object of a server in this process, once built (after the first message: call after initialize). */
    PtLanguageServer built() {
        return (PtLanguageServer) front.server().join();
    }

    /**
     * A new server in this process as {@code ptc lsp} starts it, but built by {@code setUp} (which may wait, or fail)
     * and ending the process with {@code exit}; this returns at once.
     */
    static LspSession starting(Supplier<? extends LanguageServerImpl> setUp, IntConsumer exit) throws IOException {
        System.setProperty(LibraryCopies.FOLDER_PROPERTY, LIBRARY.toString());
        PipedInputStream serverIn = new PipedInputStream(1 << 16);
        PipedOutputStream serverOut = new PipedOutputStream();
        PipedInputStream clientIn = new PipedInputStream(serverOut, 1 << 16);
        PipedOutputStream toServer = new PipedOutputStream(serverIn);
        PtServerLauncher.Running running = PtServerLauncher.start(serverIn, serverOut, setUp, exit);
        return new LspSession(clientIn, toServer, running.front());
    }

    /** A client of a server in another process, over that process's standard output and input. */
    static LspSession over(Process process) {
        return over(process.getInputStream(), process.getOutputStream());
    }

    /** A client of a server in another process, over a pair of streams (a socket's). */
    static LspSession over(InputStream fromServer, OutputStream toServer) {
        return new LspSession(fromServer, toServer, null);
    }

    /** {@code initialize} with a client that supports what the server can offer, one workspace folder. */
    InitializeResult initialize(Path folder) throws Exception {
        InitializeParams params = new InitializeParams();
        params.setProcessId((int) ProcessHandle.current().pid());
        params.setWorkspaceFolders(List.of(new WorkspaceFolder(folder.toUri().toString(), "workspace")));
        WorkspaceClientCapabilities workspace = new WorkspaceClientCapabilities();
        workspace.setWorkspaceFolders(true);
        TextDocumentClientCapabilities text = new TextDocumentClientCapabilities();
        text.setRename(new RenameCapabilities(true, false));
        text.setFoldingRange(new FoldingRangeCapabilities());
        DocumentSymbolCapabilities symbols = new DocumentSymbolCapabilities();
        symbols.setHierarchicalDocumentSymbolSupport(true);
        text.setDocumentSymbol(symbols);
        ClientCapabilities capabilities = new ClientCapabilities();
        capabilities.setWorkspace(workspace);
        capabilities.setTextDocument(text);
        params.setCapabilities(capabilities);
        InitializeResult result = server.initialize(params).get(WAIT_SECONDS, TimeUnit.SECONDS);
        server.initialized(new InitializedParams());
        return result;
    }

    /**
     * Writes {@code content} to {@code file}, opens it and waits for its diagnostics (so that requests read the checked
     * file); returns its identifier.
     */
    org.eclipse.lsp4j.TextDocumentIdentifier openChecked(Path file, String content) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        var published = client.diagnosticsFor(uri(file));
        String opened = open(file);
        published.get(WAIT_SECONDS, TimeUnit.SECONDS);
        return new org.eclipse.lsp4j.TextDocumentIdentifier(opened);
    }

    /** Opens a file with its text as on disk; returns its URI as the server names it. */
    String open(Path file) throws IOException {
        String uri = uri(file);
        server.getTextDocumentService()
                .didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "pt", 1, Files.readString(file))));
        return uri;
    }

    /** The repository's examples folder, seen from this module's folder (Surefire's working directory). */
    static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();

    /** Copies {@code examples/} (with {@code broken/}) into {@code folder}/examples; returns that copy. */
    static Path copyExamples(Path folder) throws IOException {
        Path target = folder.resolve("examples");
        try (var files = Files.walk(EXAMPLES)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path copy = target.resolve(EXAMPLES.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
        return target;
    }

    /** What a broken example's first line says the check reports: {@code // expect: CODE at LINE:COLUMN: MESSAGE}. */
    record Expected(String code, int line, int column, String message) {
        private static final Pattern HEADER =
                Pattern.compile("// expect: (\\S+) at (\\d+):(\\d+): (.*)");

        static Expected of(Path example) throws IOException {
            String first = Files.readAllLines(example).get(0);
            Matcher m = HEADER.matcher(first);
            if (!m.matches()) {
                throw new AssertionError(example + " has no expect header: " + first);
            }
            return new Expected(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), m.group(4));
        }

        /** Asserts that {@code diagnostics} are exactly this one finding (LSP positions are 0-based). */
        void assertExactly(List<Diagnostic> diagnostics) {
            assertEquals(1, diagnostics.size(), diagnostics::toString);
            Diagnostic d = diagnostics.get(0);
            assertEquals(code, d.getCode().getLeft());
            assertEquals(message, d.getMessage().getLeft());
            assertEquals(new Position(line - 1, column - 1),
                    d.getRange().getStart());
        }
    }

    static String uri(Path file) {
        return file.toAbsolutePath().normalize().toUri().toString();
    }

    @Override
    public void close() throws Exception {
        // No `exit` notification in-process: Xtext's server answers it with System.exit. Closing its input ends it.
        // A server in another process has been told to shut down and exit by its test, or is destroyed.
        try {
            if (front != null && front.server().isDone() && !front.server().isCompletedExceptionally()) {
                server.shutdown().get(WAIT_SECONDS, TimeUnit.SECONDS);
            }
        } finally {
            try {
                toServer.close();
            } catch (IOException e) {
                // the process has ended already
            }
        }
    }

    /** Records what the server publishes; everything else a client may be asked is answered trivially. */
    static final class Client extends InProcessServer.QuietClient {
        /** The messages the server showed ({@code window/showMessage}), in order. */
        final List<org.eclipse.lsp4j.MessageParams> shown = new CopyOnWriteArrayList<>();

        @Override
        public void showMessage(org.eclipse.lsp4j.MessageParams message) {
            shown.add(message);
        }

        private final Map<String, CompletableFuture<PublishDiagnosticsParams>> first = new ConcurrentHashMap<>();

        /** The first diagnostics published for a URI. */
        CompletableFuture<PublishDiagnosticsParams> diagnosticsFor(String uri) {
            return first.computeIfAbsent(uri, u -> new CompletableFuture<>());
        }

        private final Map<String, List<Diagnostic>> latest = new ConcurrentHashMap<>();

        @Override
        public void publishDiagnostics(PublishDiagnosticsParams params) {
            diagnosticsFor(params.getUri()).complete(params);
            synchronized (latest) {
                latest.put(params.getUri(), params.getDiagnostics());
                latest.notifyAll();
            }
        }

        /** The diagnostics published last for a URI (none when nothing was published). */
        List<Diagnostic> latest(String uri) {
            synchronized (latest) {
                return latest.getOrDefault(uri, List.of());
            }
        }

        /**
         * The latest diagnostics published for a URI, each as {@code code: message}, once one of them matches
         * {@code wanted} (or whatever was published last when none does within {@link #WAIT_SECONDS}).
         */
        List<String> awaitDiagnostics(String uri, java.util.function.Predicate<String> wanted)
                throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            synchronized (latest) {
                while (true) {
                    List<String> now = latest.getOrDefault(uri, List.of()).stream()
                            .map(d -> d.getCode().getLeft() + ": " + d.getMessage().getLeft()).toList();
                    long left = end - System.nanoTime();
                    if (now.stream().anyMatch(wanted) || left <= 0) {
                        return now;
                    }
                    TimeUnit.NANOSECONDS.timedWait(latest, left);
                }
            }
        }
    }
}
