package org.pt.dsl.ui.services;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.eclipse.core.filebuffers.FileBuffers;
import org.eclipse.core.filebuffers.ITextFileBuffer;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.swt.widgets.Display;
import org.pt.dsl.ui.PtUiPlugin;
import org.pt.dsl.ui.server.PtServerConnection;

/**
 * An editor's document as PT's language server knows it: its URI, LSP positions of its offsets and back, and its
 * current text sent before a request so that the answer is about what the editor shows.
 */
public record ServerDocument(PtServerConnection connection, String uri, IDocument document) {

    /** The server's view of {@code document}, if it is a file's buffer (not, e.g., a compare viewer's copy). */
    public static Optional<ServerDocument> of(IDocument document) {
        ITextFileBuffer buffer = document == null ? null
                : FileBuffers.getTextFileBufferManager().getTextFileBuffer(document);
        if (buffer == null) {
            return Optional.empty();
        }
        PtServerConnection connection = PtUiPlugin.connection();
        return Optional.of(new ServerDocument(connection, connection.uri(buffer.getFileStore().toURI()), document));
    }

    /** Sends the document's text if the server has another one (typing since the last reconcile); returns this. */
    public ServerDocument synced() {
        send(document.get());
        return this;
    }

    private void send(String text) {
        if (!connection.openText(uri).map(text::equals).orElse(false)) {
            connection.didChange(uri, text);
        }
    }

    /**
     * The answer to {@code request} about the document's current text (read here, then sent if need be and the
     * request made on one of the plug-in's threads): on the UI thread waited for at most
     * {@link PtServerConnection#UI_TIMEOUT_MILLIS}, elsewhere {@link PtServerConnection#TIMEOUT_SECONDS}; empty if
     * none came by then.
     */
    public <T> Optional<T> ask(Function<ServerDocument, CompletableFuture<T>> request) {
        String text = document.get();
        long millis = Display.getCurrent() != null ? PtServerConnection.UI_TIMEOUT_MILLIS
                : PtServerConnection.TIMEOUT_SECONDS * 1_000;
        return connection.within(millis, () -> {
            send(text);
            return request.apply(this);
        });
    }

    public TextDocumentIdentifier id() {
        return new TextDocumentIdentifier(uri);
    }

    /** The LSP position (0-based line, UTF-16 character) of {@code offset}. */
    public Position position(int offset) throws BadLocationException {
        int line = document.getLineOfOffset(offset);
        return new Position(line, offset - document.getLineOffset(line));
    }

    /** The document offset of an LSP position. */
    public int offset(Position position) throws BadLocationException {
        return document.getLineOffset(position.getLine()) + position.getCharacter();
    }

    /**
     * The offset in {@code text} of an LSP position (line and UTF-16 column, as Java strings count), clamped to the
     * text: for what is only shown (a marker, a selection), where a position past the end must not fail.
     */
    public static int clampedOffset(IDocument text, Position position) {
        try {
            if (position.getLine() >= text.getNumberOfLines()) {
                return text.getLength();
            }
            int lineOffset = text.getLineOffset(position.getLine());
            return lineOffset + Math.min(position.getCharacter(), text.getLineLength(position.getLine()));
        } catch (BadLocationException e) {
            return text.getLength();
        }
    }

    /** The whole document as an LSP range. */
    public Range all() throws BadLocationException {
        return new Range(new Position(0, 0), position(document.getLength()));
    }
}
