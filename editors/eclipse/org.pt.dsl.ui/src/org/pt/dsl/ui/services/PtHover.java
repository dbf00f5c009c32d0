package org.pt.dsl.ui.services;

import java.util.Optional;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IInformationControlCreator;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextHover;
import org.eclipse.jface.text.ITextHoverExtension;
import org.eclipse.jface.text.ITextHoverExtension2;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Region;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.Position;

/**
 * The language server's hover (an address's walk, a name's declaration, a keyword's meaning, a query's full trace) as
 * the Generic Editor's hover, its markdown as plain text, in a popup that keeps to the screen
 * ({@link PtHoverControl}). The text is asked for on one of the plug-in's threads; on the UI thread (F2) it is waited
 * for at most {@link org.pt.dsl.ui.server.PtServerConnection#UI_TIMEOUT_MILLIS}.
 */
public final class PtHover implements ITextHover, ITextHoverExtension, ITextHoverExtension2 {

    @Override
    public String getHoverInfo(ITextViewer viewer, IRegion region) {
        return ServerDocument.of(viewer.getDocument()).flatMap(document -> {
            try {
                Position position = document.position(region.getOffset());
                return document.ask(server -> server.connection().documents()
                        .hover(new HoverParams(server.id(), position)));
            } catch (BadLocationException e) {
                return Optional.empty();
            }
        }).map(PtHover::text).orElse(null);
    }

    @Override
    public Object getHoverInfo2(ITextViewer viewer, IRegion region) {
        return getHoverInfo(viewer, region);
    }

    /** A popup that wraps the text and keeps to a size that fits beside the editor's text. */
    @Override
    public IInformationControlCreator getHoverControlCreator() {
        return PtHoverControl.creator();
    }

    /** The hover's text: markup content, or the concatenated marked strings of older servers. */
    static String text(Hover hover) {
        if (hover.getContents() == null) {
            return null;
        }
        if (hover.getContents().isRight()) {
            MarkupContent content = hover.getContents().getRight();
            return content.getValue().isBlank() ? null : Markdown.plain(content.getValue());
        }
        StringBuilder text = new StringBuilder();
        hover.getContents().getLeft().forEach(part -> text.append(part.isLeft() ? part.getLeft()
                : part.getRight().getValue()).append('\n'));
        return text.isEmpty() ? null : Markdown.plain(text.toString());
    }

    @Override
    public IRegion getHoverRegion(ITextViewer viewer, int offset) {
        return new Region(offset, 0);
    }
}
