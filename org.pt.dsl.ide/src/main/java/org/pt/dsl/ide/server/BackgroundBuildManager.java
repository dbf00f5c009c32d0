package org.pt.dsl.ide.server;

import com.google.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.ide.server.BuildManager;
import org.eclipse.xtext.ide.server.ProjectManager;
import org.eclipse.xtext.ide.server.WorkspaceManager;
import org.eclipse.xtext.resource.IResourceDescription;
import org.eclipse.xtext.resource.impl.ProjectDescription;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.util.IFileSystemScanner;
import org.eclipse.xtext.workspace.ISourceFolder;
import org.pt.dsl.scoping.Imports;

/**
 * A build manager whose initial build only lists the workspace's files: Xtext's own builds (parses, links and
 * validates) every file of a new workspace folder inside {@code initialize}, 8–16 s on PT's examples, and the client
 * waits for all of it. Here each project gets an empty build (its resource set and an empty index, so that any request
 * can be answered at once) and its files are queued; {@link PtLanguageServer} then builds them a few at a time, each
 * batch its own write request, after {@code initialize} has answered. A request or an edit in between runs before the
 * next batch; a batch an edit cancels stays in the dirty set and is built with that edit.
 *
 * <p>PT's scoping loads imported files by path on demand, so an opened file is checked correctly before the index is
 * complete; what the background build adds is the index (workspace symbols, references) and the diagnostics of files
 * not yet opened.
 */
public class BackgroundBuildManager extends BuildManager {

    @Inject
    private IFileSystemScanner scanner;

    private WorkspaceManager workspace;

    private final LinkedHashSet<URI> pending = new LinkedHashSet<>();

    @Override
    public void setWorkspaceManager(WorkspaceManager workspaceManager) {
        super.setWorkspaceManager(workspaceManager);
        this.workspace = workspaceManager;
    }

    @Override
    public List<IResourceDescription.Delta> doInitialBuild(List<ProjectDescription> projects,
            CancelIndicator indicator) {
        for (ProjectDescription description : sortByDependencies(projects)) {
            ProjectManager project = workspace.getProjectManager(description.getName());
            project.doBuild(List.of(), List.of(), List.of(), indicator);
            synchronized (pending) {
                for (ISourceFolder folder : project.getProjectConfig().getSourceFolders()) {
                    for (URI file : folder.getAllResources(scanner)) {
                        if (Imports.EXTENSION.equals(file.fileExtension())) {
                            pending.add(file);
                        }
                    }
                }
            }
        }
        return Collections.emptyList();
    }

    /** Takes up to {@code count} of the files still to be built in the background (none when all are). */
    public List<URI> takePending(int count) {
        synchronized (pending) {
            List<URI> batch = new ArrayList<>(Math.min(count, pending.size()));
            var files = pending.iterator();
            while (batch.size() < count && files.hasNext()) {
                batch.add(files.next());
                files.remove();
            }
            return batch;
        }
    }

    /** Whether some file of the workspace has not been built yet. */
    public boolean hasPending() {
        synchronized (pending) {
            return !pending.isEmpty();
        }
    }
}
