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
import org.pt.dsl.pt.RegionTarget;
import org.pt.dsl.pt.Space;
import org.pt.engine.analysis.Answer;
import org.pt.engine.analysis.BuiltSpace;
import org.pt.engine.analysis.Subject;
import org.pt.engine.core.Unsigned;
import org.pt.engine.model.Layout;
import org.pt.engine.model.Region;

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
            Optional<Hover> element = addressHover(document, resource, offset)
                    .or(() -> elementHover(document, resource, offset));
            return element.isPresent() ? element.get() : super.hover(document, resource, params, cancelIndicator);
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
        EObject at = semanticAt(resource, offset);
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
                return Optional.of(markdown(document, address, text));
            }
        }
        return Optional.empty();
    }

    /** The innermost element at {@code offset}, or null. */
    private static EObject semanticAt(XtextResource resource, int offset) {
        ILeafNode leaf = resource.getParseResult() == null ? null
                : NodeModelUtils.findLeafNodeAtOffset(resource.getParseResult().getRootNode(), offset);
        return leaf == null ? null : NodeModelUtils.findActualSemanticObjectFor(leaf);
    }

    private static Hover markdown(Document document, EObject over, String text) {
        ICompositeNode node = NodeModelUtils.findActualNodeFor(over);
        Range range = new Range(document.getPosition(node.getOffset()), document.getPosition(node.getEndOffset()));
        return new Hover(new MarkupContent(MarkupKind.MARKDOWN, text), range);
    }

    /**
     * On a region's declaration or a reference to it ({@code map kernel ...}): its range and size; on a space's
     * declaration: its root registers' values and its tables per level.
     */
    private static Optional<Hover> elementHover(Document document, XtextResource resource, int offset) {
        EObject at = semanticAt(resource, offset);
        SpecAnalyzer.Analysed analysed = resource.getResourceServiceProvider().get(SpecAnalyzer.class)
                .analysed(resource);
        if (at instanceof RegionTarget target && !target.getRegion().eIsProxy()) {
            return regionText(analysed, target.getRegion()).map(text -> markdown(document, target, text));
        }
        if (at instanceof org.pt.dsl.pt.Region region) {
            return regionText(analysed, region).map(text -> markdown(document, region, text));
        }
        if (at instanceof Space space && analysed.result().isPresent() && NodeModelUtils
                .findNodesForFeature(space, PtPackage.Literals.SPACE__NAME).stream()
                .anyMatch(name -> name.getOffset() <= offset && offset <= name.getEndOffset())) {
            for (BuiltSpace built : analysed.result().get().spaces().values()) {
                if (analysed.translation().locate(new Subject.SpaceRef(built.name()))
                        .filter(located -> located.object() == space).isPresent()) {
                    return Optional.of(markdown(document, space, AnswerTexts.spaceMarkdown(built)));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> regionText(SpecAnalyzer.Analysed analysed, org.pt.dsl.pt.Region region) {
        for (Layout layout : analysed.translation().model().layouts()) {
            for (Region r : layout.regions()) {
                if (analysed.translation().locate(new Subject.RegionRef(layout.name(), r.name()))
                        .filter(located -> located.object() == region).isPresent()) {
                    return Optional.of(AnswerTexts.regionMarkdown(r));
                }
            }
        }
        return Optional.empty();
    }
}
