package org.pt.dsl.ide.server;

import java.util.List;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.xtext.ide.server.MultiRootWorkspaceConfigFactory;
import org.eclipse.xtext.workspace.FileProjectConfig;
import org.eclipse.xtext.workspace.IWorkspaceConfig;
import org.eclipse.xtext.workspace.WorkspaceConfig;

/**
 * The workspace: one project per workspace folder (Xtext's {@link MultiRootWorkspaceConfigFactory}) and one more, the
 * folder of the standard library's read-only {@link LibraryCopies}, so that a copy an editor opens after a
 * go-to-definition is a document of the workspace.
 */
public class PtWorkspaceConfigFactory extends MultiRootWorkspaceConfigFactory {

    /** The name of the project that holds the library's copies. */
    public static final String LIBRARY_PROJECT = "pt-standard-library";

    private LibraryCopies library;

    @Override
    public IWorkspaceConfig getWorkspaceConfig(List<WorkspaceFolder> folders) {
        IWorkspaceConfig config = super.getWorkspaceConfig(folders);
        if (config instanceof WorkspaceConfig workspace && workspace.findProjectByName(LIBRARY_PROJECT) == null) {
            FileProjectConfig project = new FileProjectConfig(library().folderUri(), LIBRARY_PROJECT, workspace);
            project.addSourceFolder(".");
            workspace.addProject(project);
        }
        return config;
    }

    /** The library's copies, written on first use. */
    public synchronized LibraryCopies library() {
        if (library == null) {
            library = LibraryCopies.install();
        }
        return library;
    }
}
