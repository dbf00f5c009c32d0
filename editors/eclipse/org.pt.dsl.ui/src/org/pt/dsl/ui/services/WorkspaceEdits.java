package org.pt.dsl.ui.services;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.core.filebuffers.FileBuffers;
import org.eclipse.core.filebuffers.ITextFileBuffer;
import org.eclipse.core.filebuffers.ITextFileBufferManager;
import org.eclipse.core.filebuffers.LocationKind;
import org.eclipse.core.filesystem.EFS;
import org.eclipse.core.filesystem.IFileStore;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.lsp4j.TextDocumentEdit;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.pt.dsl.ui.server.PtServerConnection;

/**
 * Applies the server's {@link WorkspaceEdit}s (a quick fix's changes) to the files' documents: an open editor's
 * document is changed in place (the user saves it), a closed file is changed and saved.
 */
public final class WorkspaceEdits {

    private static final ITextFileBufferManager BUFFERS = FileBuffers.getTextFileBufferManager();

    private WorkspaceEdits() {
    }

    /** Applies {@code edit}; its text edits of one file are applied from the last to the first. */
    public static void apply(PtServerConnection connection, WorkspaceEdit edit) throws CoreException {
        for (Map.Entry<String, List<TextEdit>> file : byFile(edit).entrySet()) {
            URI location = connection.location(file.getKey());
            IFile[] resources = ResourcesPlugin.getWorkspace().getRoot().findFilesForLocationURI(location);
            if (resources.length > 0) {
                // the editor's buffer of a workspace file is the one of its path, not of its location
                IPath path = resources[0].getFullPath();
                BUFFERS.connect(path, LocationKind.IFILE, null);
                try {
                    apply(BUFFERS.getTextFileBuffer(path, LocationKind.IFILE), file.getValue());
                } finally {
                    BUFFERS.disconnect(path, LocationKind.IFILE, null);
                }
            } else {
                IFileStore store = EFS.getStore(location);
                BUFFERS.connectFileStore(store, null);
                try {
                    apply(BUFFERS.getFileStoreTextFileBuffer(store), file.getValue());
                } finally {
                    BUFFERS.disconnectFileStore(store, null);
                }
            }
        }
    }

    private static void apply(ITextFileBuffer buffer, List<TextEdit> edits) throws CoreException {
        boolean wasDirty = buffer.isDirty();
        apply(ServerDocument.of(buffer.getDocument()).orElseThrow(), edits);
        if (!wasDirty && !open(buffer)) {
            buffer.commit(null, true);
        }
    }

    /** Whether an editor shares the buffer (then the user saves it). */
    private static boolean open(ITextFileBuffer buffer) {
        return buffer.isShared();
    }

    /** Applies {@code edits} (ranges in the document as it is now) to {@code document}. */
    static void apply(ServerDocument document, List<TextEdit> edits) {
        List<TextEdit> sorted = new ArrayList<>(edits);
        sorted.sort(Comparator.comparing((TextEdit e) -> e.getRange().getStart().getLine())
                .thenComparing(e -> e.getRange().getStart().getCharacter()).reversed());
        IDocument text = document.document();
        try {
            for (TextEdit e : sorted) {
                int start = document.offset(e.getRange().getStart());
                text.replace(start, document.offset(e.getRange().getEnd()) - start, e.getNewText());
            }
        } catch (BadLocationException e) {
            throw new IllegalStateException("a quick fix for another version of " + document.uri(), e);
        }
    }

    /** The edit's text edits by file URI, from {@code changes} or {@code documentChanges}. */
    static Map<String, List<TextEdit>> byFile(WorkspaceEdit edit) {
        Map<String, List<TextEdit>> files = new LinkedHashMap<>();
        if (edit.getChanges() != null) {
            edit.getChanges().forEach((uri, edits) -> files.computeIfAbsent(uri, u -> new ArrayList<>()).addAll(edits));
        }
        if (edit.getDocumentChanges() != null) {
            edit.getDocumentChanges().stream().filter(change -> change.isLeft()).map(change -> change.getLeft())
                    .forEach((TextDocumentEdit change) -> files.computeIfAbsent(change.getTextDocument().getUri(),
                            u -> new ArrayList<>()).addAll(change.getEdits().stream()
                            .filter(e -> e.isLeft()).map(e -> e.getLeft()).toList()));
        }
        return files;
    }
}
