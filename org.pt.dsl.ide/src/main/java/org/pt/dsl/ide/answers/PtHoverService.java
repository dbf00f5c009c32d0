package org.pt.dsl.ide.answers;

import java.util.Optional;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.Range;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.hover.HoverService;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.pt.dsl.model.SpecAnalyzer;
import org.pt.dsl.pt.Address;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.pt.Space;
import org.pt.engine.analysis.Answer;
import org.pt.engine.analysis.BuiltSpace;
import org.pt.engine.analysis.Subject;
import org.pt.engine.core.Unsigned;

/**
 * Hover on a {@code walk}, {@code reach} or {@code report} statement: its full answer in Markdown (for a walk every
 * level read; for the others the engine's messages); on a virtual address in a space, its walk in that space.
 * Elsewhere Xtext's hover (an element's documentation).
 */
public class PtHoverService extends HoverService {

    @Override
    public Hover hover(Document document, XtextResource resource, HoverParams params, CancelIndicator cancelIndicator) {
        int offset = document.getOffSet(params.getPosition());
        var answered = StatementAnswers.at(resource, offset);
        if (answered.isEmpty()) {
            Optional<Hover> address = addressHover(document, resource, offset);
            return address.isPresent() ? address.get() : super.hover(document, resource, params, cancelIndicator);
        }
        StatementAnswers.Answered a = answered.get();
        String text = a.answer() instanceof Answer.Walk w ? AnswerTexts.walkMarkdown(w)
                : String.join("\n\n", a.messages()) + "\n";
        ICompositeNode node = NodeModelUtils.findActualNodeFor(a.statement());
        Range range = new Range(document.getPosition(node.getOffset()), document.getPosition(node.getEndOffset()));
        return new Hover(new MarkupContent(MarkupKind.MARKDOWN, text), range);
    }

    /**
     * On a virtual address written without offsets in a space's statement (not a physical {@code to} or
     * {@code expect} address): its walk in the space as the analysis left it, after all the space's statements.
     */
    private static Optional<Hover> addressHover(Document document, XtextResource resource, int offset) {
        ILeafNode leaf = resource.getParseResult() == null ? null
                : NodeModelUtils.findLeafNodeAtOffset(resource.getParseResult().getRootNode(), offset);
        EObject at = leaf == null ? null : NodeModelUtils.findActualSemanticObjectFor(leaf);
        if (!(at instanceof Address address) || !address.getOffsets().isEmpty()
                || address.eContainingFeature() == PtPackage.Literals.MAP_STATEMENT__PA
                || address.eContainingFeature() == PtPackage.Literals.WALK__PA) {
            return Optional.empty();
        }
        Space space = EcoreUtil2.getContainerOfType(address, Space.class);
        SpecAnalyzer.Analysed analysed = resource.getResourceServiceProvider().get(SpecAnalyzer.class)
                .analysed(resource);
        if (space == null || analysed.result().isEmpty()) {
            return Optional.empty();
        }
        for (BuiltSpace built : analysed.result().get().spaces().values()) {
            if (analysed.translation().locate(new Subject.SpaceRef(built.name()))
                    .filter(located -> located.object() == space).isPresent()) {
                long va = address.getBase();
                Answer.Walk walk = new Answer.Walk(va, built.space().walk(va, null), new Answer.Expectation.None());
                String text = AnswerTexts.walkMarkdown(Unsigned.hex(va) + " in '" + space.getName() + "'", walk);
                ICompositeNode node = NodeModelUtils.findActualNodeFor(address);
                Range range = new Range(document.getPosition(node.getOffset()),
                        document.getPosition(node.getEndOffset()));
                return Optional.of(new Hover(new MarkupContent(MarkupKind.MARKDOWN, text), range));
            }
        }
        return Optional.empty();
    }
}
