package org.pt.dsl.ui.services;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.codemining.AbstractCodeMiningProvider;
import org.eclipse.jface.text.codemining.ICodeMining;
import org.eclipse.jface.text.codemining.ICodeMiningProvider;
import org.eclipse.jface.text.codemining.LineContentCodeMining;
import org.eclipse.lsp4j.InlayHint;
import org.eclipse.lsp4j.InlayHintLabelPart;
import org.eclipse.lsp4j.InlayHintParams;
import org.pt.dsl.ui.server.PtServerConnection;

/**
 * The language server's inlay hints as code minings: each {@code walk}, {@code reach}, {@code report} and
 * {@code decode} line's one-line answer drawn inline where the server places it (the end of the query's line). The full trace is the
 * line's hover ({@link PtHover}).
 */
public final class PtCodeMinings extends AbstractCodeMiningProvider {

    private static final List<Listener> LISTENERS = new CopyOnWriteArrayList<>();

    /**
     * Told, on the thread that completes the server's answer, of the minings made for a document's text (their
     * labels, by offset order): for measuring latency and the threads the work runs on.
     */
    public interface Listener {
        void provided(IDocument document, String text, List<String> labels);
    }

    public static void addListener(Listener listener) {
        LISTENERS.add(listener);
    }

    public static void removeListener(Listener listener) {
        LISTENERS.remove(listener);
    }

    @Override
    public CompletableFuture<List<? extends ICodeMining>> provideCodeMinings(ITextViewer viewer,
            IProgressMonitor monitor) {
        ServerDocument document = ServerDocument.of(viewer.getDocument()).orElse(null);
        if (document == null) {
            return CompletableFuture.completedFuture(List.of());
        }
        // Called on the UI thread: the text goes to the server (a validation if it changed) and the answer is
        // awaited on a pool thread.
        return CompletableFuture.supplyAsync(() -> {
            String text = document.synced().document().get();
            List<InlayHint> hints = PtServerConnection.read(() -> hints(document));
            return told(document, text, minings(document, hints));
        });
    }

    private static CompletableFuture<List<InlayHint>> hints(ServerDocument document) {
        try {
            return document.connection().documents().inlayHint(new InlayHintParams(document.id(), document.all()));
        } catch (BadLocationException e) {
            return CompletableFuture.completedFuture(List.of());
        }
    }

    private static List<? extends ICodeMining> told(ServerDocument document, String text,
            List<? extends ICodeMining> minings) {
        if (!LISTENERS.isEmpty()) {
            List<String> labels = minings.stream().map(ICodeMining::getLabel).toList();
            LISTENERS.forEach(listener -> listener.provided(document.document(), text, labels));
        }
        return minings;
    }

    private List<? extends ICodeMining> minings(ServerDocument document, List<InlayHint> hints) {
        List<ICodeMining> minings = new ArrayList<>();
        for (InlayHint hint : hints == null ? List.<InlayHint>of() : hints) {
            try {
                minings.add(new Answer(new Position(document.offset(hint.getPosition()), 1), this, label(hint)));
            } catch (BadLocationException e) {
                // the document changed under the answer: the next reconcile brings fresh hints
            }
        }
        return minings;
    }

    /** A hint's label: its text, or its parts' texts joined. */
    static String label(InlayHint hint) {
        if (hint.getLabel().isLeft()) {
            return hint.getLabel().getLeft();
        }
        StringBuilder label = new StringBuilder();
        for (InlayHintLabelPart part : hint.getLabel().getRight()) {
            label.append(part.getValue());
        }
        return label.toString();
    }

    /** One answer, drawn before the character at its position (the line's end), a space from the text. */
    public static final class Answer extends LineContentCodeMining {
        Answer(Position position, ICodeMiningProvider provider, String label) {
            super(position, provider);
            setLabel(" " + label);
        }
    }

}
