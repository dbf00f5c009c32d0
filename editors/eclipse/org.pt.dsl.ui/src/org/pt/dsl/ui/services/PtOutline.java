package org.pt.dsl.ui.services;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IDocumentListener;
import org.eclipse.jface.text.DocumentEvent;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.ui.views.contentoutline.ContentOutlinePage;
import org.pt.dsl.ui.server.PtLog;
import org.pt.dsl.ui.server.PtServerConnection;

/**
 * The Outline view of a PT editor from the server's document symbols: machines with their memory, layouts with their
 * regions, spaces with their statements. Selecting a row selects its name in the editor; it is refreshed a moment
 * after each edit.
 */
public final class PtOutline extends ContentOutlinePage {

    /** The pause after an edit before the outline is asked again. */
    static final int REFRESH_DELAY_MILLIS = 500;

    private final ITextEditor editor;
    private final IDocument document;
    private final IDocumentListener listener = new IDocumentListener() {
        @Override
        public void documentAboutToBeChanged(DocumentEvent event) {
        }

        @Override
        public void documentChanged(DocumentEvent event) {
            scheduleRefresh();
        }
    };
    private boolean refreshScheduled;

    public PtOutline(ITextEditor editor) {
        this.editor = editor;
        this.document = editor.getDocumentProvider().getDocument(editor.getEditorInput());
    }

    @Override
    public void createControl(Composite parent) {
        super.createControl(parent);
        TreeViewer tree = getTreeViewer();
        tree.setContentProvider(new Symbols());
        tree.setLabelProvider(new LabelProvider() {
            @Override
            public String getText(Object element) {
                return ((DocumentSymbol) element).getName();
            }
        });
        tree.addSelectionChangedListener(event -> {
            if (event.getSelection() instanceof IStructuredSelection selection
                    && selection.getFirstElement() instanceof DocumentSymbol symbol) {
                reveal(symbol);
            }
        });
        document.addDocumentListener(listener);
        refresh();
    }

    @Override
    public void dispose() {
        document.removeDocumentListener(listener);
        super.dispose();
    }

    /**
     * Asks the server for the document's symbols (on a pool thread: the UI thread never waits for the server) and
     * shows them, expanded, when they come.
     */
    public void refresh() {
        TreeViewer tree = getTreeViewer();
        if (tree == null || tree.getControl().isDisposed()) {
            return;
        }
        Display display = tree.getControl().getDisplay();
        CompletableFuture.supplyAsync(this::symbols).thenAccept(symbols -> display.asyncExec(() -> {
            if (!tree.getControl().isDisposed()) {
                tree.setInput(symbols);
                tree.expandAll();
            }
        })).exceptionally(e -> {
            PtLog.error("PT's language server gave no outline", e);
            return null;
        });
    }

    private List<DocumentSymbol> symbols() {
        return ServerDocument.of(document).map(server -> {
            List<Either<SymbolInformation, DocumentSymbol>> answer = PtServerConnection.read(() -> server.synced()
                    .connection().documents().documentSymbol(new DocumentSymbolParams(server.id())));
            return answer == null ? List.<DocumentSymbol>of()
                    : answer.stream().filter(Either::isRight).map(Either::getRight).toList();
        }).orElse(List.of());
    }

    private void scheduleRefresh() {
        Control control = getControl();
        if (refreshScheduled || control == null || control.isDisposed()) {
            return;
        }
        refreshScheduled = true;
        control.getDisplay().timerExec(REFRESH_DELAY_MILLIS, () -> {
            refreshScheduled = false;
            refresh();
        });
    }

    private void reveal(DocumentSymbol symbol) {
        ServerDocument.of(document).ifPresent(server -> {
            try {
                int start = server.offset(symbol.getSelectionRange().getStart());
                editor.selectAndReveal(start, server.offset(symbol.getSelectionRange().getEnd()) - start);
            } catch (BadLocationException e) {
                // the outline is of an older text: the refresh after the edit follows
            }
        });
    }

    /** The symbols as a tree: the input is the top-level list, children from each symbol. */
    private static final class Symbols implements ITreeContentProvider {
        @Override
        public Object[] getElements(Object input) {
            return ((List<?>) input).toArray();
        }

        @Override
        public Object[] getChildren(Object parent) {
            List<DocumentSymbol> children = ((DocumentSymbol) parent).getChildren();
            return children == null ? new Object[0] : children.toArray();
        }

        @Override
        public Object getParent(Object element) {
            return null;
        }

        @Override
        public boolean hasChildren(Object element) {
            return getChildren(element).length > 0;
        }
    }
}
