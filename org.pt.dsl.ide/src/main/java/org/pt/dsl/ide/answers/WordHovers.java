package org.pt.dsl.ide.answers;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Supplier;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.EnumLiteralDeclaration;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.pt.dsl.ide.contentassist.PtWords;
import org.pt.dsl.model.SpecAnalyzer;
import org.pt.dsl.model.Vocabulary;
import org.pt.dsl.pt.FormatDecl;
import org.pt.dsl.pt.Layout;
import org.pt.dsl.pt.Machine;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.pt.Space;
import org.pt.engine.analysis.Subject;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.Formats;
import org.pt.engine.format.LeafChange;
import org.pt.engine.format.PagingFormat;

/**
 * The hover of one of PT's words: a format, unit, feature, purpose, PAT preset, attribute, report aspect, output form,
 * library file or keyword, with the documentation completion shows for it ({@link PtWords}, the one place it is
 * written). An attribute also gets what it sets in a leaf entry of the format of the machine around it, read from
 * the engine's encoder ({@link PagingFormat#leafChange}): {@code global} is {@code G=1 (bit 8)} on x86_64,
 * {@code nG=0 (bit 11)} on AArch64, {@code G=1 (bit 5)} on RISC-V.
 */
final class WordHovers {
    private static final PtPackage PT = PtPackage.eINSTANCE;

    /** Rules whose keywords are names or words where they are used, not keywords. */
    private static final Set<String> NAME_RULES = Set.of("ValidID", "QualifiedName", "FormatName", "ReportAspect");

    private WordHovers() {
    }

    /** A word and where it is written. */
    record Found(INode node, String markdown) {
    }

    /** Where an element holds one of PT's words, and the words of that kind. */
    private record Kind(EStructuralFeature feature, Supplier<List<PtWords.Word>> words) {
    }

    /** The kind of word {@code at} holds, or null when it holds none. */
    private static Kind kindOf(EObject at) {
        return switch (at.eClass().getClassifierID()) {
            case PtPackage.FORMAT_DECL -> new Kind(PT.getFormatDecl_Name(), PtWords::formats);
            case PtPackage.MEMORY_TYPES -> new Kind(PT.getMemoryTypes_Preset(), PtWords::patPresets);
            case PtPackage.FEATURES -> new Kind(PT.getFeatures_Names(),
                    () -> PtWords.features(Optional.empty(), List.of()));
            case PtPackage.REGION -> new Kind(PT.getRegion_Purpose(), PtWords::purposes);
            case PtPackage.REPORT -> new Kind(PT.getReport_What(), PtWords::reportAspects);
            case PtPackage.ATTRIBUTE -> new Kind(PT.getAttribute_Name(), PtWords::attributes);
            case PtPackage.LITERAL -> new Kind(PT.getLiteral_Unit(), PtWords::units);
            case PtPackage.GENERATE -> new Kind(PT.getGenerate_Kind(), PtWords::outputs);
            case PtPackage.IMPORT -> new Kind(PT.getImport_ImportURI(), PtWords::libraryFiles);
            default -> null;
        };
    }

    /** The vocabulary word (not a keyword) at {@code offset}: the feature of the element that holds it. */
    static Optional<Found> vocabulary(EObject at, int offset, SpecAnalyzer.Analysed analysed) {
        Kind kind = at == null ? null : kindOf(at);
        if (kind == null) {
            return Optional.empty();
        }
        for (INode node : NodeModelUtils.findNodesForFeature(at, kind.feature())) {
            if (node.getOffset() <= offset && offset <= node.getEndOffset()) {
                String word = NodeModelUtils.getTokenText(node);
                return PtWords.find(kind.words().get(), word)
                        .map(w -> new Found(node, text(at, kind.feature(), w, analysed)));
            }
        }
        return Optional.empty();
    }

    /** {@code **word** — detail}, the documentation and, for an attribute, what it sets in the machine's format. */
    private static String text(EObject at, EStructuralFeature feature, PtWords.Word w,
            SpecAnalyzer.Analysed analysed) {
        String text = "**" + w.text() + "** — " + w.detail() + "\n\n" + w.documentation() + "\n";
        if (feature == PT.getAttribute_Name()) {
            text += machineFormat(at, analysed).map(f -> "\n" + inFormat(w.text(), f)).orElse("");
        }
        return text;
    }

    /**
     * What attribute {@code word} sets in a leaf of {@code format}: {@code x86_64: XD=1 (bit 63)}, or why the format
     * cannot express it.
     */
    static String inFormat(String word, PagingFormat format) {
        Vocabulary.Effect effect = Vocabulary.attributeEffect(word).orElseThrow();
        LeafChange change = format.leafChange(effect.without(), effect.with());
        if (change instanceof LeafChange.Refused && !effect.without().execute() && !effect.with().execute()) {
            // a format without a no-execute bit (32-bit x86) expresses the word on executable pages only
            LeafChange executable = format.leafChange(executable(effect.without()), executable(effect.with()));
            change = executable instanceof LeafChange.Fields ? executable : change;
        }
        return switch (change) {
            case LeafChange.Refused r -> r.error().message();
            case LeafChange.Fields f -> format.name() + ": "
                    + fields(f, effect.without().cache() != effect.with().cache());
        } + "\n";
    }

    private static Attributes executable(Attributes a) {
        return a.withRights(a.read(), a.write(), true);
    }

    private static String fields(LeafChange.Fields f, boolean memoryType) {
        StringJoiner j = new StringJoiner(", ");
        f.changed().forEach(c -> j.add(c.toString()));
        String changed = f.changed().isEmpty() ? "no field of a leaf entry" : j.toString();
        return changed + (memoryType ? ", memory type " + f.memoryType() : "");
    }

    /**
     * The paging format of the machine around {@code at} (a machine, or the machine of the layout of a layout or
     * space), as the machine configures it; the standard format when the machine did not translate.
     */
    static Optional<PagingFormat> machineFormat(EObject at, SpecAnalyzer.Analysed analysed) {
        Machine machine = EcoreUtil2.getContainerOfType(at, Machine.class);
        Layout layout = EcoreUtil2.getContainerOfType(at, Layout.class);
        Space space = EcoreUtil2.getContainerOfType(at, Space.class);
        if (layout == null && space != null && space.getLayout() != null && !space.getLayout().eIsProxy()) {
            layout = space.getLayout();
        }
        if (machine == null && layout != null && layout.getMachine() != null && !layout.getMachine().eIsProxy()) {
            machine = layout.getMachine();
        }
        if (machine == null) {
            return Optional.empty();
        }
        for (org.pt.engine.model.Machine m : analysed.translation().model().machines()) {
            Machine written = machine;
            if (analysed.translation().locate(new Subject.MachineRef(m.name()))
                    .filter(located -> located.object() == written).isPresent()) {
                return Optional.of(m.format());
            }
        }
        return machine.getProperties().stream().filter(FormatDecl.class::isInstance)
                .map(p -> ((FormatDecl) p).getName()).filter(n -> n != null).findFirst().flatMap(Formats::standard);
    }

    /** The keyword under {@code leaf}, with what it introduces; empty for a name that is a keyword elsewhere. */
    static Optional<Found> keyword(ILeafNode leaf) {
        EObject element = leaf == null ? null : leaf.getGrammarElement();
        if (element instanceof EnumLiteralDeclaration literal) {
            element = literal.getLiteral();
        }
        if (!(element instanceof Keyword k) || k.getValue().isEmpty() || !Character.isLetter(k.getValue().charAt(0))
                || NAME_RULES.contains(GrammarUtil.containingRule(k).getName())) {
            return Optional.empty();
        }
        String doc = PtWords.keyword(k.getValue());
        return doc.isEmpty() ? Optional.empty() : Optional.of(new Found(leaf, "**" + k.getValue() + "** — keyword\n\n"
                + doc + "\n"));
    }
}
