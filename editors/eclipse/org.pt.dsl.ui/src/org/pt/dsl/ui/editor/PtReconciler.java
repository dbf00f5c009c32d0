package org.pt.dsl.ui.editor;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.reconciler.Reconciler;

/**
 * Keeps a PT editor's document in sync with the language server, off the UI thread: on open (the reconciler's
 * initial pass) and after each pause in typing the strategy sends the text, which the server validates (its
 * diagnostics become markers) and colours (semantic tokens). Closing the editor closes the document on the server.
 */
public final class PtReconciler extends Reconciler {

    /** The pause after typing before the text goes to the server. */
    static final int DELAY_MILLIS = 250;

    private static final List<Listener> LISTENERS = new CopyOnWriteArrayList<>();

    /**
     * Told on the reconciler's thread when a reconcile starts (before the text goes to the server) and when it has
     * synchronized (the text sent, its semantic tokens in): for measuring latency and the threads the work runs on.
     */
    public interface Listener {
        void started(IDocument document, String text);

        void synced(IDocument document, String text);
    }

    public static void addListener(Listener listener) {
        LISTENERS.add(listener);
    }

    public static void removeListener(Listener listener) {
        LISTENERS.remove(listener);
    }

    static void started(IDocument document, String text) {
        LISTENERS.forEach(listener -> listener.started(document, text));
    }

    static void synchronizedText(IDocument document, String text) {
        LISTENERS.forEach(listener -> listener.synced(document, text));
    }

    private final PtReconcilingStrategy strategy = new PtReconcilingStrategy();

    public PtReconciler() {
        setReconcilingStrategy(strategy, IDocument.DEFAULT_CONTENT_TYPE);
        setIsIncrementalReconciler(false);
        setIsAllowedToModifyDocument(false);
        setDelay(DELAY_MILLIS);
    }

    @Override
    public void install(ITextViewer viewer) {
        strategy.setViewer(viewer);
        super.install(viewer);
    }

    @Override
    public void uninstall() {
        super.uninstall();
        strategy.close();
    }
}
