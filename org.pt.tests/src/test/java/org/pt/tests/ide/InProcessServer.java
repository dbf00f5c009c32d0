package org.pt.tests.ide;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.WorkspaceClientCapabilities;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;
import org.pt.dsl.ide.server.LibraryCopies;
import org.pt.dsl.ide.server.PtServerLauncher;

/**
 * The language server as {@code ptc lsp} starts it ({@code PtServerLauncher}; see also {@link LspSession}), run
 * in-process and spoken to over piped streams with LSP4J's client launcher.
 */
final class InProcessServer {

    static final long WAIT_SECONDS = 30;

    private final PipedOutputStream toServer;
    private final LanguageServer server;

    InProcessServer(LanguageClient client) throws IOException {
        PipedInputStream serverIn = new PipedInputStream(1 << 16);
        PipedOutputStream serverOut = new PipedOutputStream();
        PipedInputStream clientIn = new PipedInputStream(serverOut, 1 << 16);
        toServer = new PipedOutputStream(serverIn);

        System.setProperty(LibraryCopies.FOLDER_PROPERTY, LspSession.LIBRARY.toString());
        PtServerLauncher.start(serverIn, serverOut);

        Launcher<LanguageServer> clientLauncher = LSPLauncher.createClientLauncher(client, clientIn, toServer);
        clientLauncher.startListening();
        server = clientLauncher.getRemoteProxy();
    }

    LanguageServer server() {
        return server;
    }

    /** {@code initialize} with {@code workspace} as the one workspace folder. */
    InitializeResult initialize(Path workspace) throws Exception {
        InitializeParams params = new InitializeParams();
        params.setProcessId((int) ProcessHandle.current().pid());
        params.setWorkspaceFolders(List.of(new WorkspaceFolder(workspace.toUri().toString(), "workspace")));
        WorkspaceClientCapabilities workspaceCapabilities = new WorkspaceClientCapabilities();
        workspaceCapabilities.setWorkspaceFolders(true);
        ClientCapabilities capabilities = new ClientCapabilities();
        capabilities.setWorkspace(workspaceCapabilities);
        params.setCapabilities(capabilities);
        InitializeResult result = server.initialize(params).get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertTrue(result.getCapabilities() != null, "capabilities");
        return result;
    }

    /** No {@code exit} notification: Xtext's server answers it with System.exit. Closing its input ends it. */
    void stop() throws Exception {
        try {
            server.shutdown().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } finally {
            toServer.close();
        }
    }

    /** A client that answers everything but diagnostics trivially. */
    abstract static class QuietClient implements LanguageClient {
        @Override
        public void telemetryEvent(Object object) {
        }

        @Override
        public void showMessage(MessageParams messageParams) {
        }

        @Override
        public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams requestParams) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void logMessage(MessageParams message) {
        }
    }
}
