package org.pt.dsl.ide.server;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import com.google.inject.util.Modules;
import org.eclipse.xtext.ide.server.BuildManager;
import org.eclipse.xtext.ide.server.IMultiRootWorkspaceConfigFactory;
import org.eclipse.xtext.ide.server.LanguageServerImpl;
import org.eclipse.xtext.ide.server.ServerModule;
import org.eclipse.xtext.ide.server.WorkspaceManager;
import org.eclipse.xtext.ide.server.concurrent.RequestManager;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.ide.server.semantictokens.SemanticTokensService;
import org.pt.dsl.ide.highlighting.PtSemanticTokensService;
import org.pt.dsl.resource.PtResourceSet;

/**
 * Guice bindings of PT's language server: Xtext's {@link ServerModule} (which finds PT through
 * {@code META-INF/services/org.eclipse.xtext.ISetup}) with {@link PtLanguageServer} answering the requests Xtext's
 * server leaves unanswered, {@link BackgroundBuildManager} checking the workspace after {@code initialize} instead of
 * before it (in writes of {@link BackgroundRequestManager} that let requests in flight finish), {@link PtWorkspaceConfigFactory} adding the standard library's copies to the workspace, and
 * {@link PtSemanticTokensService} advertising PT's {@code address} and {@code size} token modifiers, and
 * {@link PtResourceSet} reading the workspace's files only when they are regular files of at most 4 MiB.
 */
public class PtServerModule extends AbstractModule {

    @Override
    protected void configure() {
        install(Modules.override(new ServerModule()).with(new AbstractModule() {
            @Override
            protected void configure() {
                bind(LanguageServerImpl.class).to(PtLanguageServer.class);
                bind(WorkspaceManager.class).to(PtWorkspaceManager.class);
                bind(BuildManager.class).to(BackgroundBuildManager.class);
                bind(RequestManager.class).to(BackgroundRequestManager.class);
                bind(PtWorkspaceConfigFactory.class).in(Singleton.class);
                bind(IMultiRootWorkspaceConfigFactory.class).to(PtWorkspaceConfigFactory.class);
                bind(SemanticTokensService.class).to(PtSemanticTokensService.class);
                bind(XtextResourceSet.class).to(PtResourceSet.class);
            }
        }));
    }
}
