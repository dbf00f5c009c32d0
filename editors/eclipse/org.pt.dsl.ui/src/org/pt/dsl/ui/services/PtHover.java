package org.pt.dsl.ui.services;

import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextHover;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Region;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.MarkupContent;
import org.pt.dsl.ui.server.PtServerConnection;

/**
 * The language server's hover (an address's walk, a name's declaration, a keyword's meaning, a query's full trace) as
 * the Generic Editor's hover, its markdown as plain text.
 */
public final class PtHover implements ITextHover {

    @Override
    public String getHoverInfo(ITextViewer viewer, IRegion region) {
        return ServerDocument.of(viewer.getDocument()).map(document -> {
            try {
                Hover hover = PtServerConnection.await(document.synced().connection().documents()
                        .hover(new HoverParams(document.id(), document.position(region.getOffset()))));
                return hover == null ? null : text(hover);
            } catch (BadLocationException e) {
                return null;
            }
        }).orElse(null);
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
