package org.pt.dsl.ide.server;

import org.eclipse.xtext.ide.server.BuildManager;
import org.eclipse.xtext.ide.server.WorkspaceManager;

/** Xtext's workspace manager, keeping its {@link BackgroundBuildManager} for {@link PtLanguageServer}. */
public class PtWorkspaceManager extends WorkspaceManager {

    private BackgroundBuildManager background;

    @Override
    public void setBuildManager(BuildManager buildManager) {
        super.setBuildManager(buildManager);
        this.background = (BackgroundBuildManager) buildManager;
    }

    /** The build manager that holds the files still to be built after {@code initialize}. */
    BackgroundBuildManager background() {
        return background;
    }
}
