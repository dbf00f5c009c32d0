package org.pt.dsl.ui.services;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.ui.handlers.HandlerUtil;

/**
 * Toggle comment (Ctrl+/ in a PT editor): the selected lines (the caret's line without a selection) get {@code // }
 * at their common indentation, or lose it when every non-blank one has it already.
 */
public final class PtToggleComment extends AbstractHandler {

    static final String COMMENT = "//";

    @Override
    public Object execute(ExecutionEvent event) {
        PtEditors.document(event).ifPresent(server -> {
            if (HandlerUtil.getCurrentSelection(event) instanceof ITextSelection selection) {
                try {
                    toggle(server.document(), selection.getStartLine(), selection.getEndLine());
                } catch (BadLocationException e) {
                    throw new IllegalStateException("a selection outside the document", e);
                }
            }
        });
        return null;
    }

    /** Comments out lines {@code first..last} (0-based), or uncomments them if all are comments. */
    static void toggle(IDocument document, int first, int last) throws BadLocationException {
        boolean allCommented = true;
        int indent = Integer.MAX_VALUE;
        for (int line = first; line <= last; line++) {
            String text = line(document, line);
            if (!text.isBlank()) {
                allCommented &= text.stripLeading().startsWith(COMMENT);
                indent = Math.min(indent, text.length() - text.stripLeading().length());
            }
        }
        if (indent == Integer.MAX_VALUE) {
            return; // only blank lines
        }
        for (int line = last; line >= first; line--) {
            String text = line(document, line);
            if (text.isBlank()) {
                continue;
            }
            int offset = document.getLineOffset(line);
            if (allCommented) {
                int at = text.indexOf(COMMENT);
                int length = text.startsWith(COMMENT + " ", at) ? COMMENT.length() + 1 : COMMENT.length();
                document.replace(offset + at, length, "");
            } else {
                document.replace(offset + indent, 0, COMMENT + " ");
            }
        }
    }

    private static String line(IDocument document, int line) throws BadLocationException {
        return document.get(document.getLineOffset(line), document.getLineLength(line)).stripTrailing();
    }
}
