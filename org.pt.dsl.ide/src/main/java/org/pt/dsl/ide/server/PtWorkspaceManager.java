package org.pt.dsl.ide.server;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.emf.common.util.URI;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.xtext.ide.server.BuildManager;
import org.eclipse.xtext.ide.server.WorkspaceManager;
import org.pt.dsl.resource.SourceLimits;

/**
 * Xtext's workspace manager, keeping its {@link BackgroundBuildManager} for {@link PtLanguageServer}, and reading a
 * lone carriage return the client sends as a line feed: LSP counts CR, LF and CRLF as line ends, Xtext's documents
 * count only LF, and the parser reads a lone CR as LF too (one character for one, so every offset stays). The text as
 * the client has it is kept, and each change is applied to it with LSP's line ends, then handed on whole: converting
 * each change's text alone would let a CR and an LF typed after it be two line ends here and one in the client.
 */
public class PtWorkspaceManager extends WorkspaceManager {

    private BackgroundBuildManager background;
    /** The open documents' text as the client has it. */
    private final Map<URI, String> clientText = new ConcurrentHashMap<>();

    @Override
    public void setBuildManager(BuildManager buildManager) {
        super.setBuildManager(buildManager);
        this.background = (BackgroundBuildManager) buildManager;
    }

    /** The build manager that holds the files still to be built after {@code initialize}. */
    BackgroundBuildManager background() {
        return background;
    }

    @Override
    public BuildManager.Buildable didOpen(URI uri, Integer version, String contents) {
        clientText.put(uri, contents);
        return super.didOpen(uri, version, SourceLimits.lineFeedsForLoneCarriageReturns(contents));
    }

    @Override
    public BuildManager.Buildable didChangeTextDocumentContent(URI uri, Integer version,
            Iterable<TextDocumentContentChangeEvent> changes) {
        String text = clientText.get(uri);
        if (text == null) { // not opened through didOpen: Xtext's own handling
            return super.didChangeTextDocumentContent(uri, version, changes);
        }
        for (TextDocumentContentChangeEvent change : changes) {
            String with = change.getText() == null ? "" : change.getText();
            if (change.getRange() == null) {
                text = with;
            } else {
                int start = offset(text, change.getRange().getStart());
                int end = Math.max(start, offset(text, change.getRange().getEnd()));
                text = text.substring(0, start) + with + text.substring(end);
            }
        }
        clientText.put(uri, text);
        return super.didChangeTextDocumentContent(uri, version,
                List.of(new TextDocumentContentChangeEvent(SourceLimits.lineFeedsForLoneCarriageReturns(text))));
    }

    @Override
    public BuildManager.Buildable didClose(URI uri) {
        clientText.remove(uri);
        return super.didClose(uri);
    }

    /**
     * The offset of {@code p} in {@code text}, lines ending in CR, LF or CRLF as LSP counts them; a position past the
     * end of its line or of the text is taken as that end.
     */
    static int offset(String text, Position p) {
        int at = 0;
        for (int line = 0; line < p.getLine(); line++) {
            while (at < text.length() && text.charAt(at) != '\n' && text.charAt(at) != '\r') {
                at++;
            }
            if (at == text.length()) {
                return at;
            }
            at += text.startsWith("\r\n", at) ? 2 : 1;
        }
        int lineEnd = at;
        while (lineEnd < text.length() && text.charAt(lineEnd) != '\n' && text.charAt(lineEnd) != '\r') {
            lineEnd++;
        }
        return Math.min(at + Math.max(0, p.getCharacter()), lineEnd);
    }
}
