package org.pt.dsl.ui.services;

import java.util.Optional;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.handlers.HandlerUtil;
import org.eclipse.ui.texteditor.ITextEditor;

/** The PT document of the editor a command runs in. */
final class PtEditors {

    private PtEditors() {
    }

    static Optional<ServerDocument> document(ExecutionEvent event) {
        IEditorPart part = HandlerUtil.getActiveEditor(event);
        if (!(part instanceof ITextEditor editor) || !editor.isEditable()) {
            return Optional.empty();
        }
        return ServerDocument.of(editor.getDocumentProvider().getDocument(editor.getEditorInput()));
    }
}
