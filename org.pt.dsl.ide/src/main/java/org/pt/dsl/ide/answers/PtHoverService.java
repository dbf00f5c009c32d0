package org.pt.dsl.ide.answers;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
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
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.pt.dsl.model.Located;
import org.pt.dsl.model.Numbers;
import org.pt.dsl.model.SpecAnalyzer;
import org.pt.dsl.model.Trace;
import org.pt.dsl.pt.Expr;
import org.pt.dsl.pt.Literal;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.pt.RegionTarget;
import org.pt.dsl.pt.Space;
import org.pt.engine.analysis.Answer;
import org.pt.engine.analysis.BuiltSpace;
import org.pt.engine.analysis.Subject;
import org.pt.engine.core.Unsigned;
import org.pt.engine.model.Layout;
import org.pt.engine.model.Machine;
import org.pt.engine.model.Operation;
import org.pt.engine.model.Region;
import org.pt.engine.model.SpaceSpec;

/**
 * Hover, in this order: on one of PT's words (attribute, unit, format, ...) its documentation and, for an attribute,
 * what it sets in the machine's format ({@link WordHovers}); on a {@code walk}, {@code reach} or {@code report}
 * statement its full answer in Markdown (for a walk every level read; for the others the engine's messages); on an
 * address its value and, a virtual one in a space, its walk there; on a size its bytes; on a region its range, slots
 * and mappers; on a space its roots, strategy and tables; on the name of a machine that extends another the merged
 * machine, line by line; on a keyword what it introduces. Elsewhere Xtext's hover
 * (an element's documentation).
 */
public class PtHoverService extends HoverService {

    @Override
    public Hover hover(Document document, XtextResource resource, HoverParams params, CancelIndicator cancelIndicator) {
        int offset = document.getOffSet(params.getPosition());
        ILeafNode leaf = leafAt(resource, offset);
        EObject at = leaf == null ? null : NodeModelUtils.findActualSemanticObjectFor(leaf);
        SpecAnalyzer.Analysed analysed = resource.getResourceServiceProvider().get(SpecAnalyzer.class)
                .analysed(resource);
        Optional<WordHovers.Found> word = WordHovers.vocabulary(at, offset, analysed);
        if (word.isPresent()) {
            return markdown(document, word.get().node(), word.get().markdown());
        }
        var answered = StatementAnswers.at(resource, offset);
        if (answered.isEmpty()) {
            Optional<Hover> element = addressHover(document, at, analysed)
                    .or(() -> sizeHover(document, at))
                    .or(() -> elementHover(document, resource, at, offset, analysed))
                    .or(() -> WordHovers.keyword(leaf).map(k -> markdown(document, k.node(), k.markdown())));
            return element.isPresent() ? element.get() : super.hover(document, resource, params, cancelIndicator);
        }
        StatementAnswers.Answered a = answered.get();
        String text = switch (a.answer()) {
            case Answer.Walk w -> AnswerTexts.walkMarkdown(w);
            case Answer.LayoutTable l -> AnswerTexts.layoutMarkdown(l);
            case Answer.Decode d -> AnswerTexts.decodeMarkdown(statementText(a.statement()), d, a.messages());
            default -> String.join("\n\n", a.messages()) + "\n";
        };
        return markdown(document, NodeModelUtils.findActualNodeFor(a.statement()), text);
    }

    /**
     * On an address, or any part of one ({@code 0xffff_8000_0000_0000 + (64 TiB >> 3)}): in a space's statement,
     * unless it is a physical address ({@code to}, {@code expect}), its walk in the space as the analysis left it
     * (after all the space's statements), under its value; elsewhere an expression's value. A plain number outside a
     * space has nothing to add.
     */
    private static Optional<Hover> addressHover(Document document, EObject at, SpecAnalyzer.Analysed analysed) {
        Expr address = at instanceof Expr e ? Numbers.root(e) : null;
        if (address == null || Numbers.isSize(address)) {
            return Optional.empty();
        }
        OptionalLong value = Numbers.valueOf(address);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        long va = value.getAsLong();
        boolean plain = address instanceof Literal l && l.getUnit() == null;
        String written = NodeModelUtils.getTokenText(NodeModelUtils.findActualNodeFor(address));
        String title = plain ? written : written + " = " + Unsigned.hex(va);
        boolean physical = address.eContainingFeature() == PtPackage.Literals.MAP_STATEMENT__PA
                || address.eContainingFeature() == PtPackage.Literals.WALK__PA;
        Space space = EcoreUtil2.getContainerOfType(address, Space.class);
        if (space != null && !physical && analysed.result().isPresent()) {
            for (BuiltSpace built : analysed.result().get().spaces().values()) {
                if (analysed.translation().locate(new Subject.SpaceRef(built.name()))
                        .filter(located -> located.object() == space).isPresent()) {
                    Answer.Walk walk = new Answer.Walk(va, built.space().walk(va, null),
                            new Answer.Expectation.None());
                    String text = AnswerTexts.walkMarkdown(title + " in '" + space.getName() + "'", walk);
                    return Optional.of(markdown(document, address, text));
                }
            }
        }
        return plain ? Optional.empty() : Optional.of(markdown(document, address, "**" + title + "**\n"));
    }

    /** On a size, or any part of one ({@code 4 KiB * 512}): its value in bytes. */
    private static Optional<Hover> sizeHover(Document document, EObject at) {
        Expr size = at instanceof Expr e ? Numbers.root(e) : null;
        if (size == null || !Numbers.isSize(size)) {
            return Optional.empty();
        }
        OptionalLong bytes = Numbers.bytesOf(size);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        String written = NodeModelUtils.getTokenText(NodeModelUtils.findActualNodeFor(size));
        return Optional.of(markdown(document, size, "**" + written + "** = " + AnswerTexts.bytes(bytes.getAsLong())
                + "\n"));
    }

    /** The leaf at {@code offset}, or null. */
    /** The statement as written, its tokens joined by single spaces: {@code decode cr3 0x200_0000}. */
    private static String statementText(EObject statement) {
        return NodeModelUtils.getTokenText(NodeModelUtils.findActualNodeFor(statement));
    }

    private static ILeafNode leafAt(XtextResource resource, int offset) {
        return resource.getParseResult() == null ? null
                : NodeModelUtils.findLeafNodeAtOffset(resource.getParseResult().getRootNode(), offset);
    }

    private static Hover markdown(Document document, EObject over, String text) {
        return markdown(document, NodeModelUtils.findActualNodeFor(over), text);
    }

    private static Hover markdown(Document document, INode node, String text) {
        Range range = new Range(document.getPosition(node.getOffset()), document.getPosition(node.getEndOffset()));
        return new Hover(new MarkupContent(MarkupKind.MARKDOWN, text), range);
    }

    /**
     * On a region's declaration or a reference to it ({@code map kernel ...}): its range, size, top-level slots and the
     * statements that map it; on a space's name: its root registers' values, strategy and tables per level.
     */
    private static Optional<Hover> elementHover(Document document, XtextResource resource, EObject at, int offset,
            SpecAnalyzer.Analysed analysed) {
        if (at instanceof RegionTarget target && !target.getRegion().eIsProxy()) {
            return regionText(resource, analysed, target.getRegion()).map(text -> markdown(document, target, text));
        }
        if (at instanceof org.pt.dsl.pt.Region region) {
            return regionText(resource, analysed, region).map(text -> markdown(document, region, text));
        }
        if (at instanceof org.pt.dsl.pt.Machine machine && machine.getParent() != null && onName(machine,
                PtPackage.Literals.MACHINE__NAME, offset)) {
            return machineText(resource, analysed, machine).map(text -> markdown(document, machine, text));
        }
        if (at instanceof Space space && analysed.result().isPresent() && onName(space, PtPackage.Literals.SPACE__NAME,
                offset)) {
            for (BuiltSpace built : analysed.result().get().spaces().values()) {
                if (analysed.translation().locate(new Subject.SpaceRef(built.name()))
                        .filter(located -> located.object() == space).isPresent()) {
                    return Optional.of(markdown(document, space, AnswerTexts.spaceMarkdown(built)));
                }
            }
        }
        return Optional.empty();
    }

    private static boolean onName(EObject element, org.eclipse.emf.ecore.EStructuralFeature name, int offset) {
        return NodeModelUtils.findNodesForFeature(element, name).stream()
                .anyMatch(n -> n.getOffset() <= offset && offset <= n.getEndOffset());
    }

    /**
     * A machine that extends another, as merged: its format, CPUs and features, then each line it has, written here
     * or inherited (with its file and line), and the ancestors' lines each one replaces.
     */
    private static Optional<String> machineText(XtextResource resource, SpecAnalyzer.Analysed analysed,
            org.pt.dsl.pt.Machine machine) {
        for (Machine m : analysed.translation().model().machines()) {
            if (analysed.translation().locate(new Subject.MachineRef(m.name()))
                    .filter(located -> located.object() == machine).isEmpty()) {
                continue;
            }
            StringBuilder sb = new StringBuilder("**machine " + machine.getName() + "** extends `"
                    + NodeModelUtils.getTokenText(NodeModelUtils.findNodesForFeature(machine,
                            PtPackage.Literals.MACHINE__PARENT).get(0)) + "`: " + m.format().name() + ", "
                    + m.format().physicalBits() + "-bit physical, " + m.cpus() + (m.cpus() == 1 ? " CPU" : " CPUs")
                    + ", features " + (m.format().features().isEmpty() ? "none" : String.join(", ", m.format()
                            .features().stream().map(f -> f.name().toLowerCase(java.util.Locale.ROOT)).toList()))
                    + "\n\n");
            for (Trace.MachineLine line : analysed.translation().trace().machineLines(m.name())) {
                INode node = NodeModelUtils.findActualNodeFor(line.at().object());
                sb.append("- `").append(NodeModelUtils.getTokenText(node)).append("` ")
                        .append(line.inherited() ? "inherited (" + where(resource, node) + ")" : "written here");
                for (Located replaced : line.replaces()) {
                    INode r = NodeModelUtils.findActualNodeFor(replaced.object());
                    sb.append(", replaces `").append(NodeModelUtils.getTokenText(r)).append("` (")
                            .append(where(resource, r)).append(')');
                }
                sb.append('\n');
            }
            return Optional.of(sb.toString());
        }
        return Optional.empty();
    }

    private static Optional<String> regionText(XtextResource resource, SpecAnalyzer.Analysed analysed,
            org.pt.dsl.pt.Region region) {
        for (Layout layout : analysed.translation().model().layouts()) {
            for (Region r : layout.regions()) {
                if (analysed.translation().locate(new Subject.RegionRef(layout.name(), r.name()))
                        .filter(located -> located.object() == region).isPresent()) {
                    return Optional.of(AnswerTexts.regionMarkdown(layout, r, mappers(resource, analysed, layout, r)));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The {@code map} and {@code remap} statements of the spaces of {@code layout} that map into {@code r} (by its
     * name or by an overlapping range), as {@code `map kernel to 0x100_0000 rx` (k, line 9)}; the file's name when it
     * is another file.
     */
    private static List<String> mappers(XtextResource resource, SpecAnalyzer.Analysed analysed, Layout layout,
            Region r) {
        List<String> out = new ArrayList<>();
        for (SpaceSpec s : analysed.translation().model().spaces()) {
            if (s.layout() != layout) {
                continue;
            }
            for (Operation op : s.operations()) {
                if (op instanceof Operation.Map m && (m.region().filter(r.name()::equals).isPresent()
                        || m.va().filter(va -> va.overlaps(r.range())).isPresent())) {
                    analysed.translation().locate(new Subject.OperationRef(s.name(), m.index()))
                            .map(located -> NodeModelUtils.findActualNodeFor(located.object()))
                            .ifPresent(node -> out.add("`" + NodeModelUtils.getTokenText(node) + "` (" + s.name()
                                    + ", " + where(resource, node) + ")"));
                }
            }
        }
        return out;
    }

    /** {@code line 9}, or {@code other.ptl line 9} in another file. */
    private static String where(XtextResource resource, INode node) {
        var other = node.getSemanticElement().eResource();
        String file = other == null || other == resource ? "" : other.getURI().lastSegment() + " ";
        return file + "line " + node.getStartLine();
    }
}
