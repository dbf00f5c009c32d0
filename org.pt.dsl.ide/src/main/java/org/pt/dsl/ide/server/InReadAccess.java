package org.pt.dsl.ide.server;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.xtext.ide.server.ILanguageServerAccess;
import org.eclipse.xtext.ide.server.WorkspaceManager;
import org.eclipse.xtext.util.CancelIndicator;

/**
 * The server's access for a service that already runs inside a read request: its reads run at once, in that request,
 * instead of being queued as new read requests.
 *
 * <p>Xtext's rename service ({@code RenameService2}) and its change converter ({@code ChangeConverter2}) read each
 * file through {@link ILanguageServerAccess#doRead}, which queues a new read request, and block on its answer, while
 * the rename itself is a read request. A write queued in between (an edit, or a background build batch) waits for the
 * rename to finish, and the nested read waits behind the write on the request manager's single queue: the server
 * hangs. With this access the whole rename is one read request that never waits for another.
 */
final class InReadAccess implements ILanguageServerAccess {

    private final ILanguageServerAccess server;
    private final WorkspaceManager workspace;
    private final CancelIndicator cancelIndicator;

    InReadAccess(ILanguageServerAccess server, WorkspaceManager workspace, CancelIndicator cancelIndicator) {
        this.server = server;
        this.workspace = workspace;
        this.cancelIndicator = cancelIndicator;
    }

    @Override
    public <T> CompletableFuture<T> doRead(String uri, Function<Context, T> function) {
        try {
            return CompletableFuture.completedFuture(server.doSyncRead(uri, function));
        } catch (RuntimeException | Error e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public <T> T doSyncRead(String uri, Function<Context, T> function) {
        return server.doSyncRead(uri, function);
    }

    @Override
    public <T> CompletableFuture<T> doReadIndex(Function<? super IndexContext, ? extends T> function) {
        try {
            return CompletableFuture.completedFuture(function.apply(new IndexContext(workspace.getIndex(),
                    cancelIndicator)));
        } catch (RuntimeException | Error e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void addBuildListener(IBuildListener listener) {
        server.addBuildListener(listener);
    }

    @Override
    public void removeBuildListener(IBuildListener listener) {
        server.removeBuildListener(listener);
    }

    @Override
    public LanguageClient getLanguageClient() {
        return server.getLanguageClient();
    }

    @Override
    public ResourceSet newLiveScopeResourceSet(org.eclipse.emf.common.util.URI uri) {
        return server.newLiveScopeResourceSet(uri);
    }

    @Override
    public InitializeParams getInitializeParams() {
        return server.getInitializeParams();
    }

    @Override
    public InitializeResult getInitializeResult() {
        return server.getInitializeResult();
    }
}
