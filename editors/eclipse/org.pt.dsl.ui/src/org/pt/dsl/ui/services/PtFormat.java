package org.pt.dsl.ui.services;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.FormattingOptions;
import org.eclipse.lsp4j.TextEdit;
import org.pt.dsl.ui.server.PtServerConnection;

/**
 * Format document (Ctrl+Shift+F in a PT editor): the server's formatting (PT's formatter: one statement a line, four
 * spaces an indentation level, blank lines between elements, comments kept) applied to the editor's document.
 */
public final class PtFormat extends AbstractHandler {

    /** PT's indentation unit, four spaces (the formatter's own; the options say the same). */
    static final int TAB_SIZE = 4;

    @Override
    public Object execute(ExecutionEvent event) {
        PtEditors.document(event).ifPresent(document -> {
            List<? extends TextEdit> edits = PtServerConnection.read(() -> document.synced().connection().documents()
                    .formatting(new DocumentFormattingParams(document.id(), new FormattingOptions(TAB_SIZE, true))));
            if (edits != null && !edits.isEmpty()) {
                WorkspaceEdits.apply(document, new ArrayList<>(edits));
            }
        });
        return null;
    }
}
