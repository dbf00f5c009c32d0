package org.pt.dsl.ui.editor;

import java.net.URI;
import org.eclipse.core.filebuffers.FileBuffers;
import org.eclipse.core.filebuffers.ITextFileBuffer;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.reconciler.DirtyRegion;
import org.eclipse.jface.text.reconciler.IReconcilingStrategy;
import org.eclipse.jface.text.reconciler.IReconcilingStrategyExtension;
import org.eclipse.jface.text.source.ISourceViewerExtension5;
import org.eclipse.lsp4j.SemanticTokens;
import org.eclipse.swt.custom.StyledText;
import org.pt.dsl.ui.PtUiPlugin;
import org.pt.dsl.ui.server.PtLog;
import org.pt.dsl.ui.server.PtServerConnection;

/**
 * Runs on the reconciler's thread: sends the document's text to the language server (didOpen the first time,
 * didChange after), then asks for its semantic tokens and has the viewer redraw with them.
 */
final class PtReconcilingStrategy implements IReconcilingStrategy, IReconcilingStrategyExtension {

    private volatile ITextViewer viewer;
    private volatile IDocument document;
    private volatile URI location;
    private volatile String uri;

    void setViewer(ITextViewer viewer) {
        this.viewer = viewer;
    }

    @Override
    public void setDocument(IDocument document) {
        this.document = document;
        ITextFileBuffer buffer = FileBuffers.getTextFileBufferManager().getTextFileBuffer(document);
        this.location = buffer == null ? null : buffer.getFileStore().toURI();
        this.uri = null;
    }

    @Override
    public void setProgressMonitor(IProgressMonitor monitor) {
    }

    /** On open: without it nothing is validated before the first edit. */
    @Override
    public void initialReconcile() {
        synchronize();
    }

    @Override
    public void reconcile(DirtyRegion dirtyRegion, IRegion subRegion) {
        synchronize();
    }

    @Override
    public void reconcile(IRegion partition) {
        synchronize();
    }

    void close() {
        IDocument closed = document;
        if (uri != null) {
            PtUiPlugin.connection().didClose(uri);
        }
        if (closed != null) {
            SemanticHighlights.forget(closed);
        }
    }

    private void synchronize() {
        IDocument current = document;
        URI file = location;
        if (current == null || file == null) {
            return;
        }
        try {
            PtServerConnection connection = PtUiPlugin.connection();
            String documentUri = connection.uri(file);
            uri = documentUri;
            String text = current.get();
            PtReconciler.started(current, text);
            connection.didChange(documentUri, text);
            SemanticTokens tokens = PtServerConnection.read(() -> connection.semanticTokens(documentUri));
            SemanticHighlights.update(current, text, tokens, connection.legend());
            PtReconciler.synchronizedText(current, text);
            redraw();
        } catch (RuntimeException e) {
            // The next edit tries again; the log says why this one failed.
            PtLog.error("PT's language server could not check " + file, e);
        }
    }

    private void redraw() {
        ITextViewer target = viewer;
        StyledText widget = target == null ? null : target.getTextWidget();
        if (widget == null || widget.isDisposed()) {
            return;
        }
        widget.getDisplay().asyncExec(() -> {
            if (!widget.isDisposed()) {
                target.invalidateTextPresentation();
                if (target instanceof ISourceViewerExtension5 minings) {
                    minings.updateCodeMinings(); // the queries' answers for the text just validated
                }
            }
        });
    }
}
