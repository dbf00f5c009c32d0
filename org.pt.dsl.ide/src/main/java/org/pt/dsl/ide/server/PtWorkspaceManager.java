package org.pt.dsl.ide.server;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.emf.common.util.URI;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.xtext.ide.server.BuildManager;
import org.eclipse.xtext.ide.server.WorkspaceManager;
import org.pt.dsl.resource.SourceLimits;

/**
 * Xtext's workspace manager, keeping its {@link BackgroundBuildManager} for {@link PtLanguageServer}, and reading a
 * lone carriage return the client sends as a line feed: LSP counts CR, LF and CRLF as line ends, Xtext's documents
 * count only LF, and the parser reads a lone CR as LF too (one character for one, so every offset stays).
 */
public class PtWorkspaceManager extends WorkspaceManager {

    private BackgroundBuildManager background;

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
        return super.didOpen(uri, version, SourceLimits.lineFeedsForLoneCarriageReturns(contents));
    }

    @Override
    public BuildManager.Buildable didChangeTextDocumentContent(URI uri, Integer version,
            Iterable<TextDocumentContentChangeEvent> changes) {
        List<TextDocumentContentChangeEvent> read = new ArrayList<>();
        for (TextDocumentContentChangeEvent change : changes) {
            String text = change.getText() == null ? null : SourceLimits.lineFeedsForLoneCarriageReturns(change.getText());
            if (text == change.getText()) {
                read.add(change);
            } else {
                TextDocumentContentChangeEvent lf = new TextDocumentContentChangeEvent(change.getRange(), text);
                lf.setRangeLength(change.getRangeLength());
                read.add(lf);
            }
        }
        return super.didChangeTextDocumentContent(uri, version, read);
    }
}
