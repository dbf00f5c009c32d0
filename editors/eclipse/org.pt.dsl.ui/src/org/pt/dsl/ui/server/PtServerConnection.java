package org.pt.dsl.ui.server;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Provider;
import com.google.inject.Singleton;
import com.google.inject.util.Modules;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DocumentSymbolCapabilities;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.FileEvent;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.SemanticTokens;
import org.eclipse.lsp4j.SemanticTokensLegend;
import org.eclipse.lsp4j.SemanticTokensParams;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.eclipse.lsp4j.services.WorkspaceService;
import org.eclipse.xtext.ide.server.LanguageServerImpl;
import org.eclipse.xtext.util.DisposableRegistry;
import org.eclipse.xtext.ide.server.UriExtensions;
import org.eclipse.xtext.resource.FileExtensionProvider;
import org.eclipse.xtext.resource.IResourceServiceProvider;
import org.eclipse.xtext.resource.impl.ResourceServiceProviderRegistryImpl;
import org.pt.dsl.ide.PtIdeSetup;
import org.pt.dsl.ide.server.PtServerModule;

/**
 * PT's language server (the one {@code ptc lsp} runs: {@link PtServerModule}) running inside Eclipse, spoken to
 * through LSP4J's Java interfaces instead of a stream: the one place where the plug-in meets the server.
 * <p>
 * It owns the server (started on a workspace folder, shut down by {@link #close()}), keeps the documents the editors
 * have open in sync (full text per change, a version per document), hands out the server's request services for
 * requests that answer with futures, and passes the diagnostics the server publishes to its listeners.
 */
public final class PtServerConnection implements AutoCloseable {

    /** How long a caller waits for the server's answer before giving up on it. */
    public static final long TIMEOUT_SECONDS = 30;
    /**
     * How long the UI thread waits for an answer it shows at once (content assist, a hover) before it shows none:
     * a busy or stuck server never freezes the workbench for longer.
     */
    public static final long UI_TIMEOUT_MILLIS = 1_000;

    /** The threads that send the editors' texts and requests for callers that must not wait long (the UI thread). */
    private static final ExecutorService REQUESTS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "PT requests");
        thread.setDaemon(true);
        return thread;
    });

    private final Injector injector;
    private final LanguageServerImpl server;
    private final UriExtensions uris;
    private final SemanticTokensLegend legend;
    private final ServerCapabilities capabilities;
    private final Map<String, OpenDocument> open = new ConcurrentHashMap<>();
    private final List<Consumer<PublishDiagnosticsParams>> diagnosticsListeners = new CopyOnWriteArrayList<>();
    private final Map<String, List<Diagnostic>> diagnostics = new ConcurrentHashMap<>();
    private final List<Consumer<String>> sendListeners = new CopyOnWriteArrayList<>();
    private volatile long requestDelayMillis;

    private record OpenDocument(int version, String text) {
    }

    private PtServerConnection(Injector injector, String workspaceUri) {
        this.injector = injector;
        this.server = injector.getInstance(LanguageServerImpl.class);
        this.uris = injector.getInstance(UriExtensions.class);
        server.connect(new LocalClient());
        InitializeParams params = new InitializeParams();
        ClientCapabilities client = new ClientCapabilities();
        TextDocumentClientCapabilities documents = new TextDocumentClientCapabilities();
        DocumentSymbolCapabilities symbols = new DocumentSymbolCapabilities();
        symbols.setHierarchicalDocumentSymbolSupport(true); // the outline is a tree
        documents.setDocumentSymbol(symbols);
        client.setTextDocument(documents);
        params.setCapabilities(client);
        params.setRootUri(workspaceUri);
        params.setWorkspaceFolders(List.of(new WorkspaceFolder(workspaceUri, "workspace")));
        params.setProcessId((int) ProcessHandle.current().pid());
        this.capabilities = await(server.initialize(params)).getCapabilities();
        this.legend = capabilities.getSemanticTokensProvider().getLegend();
        server.initialized(new InitializedParams());
    }

    /**
     * Starts a server on the folder {@code workspaceRoot} (its {@code *.ptl} files are built in the background) and
     * waits for its answer to {@code initialize}.
     */
    public static PtServerConnection start(java.net.URI workspaceRoot) {
        Injector injector = Guice.createInjector(Modules.override(new PtServerModule()).with(new InProcessModule()));
        return new PtServerConnection(injector, injector.getInstance(UriExtensions.class).toUriString(workspaceRoot));
    }

    /**
     * Registers PT with the server directly: Xtext's server finds languages through {@code java.util.ServiceLoader},
     * which does not look into other bundles.
     */
    private static final class InProcessModule extends AbstractModule {
        @Override
        protected void configure() {
            // One registry, so one PT injector: with a registry per injection point the workspace's resources were
            // parsed with one grammar instance and completion looked their elements up in another (no proposals).
            bind(IResourceServiceProvider.Registry.class).toProvider(PtRegistry.class).in(Singleton.class);
        }
    }

    private static final class PtRegistry implements Provider<IResourceServiceProvider.Registry> {
        @Override
        public IResourceServiceProvider.Registry get() {
            Injector pt = new PtIdeSetup().createInjectorAndDoEMFRegistration();
            IResourceServiceProvider provider = pt.getInstance(IResourceServiceProvider.class);
            ResourceServiceProviderRegistryImpl registry = new ResourceServiceProviderRegistryImpl();
            for (String extension : pt.getInstance(FileExtensionProvider.class).getFileExtensions()) {
                registry.getExtensionToFactoryMap().put(extension, provider);
            }
            return registry;
        }
    }

    /** The server's form of a file's URI ({@code file:///...}), the key of documents and diagnostics. */
    public String uri(java.net.URI location) {
        return uris.toUriString(location);
    }

    /** The file a server URI names. */
    public java.net.URI location(String uri) {
        return java.net.URI.create(uris.toUri(uri).toString());
    }

    /** The token types and modifiers of the server's semantic tokens. */
    public SemanticTokensLegend legend() {
        return legend;
    }

    /** What the server answered to {@code initialize}: its requests, completion's trigger characters, ... */
    public ServerCapabilities capabilities() {
        return capabilities;
    }

    /** The server's text document requests (hover, completion, inlay hints, ...), each answered by a future. */
    public TextDocumentService documents() {
        return server.getTextDocumentService();
    }

    /** The server's workspace requests and notifications. */
    public WorkspaceService workspace() {
        return server.getWorkspaceService();
    }

    /** Calls {@code listener} with every diagnostics notification from now on (on a server thread). */
    public void addDiagnosticsListener(Consumer<PublishDiagnosticsParams> listener) {
        diagnosticsListeners.add(listener);
    }

    /**
     * The diagnostics last published for {@code uri}, as the server sent them (their data included, which code
     * actions need back).
     */
    public List<Diagnostic> diagnostics(String uri) {
        return diagnostics.getOrDefault(uri, List.of());
    }

    /**
     * Calls {@code listener} with the URI of each document text sent to the server (didOpen, didChange), on the
     * sending thread: for checking which threads talk to the server.
     */
    public void addSendListener(Consumer<String> listener) {
        sendListeners.add(listener);
    }

    public void removeSendListener(Consumer<String> listener) {
        sendListeners.remove(listener);
    }

    public void removeDiagnosticsListener(Consumer<PublishDiagnosticsParams> listener) {
        diagnosticsListeners.remove(listener);
    }

    /** An editor opened the document {@code uri} with {@code text}. */
    public void didOpen(String uri, String text) {
        open.put(uri, new OpenDocument(1, text));
        sendListeners.forEach(listener -> listener.accept(uri));
        documents().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "pt", 1, text)));
    }

    /**
     * The open document {@code uri} now reads {@code text} (the whole text is sent: documents are small); nothing is
     * sent if the server has this text already.
     */
    public void didChange(String uri, String text) {
        OpenDocument previous = open.get(uri);
        if (previous != null && previous.text().equals(text)) {
            return; // already sent (by a request before the reconciler): resending would cancel its answer
        }
        OpenDocument next = open.compute(uri, (key, last) -> new OpenDocument(
                last == null ? 1 : last.version() + 1, text));
        sendListeners.forEach(listener -> listener.accept(uri));
        if (next.version() == 1) {
            documents().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "pt", 1, text)));
            return;
        }
        documents().didChange(new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(uri, next.version()),
                List.of(new TextDocumentContentChangeEvent(text))));
    }

    /** The editor of {@code uri} closed; the server reads the file from disk again. */
    public void didClose(String uri) {
        if (open.remove(uri) != null) {
            documents().didClose(new DidCloseTextDocumentParams(new TextDocumentIdentifier(uri)));
        }
    }

    /** The text of the open document {@code uri} as last sent to the server, if an editor has it open. */
    public Optional<String> openText(String uri) {
        return Optional.ofNullable(open.get(uri)).map(OpenDocument::text);
    }

    /** Files changed, appeared or disappeared on disk (imports of open documents among them). */
    public void didChangeWatchedFiles(List<FileEvent> changes) {
        workspace().didChangeWatchedFiles(new DidChangeWatchedFilesParams(changes));
    }

    /** The semantic tokens of {@code uri} (of the text last sent, for an open document). */
    public CompletableFuture<SemanticTokens> semanticTokens(String uri) {
        return documents().semanticTokensFull(new SemanticTokensParams(new TextDocumentIdentifier(uri)));
    }

    /** Waits for a request's answer, at most {@link #TIMEOUT_SECONDS}. */
    public static <T> T await(CompletableFuture<T> answer) {
        try {
            return answer.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for PT's language server", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("PT's language server did not answer: " + e, e);
        }
    }

    /**
     * Runs {@code request} (which sends a text and a request, and answers a future) on one of the plug-in's threads
     * and waits at most {@code millis} for its answer: empty if there is none by then (the request is then
     * cancelled) or if the server failed. For callers on the UI thread, which must not wait for the server.
     */
    public <T> Optional<T> within(long millis, Supplier<CompletableFuture<T>> request) {
        AtomicReference<CompletableFuture<T>> sent = new AtomicReference<>();
        CompletableFuture<T> answer = CompletableFuture.supplyAsync(() -> {
            delay();
            CompletableFuture<T> future;
            synchronized (sent) { // not sent at all once the caller gave up
                if (sent.get() != null) {
                    throw new CancellationException();
                }
                future = request.get();
                sent.set(future);
            }
            return future;
        }, REQUESTS).thenCompose(future -> future);
        try {
            return Optional.ofNullable(answer.get(millis, TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            giveUp(sent);
            return Optional.empty();
        } catch (ExecutionException | TimeoutException | CancellationException e) {
            giveUp(sent);
            return Optional.empty();
        }
    }

    /** Cancels the request {@code sent} holds, or keeps it from being sent. */
    private static <T> void giveUp(AtomicReference<CompletableFuture<T>> sent) {
        synchronized (sent) {
            CompletableFuture<T> future = sent.getAndSet(CompletableFuture.failedFuture(new CancellationException()));
            if (future != null) {
                future.cancel(true);
            }
        }
    }

    /**
     * For tests: requests made through {@link #within} wait {@code millis} on their thread before they are sent, as
     * if the server were busy (0: no delay).
     */
    public void delayRequestsForTests(long millis) {
        requestDelayMillis = millis;
    }

    private void delay() {
        long millis = requestDelayMillis;
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Sends the request {@code request} makes and waits for its answer, sending it again (up to three times) if a
     * write of the server (a document sent meanwhile) cancelled it.
     */
    public static <T> T read(Supplier<CompletableFuture<T>> request) {
        for (int attempt = 1;; attempt++) {
            try {
                return await(request.get());
            } catch (CancellationException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /** Shuts the server down and ends its threads (nothing of it stays in the workbench). */
    @Override
    public void close() {
        diagnosticsListeners.clear();
        open.clear();
        await(server.shutdown());
        injector.getInstance(DisposableRegistry.class).dispose();
    }

    /** The client side of the protocol, inside Eclipse: diagnostics go to the listeners, the rest is answered empty. */
    private final class LocalClient implements LanguageClient {
        @Override
        public void publishDiagnostics(PublishDiagnosticsParams diagnostics) {
            PtServerConnection.this.diagnostics.put(diagnostics.getUri(), List.copyOf(diagnostics.getDiagnostics()));
            diagnosticsListeners.forEach(listener -> listener.accept(diagnostics));
        }

        @Override
        public void telemetryEvent(Object object) {
        }

        @Override
        public void showMessage(MessageParams message) {
            PtLog.info(message.getMessage());
        }

        @Override
        public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams request) {
            PtLog.info(request.getMessage());
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void logMessage(MessageParams message) {
            PtLog.info(message.getMessage());
        }

        @Override
        public CompletableFuture<Void> refreshSemanticTokens() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> refreshInlayHints() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> refreshCodeLenses() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> refreshDiagnostics() {
            return CompletableFuture.completedFuture(null);
        }
    }
}
