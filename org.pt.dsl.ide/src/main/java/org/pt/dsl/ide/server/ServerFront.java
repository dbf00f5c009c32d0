package org.pt.dsl.ide.server;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.eclipse.lsp4j.CompletionOptions;
import org.eclipse.lsp4j.DocumentLinkOptions;
import org.eclipse.lsp4j.ExecuteCommandOptions;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.RenameOptions;
import org.eclipse.lsp4j.SemanticTokensLegend;
import org.eclipse.lsp4j.SemanticTokensWithRegistrationOptions;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.SignatureHelpOptions;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.WorkspaceFoldersOptions;
import org.eclipse.lsp4j.WorkspaceServerCapabilities;
import org.eclipse.lsp4j.jsonrpc.Endpoint;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.json.JsonRpcMethod;
import org.eclipse.lsp4j.jsonrpc.json.JsonRpcMethodProvider;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.lsp4j.jsonrpc.services.ServiceEndpoints;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.xtext.ide.server.LanguageServerImpl;
import org.pt.dsl.ide.highlighting.PtSemanticTokensService;

/**
 * What the client talks to from the process's first moment: it answers {@code initialize} at once, with
 * {@link #capabilities}, then builds the real server (Guice and Xtext setting up the language, 1–2 s) on a thread of
 * its own and hands it every message in the order it came. The client's {@code initialize} is handed on first, and
 * what follows waits for the server's answer to it, so the server initializes (standard library copies, workspace
 * scan, then the background build) as before, only not while the client waits.
 *
 * <p>Requests wait for the server; a request cancelled while waiting is never handed on. An {@code exit} before the
 * server is built ends the process at once. A set-up that fails (building the server, or its {@code initialize}) is
 * said to the client ({@code window/showMessage}) and on standard error, and ends the process with status 2; requests
 * still waiting fail with the same message.
 */
public final class ServerFront implements Endpoint, JsonRpcMethodProvider {

    /** The messages go to the real server on this one thread, in order; the first task builds that server. */
    private final ExecutorService forward = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "pt-lsp-front");
        thread.setDaemon(true);
        return thread;
    });

    private final CompletableFuture<LanguageClient> client = new CompletableFuture<>();
    private final CompletableFuture<LanguageServerImpl> server = new CompletableFuture<>();
    private final CompletableFuture<InitializeResult> serverInitialized = new CompletableFuture<>();
    private final AtomicBoolean initializeAnswered = new AtomicBoolean();
    private final IntConsumer exit;

    /** Set on the forwarding thread once the server is connected; read only there. */
    private Endpoint endpoint;

    /** Whether the client has asked for a shutdown. */
    private volatile boolean shutDown;

    /** Why the set-up failed, once it has. */
    private volatile String failure;

    /** Completed once the answer to initialize (or another first message) has been made. */
    private final CompletableFuture<Void> answering = new CompletableFuture<>();

    /**
     * Builds the server with {@code setUp} once the first message has been answered (on one core, building it while
     * the answer is made would slow the answer); {@code exit} ends the process (a test passes one that does not).
     */
    ServerFront(Supplier<? extends LanguageServerImpl> setUp, IntConsumer exit) {
        this.exit = exit;
        forward.execute(() -> {
            try {
                answering.join();
                LanguageServerImpl built = setUp.get();
                built.connect(client.join());
                endpoint = ServiceEndpoints.toEndpoint(built);
                server.complete(built);
            } catch (Throwable e) {
                server.completeExceptionally(e);
                fail(e);
            }
        });
    }

    /** The client's proxy, for the real server (and this front's messages). */
    void connect(LanguageClient languageClient) {
        client.complete(languageClient);
    }

    /** The real server, once built. */
    public CompletableFuture<LanguageServerImpl> server() {
        return server;
    }

    /** The real server's own answer to the {@code initialize} handed on to it (tests compare capabilities). */
    public CompletableFuture<InitializeResult> serverInitialized() {
        return serverInitialized;
    }

    @Override
    public Map<String, JsonRpcMethod> supportedMethods() {
        return ServiceEndpoints.getSupportedMethods(LanguageServer.class);
    }

    @Override
    public CompletableFuture<?> request(String method, Object parameter) {
        if (method.equals("initialize") && parameter instanceof InitializeParams params
                && initializeAnswered.compareAndSet(false, true)) {
            forwardRequest(method, params).whenComplete((result, error) -> {
                if (error == null) {
                    serverInitialized.complete((InitializeResult) result);
                } else {
                    serverInitialized.completeExceptionally(error);
                    if (!shutDown) { // a shutdown before it ends the server's initialize
                        fail(error);
                    }
                }
            });
            // What follows waits for the server's initialize, as the client would have: a write (an edit) cancels it.
            forward.execute(() -> serverInitialized.handle((result, error) -> null).join());
            InitializeResult answer = new InitializeResult(capabilities(params));
            answering.complete(null);
            return CompletableFuture.completedFuture(answer);
        }
        answering.complete(null);
        shutDown |= method.equals("shutdown");
        return forwardRequest(method, parameter);
    }

    @Override
    public void notify(String method, Object parameter) {
        answering.complete(null);
        if (method.equals("exit") && !server.isDone()) {
            exit.accept(0);
            return;
        }
        forward.execute(() -> {
            if (endpoint != null) {
                endpoint.notify(method, parameter);
            }
        });
    }

    /** The real server's answer, once it is built; cancelling the answer cancels the request there. */
    private CompletableFuture<Object> forwardRequest(String method, Object parameter) {
        CompletableFuture<Object> answer = new CompletableFuture<>();
        forward.execute(() -> {
            if (answer.isDone()) { // cancelled while waiting
                return;
            }
            if (endpoint == null) {
                answer.completeExceptionally(new ResponseErrorException(
                        new ResponseError(ResponseErrorCode.InternalError, failure, null)));
                return;
            }
            try {
                CompletableFuture<?> real = endpoint.request(method, parameter);
                answer.whenComplete((result, error) -> real.cancel(true)); // no-op once real is done
                real.whenComplete((result, error) -> {
                    if (error != null) {
                        answer.completeExceptionally(error);
                    } else {
                        answer.complete(result);
                    }
                });
            } catch (Throwable e) {
                answer.completeExceptionally(e);
            }
        });
        return answer;
    }

    /** Says why the set-up failed, to the client and on standard error, and ends the process (once). */
    private synchronized void fail(Throwable error) {
        if (failure != null) {
            return;
        }
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        failure = "PT's language server could not start: "
                + (cause.getMessage() != null ? cause.getMessage() : cause.getClass().getName());
        serverInitialized.completeExceptionally(cause);
        System.err.println("ptc lsp: " + failure);
        System.err.flush();
        client.join().showMessage(new MessageParams(MessageType.Error, failure)); // connected right after start
        exit.accept(2);
    }

    /**
     * What the server offers a client with {@code params}' capabilities: what Xtext's {@link LanguageServerImpl}
     * computes for PT and {@link PtLanguageServer} adds, without building either (a test compares the two).
     */
    static ServerCapabilities capabilities(InitializeParams params) {
        ServerCapabilities capabilities = new ServerCapabilities();
        capabilities.setTextDocumentSync(TextDocumentSyncKind.Incremental);
        capabilities.setHoverProvider(true);
        capabilities.setDefinitionProvider(true);
        capabilities.setReferencesProvider(true);
        capabilities.setDocumentSymbolProvider(true);
        capabilities.setWorkspaceSymbolProvider(true);
        capabilities.setCodeActionProvider(true);
        capabilities.setSignatureHelpProvider(new SignatureHelpOptions(List.of("(", ",")));
        CompletionOptions completion = new CompletionOptions(false, List.of("."));
        capabilities.setCompletionProvider(completion);
        capabilities.setDocumentFormattingProvider(true);
        capabilities.setDocumentRangeFormattingProvider(true);
        capabilities.setDocumentHighlightProvider(true);
        PtSemanticTokensService tokens = new PtSemanticTokensService();
        SemanticTokensWithRegistrationOptions semantic = new SemanticTokensWithRegistrationOptions(
                new SemanticTokensLegend(tokens.getTokenTypes(), tokens.getTokenModifiers()));
        semantic.setFull(true);
        semantic.setRange(false);
        capabilities.setSemanticTokensProvider(semantic);
        var client = params.getCapabilities();
        var text = client == null ? null : client.getTextDocument();
        if (text != null && text.getFoldingRange() != null) {
            capabilities.setFoldingRangeProvider(true);
        }
        boolean prepare = text != null && text.getRename() != null
                && Boolean.TRUE.equals(text.getRename().getPrepareSupport());
        capabilities.setRenameProvider(prepare ? Either.forRight(new RenameOptions(true)) : Either.forLeft(true));
        var workspace = client == null ? null : client.getWorkspace();
        if (workspace != null && Boolean.TRUE.equals(workspace.getWorkspaceFolders())) {
            WorkspaceFoldersOptions folders = new WorkspaceFoldersOptions();
            folders.setSupported(true);
            folders.setChangeNotifications(true);
            capabilities.setWorkspace(new WorkspaceServerCapabilities(folders));
        }
        if (workspace != null && workspace.getExecuteCommand() != null) {
            capabilities.setExecuteCommandProvider(new ExecuteCommandOptions(List.of()));
        }
        return withPtAdditions(capabilities);
    }

    /** What {@link PtLanguageServer} offers beyond Xtext's server: selection ranges, inlay hints, document links. */
    static ServerCapabilities withPtAdditions(ServerCapabilities capabilities) {
        capabilities.setSelectionRangeProvider(true);
        capabilities.setInlayHintProvider(true);
        capabilities.setDocumentLinkProvider(new DocumentLinkOptions(false));
        return capabilities;
    }
}
