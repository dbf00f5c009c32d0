package org.pt.dsl.ui.workspace;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResourceChangeEvent;
import org.eclipse.core.resources.IResourceChangeListener;
import org.eclipse.core.resources.IResourceDelta;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.lsp4j.FileChangeType;
import org.eclipse.lsp4j.FileEvent;
import org.pt.dsl.ui.server.PtLog;
import org.pt.dsl.ui.server.PtServerConnection;

/**
 * Tells the language server about {@code *.ptl} files that appear, change or disappear in the workspace (saved by an
 * editor, written by a tool, pulled by Git): LSP's {@code workspace/didChangeWatchedFiles}. The server then checks
 * them again and the files that import them, whose markers follow.
 */
public final class PtFileWatcher implements IResourceChangeListener {

    private static final String EXTENSION = "ptl";

    private final PtServerConnection connection;

    public PtFileWatcher(PtServerConnection connection) {
        this.connection = connection;
    }

    @Override
    public void resourceChanged(IResourceChangeEvent event) {
        if (event.getDelta() == null) {
            return;
        }
        List<FileEvent> changes = new ArrayList<>();
        try {
            event.getDelta().accept(delta -> {
                if (delta.getResource() instanceof IFile file && EXTENSION.equals(file.getFileExtension())) {
                    FileChangeType type = type(delta);
                    if (type != null && file.getLocationURI() != null) {
                        changes.add(new FileEvent(connection.uri(file.getLocationURI()), type));
                    }
                }
                return true;
            });
        } catch (CoreException e) {
            PtLog.error("cannot read a workspace change", e);
        }
        if (!changes.isEmpty()) {
            connection.didChangeWatchedFiles(changes);
        }
    }

    /** The LSP change of a delta; null for changes that leave the file's text alone (markers, properties). */
    private static FileChangeType type(IResourceDelta delta) {
        return switch (delta.getKind()) {
            case IResourceDelta.ADDED -> FileChangeType.Created;
            case IResourceDelta.REMOVED -> FileChangeType.Deleted;
            case IResourceDelta.CHANGED -> (delta.getFlags() & (IResourceDelta.CONTENT | IResourceDelta.REPLACED)) != 0
                    ? FileChangeType.Changed
                    : null;
            default -> null;
        };
    }
}
