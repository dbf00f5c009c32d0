package org.pt.dsl.ide.answers;

import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.Range;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.hover.HoverService;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.pt.engine.analysis.Answer;

/**
 * Hover on a {@code walk}, {@code reach} or {@code report} statement: its full answer in Markdown (for a walk every
 * level read; for the others the engine's messages). Elsewhere Xtext's hover (an element's documentation).
 */
public class PtHoverService extends HoverService {

    @Override
    public Hover hover(Document document, XtextResource resource, HoverParams params, CancelIndicator cancelIndicator) {
        int offset = document.getOffSet(params.getPosition());
        var answered = StatementAnswers.at(resource, offset);
        if (answered.isEmpty()) {
            return super.hover(document, resource, params, cancelIndicator);
        }
        StatementAnswers.Answered a = answered.get();
        String text = a.answer() instanceof Answer.Walk w ? AnswerTexts.walkMarkdown(w)
                : String.join("\n\n", a.messages()) + "\n";
        ICompositeNode node = NodeModelUtils.findActualNodeFor(a.statement());
        Range range = new Range(document.getPosition(node.getOffset()), document.getPosition(node.getEndOffset()));
        return new Hover(new MarkupContent(MarkupKind.MARKDOWN, text), range);
    }
}
