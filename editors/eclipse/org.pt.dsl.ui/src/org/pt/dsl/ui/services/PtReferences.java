package org.pt.dsl.ui.services;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.ui.dialogs.ElementListSelectionDialog;
import org.eclipse.ui.handlers.HandlerUtil;
import org.pt.dsl.ui.server.PtServerConnection;

/**
 * Find references (Ctrl+Shift+G in a PT editor): the server's references to the name at the caret, declaration
 * included, in a list ("file:line:column"); choosing one opens it and selects the name.
 */
public final class PtReferences extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        PtEditors.document(event).ifPresent(document -> {
            if (!(HandlerUtil.getCurrentSelection(event) instanceof ITextSelection selection)) {
                return;
            }
            List<Location> found = find(document, selection.getOffset());
            ElementListSelectionDialog dialog = new ElementListSelectionDialog(HandlerUtil.getActiveShell(event),
                    new LabelProvider() {
                        @Override
                        public String getText(Object element) {
                            return label((Location) element);
                        }
                    });
            dialog.setTitle("PT references");
            dialog.setMessage(found.size() + " references; choose one to open it");
            dialog.setElements(found.toArray());
            if (dialog.open() == ElementListSelectionDialog.OK && dialog.getFirstResult() instanceof Location target) {
                new PtHyperlinks.Definition(document.connection(), null, target).open();
            }
        });
        return null;
    }

    /** The references to the name at {@code offset}, its declaration first if the server lists it. */
    public static List<Location> find(ServerDocument document, int offset) {
        try {
            ReferenceParams params = new ReferenceParams(document.id(), document.position(offset),
                    new ReferenceContext(true));
            List<? extends Location> answer = PtServerConnection.read(() -> document.synced().connection().documents()
                    .references(params));
            return answer == null ? List.of() : new ArrayList<>(answer);
        } catch (BadLocationException e) {
            return List.of();
        }
    }

    /** "file.ptl:LINE:COLUMN" (1-based), as {@code ptc check} writes positions. */
    public static String label(Location location) {
        String uri = location.getUri();
        return uri.substring(uri.lastIndexOf('/') + 1) + ":" + (location.getRange().getStart().getLine() + 1) + ":"
                + (location.getRange().getStart().getCharacter() + 1);
    }
}
