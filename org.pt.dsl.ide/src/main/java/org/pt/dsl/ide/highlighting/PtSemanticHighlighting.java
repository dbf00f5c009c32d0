package org.pt.dsl.ide.highlighting;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.EnumLiteralDeclaration;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.RuleCall;
import org.eclipse.xtext.TerminalRule;
import org.eclipse.xtext.ide.editor.syntaxcoloring.IHighlightedPositionAcceptor;
import org.eclipse.xtext.ide.editor.syntaxcoloring.ISemanticHighlightingCalculator;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.pt.dsl.model.Numbers;
import org.pt.dsl.model.Vocabulary;
import org.pt.dsl.pt.Binary;
import org.pt.dsl.pt.Literal;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.scoping.StandardLibrary;
import org.pt.engine.format.Formats;

/**
 * Semantic tokens for every editor (LSP {@code textDocument/semanticTokens/full} through Xtext's
 * {@code SemanticTokensService}, whose legend is LSP's standard token types and modifiers plus PT's {@code address} and
 * {@code size}: {@link PtSemanticTokensService}). Each position's ids are a token type then its modifiers:
 * <ul>
 * <li>names by kind: machine {@code class}, layout {@code struct}, region {@code property}, space {@code variable},
 * package {@code namespace}; {@code declaration} where the name is declared, {@code defaultLibrary} on a reference to
 * a standard-library machine;</li>
 * <li>PT's vocabulary: formats, PAT presets, features, purposes and report aspects {@code enumMember}, attributes
 * {@code modifier}, units {@code type}, emitters ({@code generate gas}) {@code function}; {@code defaultLibrary}
 * when the engine knows the word (a misspelt one keeps its type without it);</li>
 * <li>numbers: an address {@code number} with {@code address} (virtual or physical, the base of
 * {@code 0x1000 + 4 KiB}), a size's value {@code number} with {@code size} (its unit follows as a {@code type}), a count
 * ({@code cpus 4}, a size's factor) {@code number} alone;</li>
 * <li>lexical: keywords, strings, comments (one token per line) and the operators {@code ..= + - * <= /}.</li>
 * </ul>
 * Positions never overlap: names and vocabulary are placed first, then every leaf not yet covered.
 */
public class PtSemanticHighlighting implements ISemanticHighlightingCalculator {

    public static final String KEYWORD = "keyword";
    public static final String NUMBER = "number";
    public static final String STRING = "string";
    public static final String COMMENT = "comment";
    public static final String OPERATOR = "operator";
    public static final String NAMESPACE = "namespace";
    public static final String MACHINE = "class";
    public static final String LAYOUT = "struct";
    public static final String REGION = "property";
    public static final String SPACE = "variable";
    public static final String WORD = "enumMember";
    public static final String ATTRIBUTE = "modifier";
    public static final String UNIT = "type";
    public static final String EMITTER = "function";

    public static final String DECLARATION = "declaration";
    public static final String DEFAULT_LIBRARY = "defaultLibrary";
    /** PT's modifier of a number that is an address ({@link PtSemanticTokensService} adds it to the legend). */
    public static final String ADDRESS = "address";
    /** PT's modifier of the number of a size ({@code 4} in {@code 4 KiB}). */
    public static final String SIZE = "size";

    private static final PtPackage PT = PtPackage.eINSTANCE;

    /** The token type of a name of each kind, declared or referred to. */
    private static final Map<EClass, String> NAME_KINDS = Map.of(PT.getMachine(), MACHINE, PT.getLayout(), LAYOUT,
            PT.getRegion(), REGION, PT.getSpace(), SPACE);

    @Override
    public void provideHighlightingFor(XtextResource resource, IHighlightedPositionAcceptor acceptor,
            CancelIndicator cancel) {
        if (resource == null || resource.getParseResult() == null) {
            return;
        }
        Covering covering = new Covering(acceptor);
        resource.getAllContents().forEachRemaining(object -> {
            if (!cancel.isCanceled()) {
                names(object, covering);
                vocabulary(object, covering);
            }
        });
        for (ILeafNode leaf : resource.getParseResult().getRootNode().getLeafNodes()) {
            if (cancel.isCanceled()) {
                return;
            }
            lexical(leaf, covering);
        }
    }

    // ---- names ---------------------------------------------------------------------------------------------------

    private static void names(EObject object, Covering covering) {
        String declared = object.eClass() == PT.getModel() ? NAMESPACE : NAME_KINDS.get(object.eClass());
        if (declared != null) {
            feature(object, object.eClass().getEStructuralFeature("name"), covering, declared, DECLARATION);
        }
        for (EReference reference : object.eClass().getEAllReferences()) {
            String kind = NAME_KINDS.get(reference.getEReferenceType());
            if (reference.isContainment() || kind == null) {
                continue;
            }
            Object value = object.eGet(reference, false);
            int i = 0;
            for (INode node : NodeModelUtils.findNodesForFeature(object, reference)) {
                Object target = value instanceof java.util.List<?> list
                        ? (i < list.size() ? list.get(i) : null)
                        : value;
                i++;
                if (fromStandardLibrary(target)) {
                    covering.add(node, kind, DEFAULT_LIBRARY);
                } else {
                    covering.add(node, kind);
                }
            }
        }
    }

    /** Whether a resolved reference target lies in a standard-library file. */
    private static boolean fromStandardLibrary(Object target) {
        if (!(target instanceof EObject o) || o.eIsProxy()) {
            return false;
        }
        Resource r = o.eResource();
        return r != null && r.getURI() != null && StandardLibrary.pathOf(r.getURI()).isPresent();
    }

    // ---- vocabulary ----------------------------------------------------------------------------------------------

    private static void vocabulary(EObject object, Covering covering) {
        EClass c = object.eClass();
        if (c == PT.getFormatDecl()) {
            word(object, PT.getFormatDecl_Name(), covering, WORD, Formats.names()::contains);
        } else if (c == PT.getMemoryTypes()) {
            word(object, PT.getMemoryTypes_Preset(), covering, WORD, Vocabulary.PAT_PRESETS::contains);
        } else if (c == PT.getFeatures()) {
            word(object, PT.getFeatures_Names(), covering, WORD, Vocabulary.FEATURES::contains);
        } else if (c == PT.getRegion()) {
            word(object, PT.getRegion_Purpose(), covering, WORD, Vocabulary.PURPOSES::contains);
        } else if (c == PT.getReport()) {
            word(object, PT.getReport_What(), covering, WORD, w -> true);
        } else if (c == PT.getDecode()) {
            word(object, PT.getDecode_Register(), covering, WORD,
                    w -> !org.pt.engine.image.RegisterDecoder.familiesWith(w).isEmpty());
            word(object, PT.getDecode_Level(), covering, WORD, w -> true);
        } else if (c == PT.getAttribute()) {
            word(object, PT.getAttribute_Name(), covering, ATTRIBUTE, Vocabulary::isAttribute);
        } else if (object instanceof Literal l) {
            feature(object, PT.getLiteral_Value(), covering, numberKind(l));
            word(object, PT.getLiteral_Unit(), covering, UNIT, w -> Vocabulary.unit(w).value().isPresent());
        } else if (c == PT.getGenerate()) {
            word(object, PT.getGenerate_Kind(), covering, EMITTER, w -> true);
        }
    }

    /**
     * A number with a unit is a size; a count or shift amount ({@code 4 KiB * 2}, {@code x >> 3}) and any other number
     * of a size is a plain number; the other numbers of an address are addresses.
     */
    private static String[] numberKind(Literal l) {
        if (l.getUnit() != null) {
            return new String[] {NUMBER, SIZE};
        }
        boolean count = l.eContainer() instanceof Binary b && b.getRight() == l
                && Set.of("*", "/", "<<", ">>").contains(b.getOp());
        return count || Numbers.isSize(Numbers.root(l)) ? new String[] {NUMBER} : new String[] {NUMBER, ADDRESS};
    }

    /** Each word of {@code feature}: {@code type}, plus {@code defaultLibrary} when {@code known} accepts it. */
    private static void word(EObject object, EStructuralFeature feature, Covering covering, String type,
            Predicate<String> known) {
        for (INode node : NodeModelUtils.findNodesForFeature(object, feature)) {
            String text = NodeModelUtils.getTokenText(node);
            if (known.test(text)) {
                covering.add(node, type, DEFAULT_LIBRARY);
            } else {
                covering.add(node, type);
            }
        }
    }

    private static void feature(EObject object, EStructuralFeature feature, Covering covering, String... ids) {
        if (feature == null) {
            return;
        }
        for (INode node : NodeModelUtils.findNodesForFeature(object, feature)) {
            covering.add(node, ids);
        }
    }

    // ---- lexical -------------------------------------------------------------------------------------------------

    private static void lexical(ILeafNode leaf, Covering covering) {
        if (covering.covers(leaf.getOffset())) {
            return;
        }
        EObject element = leaf.getGrammarElement();
        if (element instanceof EnumLiteralDeclaration literal) {
            element = literal.getLiteral();
        }
        if (element instanceof Keyword keyword) {
            String value = keyword.getValue();
            if (Character.isLetter(value.charAt(0))) {
                covering.add(leaf, KEYWORD);
            } else if (isOperator(value)) {
                covering.add(leaf, OPERATOR);
            }
            return;
        }
        String terminal = element instanceof RuleCall call ? call.getRule().getName()
                : element instanceof TerminalRule rule ? rule.getName() : "";
        switch (terminal) {
            case "NUMBER" -> covering.add(leaf, NUMBER);
            case "STRING" -> covering.add(leaf, STRING);
            case "ML_COMMENT", "SL_COMMENT" -> comment(leaf, covering);
            default -> {
                // whitespace, punctuation ({ } , .), unparsable characters
            }
        }
    }

    private static boolean isOperator(String value) {
        return switch (value) {
            case "..=", "+", "-", "*", "<=", "/", "<<", ">>", "(", ")" -> true;
            default -> false;
        };
    }

    /** A comment, one token per line (LSP clients need not support tokens that span lines); no line break. */
    private static void comment(ILeafNode leaf, Covering covering) {
        String text = leaf.getText();
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n' || text.charAt(i) == '\r') {
                if (i > start) {
                    covering.add(leaf.getOffset() + start, i - start, COMMENT);
                }
                start = i + 1;
            }
        }
    }

    /** Positions handed on, and which offsets they cover (so that no two overlap). */
    private static final class Covering {
        private final IHighlightedPositionAcceptor acceptor;
        private final TreeMap<Integer, Integer> ends = new TreeMap<>();

        Covering(IHighlightedPositionAcceptor acceptor) {
            this.acceptor = acceptor;
        }

        /** A node without its hidden leading and trailing text (a composite: a qualified name, a format name). */
        void add(INode node, String... ids) {
            if (node != null) {
                add(node.getOffset(), node.getLength(), ids);
            }
        }

        void add(int offset, int length, String... ids) {
            if (length <= 0 || covers(offset)) {
                return;
            }
            ends.put(offset, offset + length);
            acceptor.addPosition(offset, length, ids);
        }

        boolean covers(int offset) {
            Map.Entry<Integer, Integer> before = ends.floorEntry(offset);
            return before != null && before.getValue() > offset;
        }
    }
}
