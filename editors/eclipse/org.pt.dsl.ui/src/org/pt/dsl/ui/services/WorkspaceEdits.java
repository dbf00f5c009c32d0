package org.pt.dsl.ui.services;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.core.filebuffers.FileBuffers;
import org.eclipse.core.filebuffers.ITextFileBuffer;
import org.eclipse.core.filebuffers.ITextFileBufferManager;
import org.eclipse.core.filesystem.EFS;
import org.eclipse.core.filesystem.IFileStore;
import org.eclipse.core.runtime.CoreException;
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

    private WorkspaceEdits() {
    }

    /** Applies {@code edit}; its text edits of one file are applied from the last to the first. */
    public static void apply(PtServerConnection connection, WorkspaceEdit edit) throws CoreException {
        for (Map.Entry<String, List<TextEdit>> file : byFile(edit).entrySet()) {
            IFileStore store = EFS.getStore(connection.location(file.getKey()));
            ITextFileBufferManager buffers = FileBuffers.getTextFileBufferManager();
            buffers.connectFileStore(store, null);
            try {
                ITextFileBuffer buffer = buffers.getFileStoreTextFileBuffer(store);
                boolean wasDirty = buffer.isDirty();
                apply(ServerDocument.of(buffer.getDocument()).orElseThrow(), file.getValue());
                if (!wasDirty && !open(buffer)) {
                    buffer.commit(null, true);
                }
            } finally {
                buffers.disconnectFileStore(store, null);
            }
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
