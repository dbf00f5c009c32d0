package org.pt.dsl.parser;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.antlr.runtime.BitSet;
import org.antlr.runtime.IntStream;
import org.antlr.runtime.MissingTokenException;
import org.antlr.runtime.RecognitionException;
import org.antlr.runtime.Token;
import org.antlr.runtime.TokenStream;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.INode;
import org.pt.dsl.parser.antlr.internal.InternalPtParser;
import org.pt.dsl.pt.Model;
import org.pt.dsl.services.PtGrammarAccess;

/**
 * The generated parser, going on after words that begin no element. Where the file should end but a word follows
 * that begins no machine, layout, space or {@code generate} line (a {@code }} closed a space early, and its
 * statements follow), ANTLR stops and the rest of the file is not read: every later element would be lost, and
 * their findings with them. Here that run of words is one syntax error (at its first word), and the elements after
 * it are parsed into the same model.
 */
final class PtElementsParser extends InternalPtParser {
    private static final List<String> ELEMENT_STARTS = List.of("'machine'", "'layout'", "'space'", "'generate'");

    private final PtGrammarAccess grammar;
    private final Set<Integer> elementStarts = new HashSet<>();
    private int layoutType = -1;
    private int reportType = -1;

    PtElementsParser(TokenStream input, PtGrammarAccess grammar) {
        super(input, grammar);
        this.grammar = grammar;
        String[] names = getTokenNames();
        for (int type = 0; type < names.length; type++) {
            if (ELEMENT_STARTS.contains(names[type])) {
                elementStarts.add(type);
            }
            if ("'layout'".equals(names[type])) {
                layoutType = type;
            } else if ("'report'".equals(names[type])) {
                reportType = type;
            }
        }
    }

    /** The model made when the words come before anything else of the file (the Model rule made none). */
    private Model made;

    /** The entry rule {@link PtElementsAntlrParser} names: the generated one, or the model made after words. */
    public EObject entryRuleElementsModel() throws RecognitionException {
        EObject model = entryRuleModel();
        return model != null ? model : made;
    }

    @Override
    protected Object recoverFromMismatchedToken(IntStream in, int ttype, BitSet follow) throws RecognitionException {
        ICompositeNode node = getCurrentNode();
        if (ttype != Token.EOF || node == null || node.getGrammarElement() != grammar.getModelRule()) {
            return super.recoverFromMismatchedToken(in, ttype, follow);
        }
        Model model = model(node);
        if (model == null) {
            made = (Model) createModelElement(grammar.getModelRule());
            model = made;
        }
        while (input.LA(1) != Token.EOF) {
            int before = input.index();
            if (elementStarts.contains(input.LA(1))) {
                newCompositeNode(grammar.getModelAccess().getElementsElementParserRuleCall_2_0());
                pushFollow(FOLLOW_5);
                EObject element = ruleElement();
                state._fsp--;
                if (element != null) {
                    add(model, "elements", element, "org.pt.dsl.Pt.Element");
                }
                afterParserOrEnumRuleCall();
            }
            if (input.index() == before) { // words that begin no element: one error, at the first
                reportError(new MissingTokenException(Token.EOF, input, null));
                do {
                    Token t = input.LT(1);
                    input.consume();
                    newLeafNode(t, null);
                } while (input.LA(1) != Token.EOF && !elementStarts.contains(input.LA(1)));
            }
        }
        return input.LT(1);
    }

    /**
     * ANTLR's resynchronisation after an error, skipping to a token that may follow, except a {@code layout} right
     * after {@code report}: that is the report aspect, not a layout beginning (stopping there read the rest of the
     * space as a layout, and the next element was lost).
     */
    @Override
    public void consumeUntil(IntStream in, BitSet set) {
        int type = in.LA(1);
        while (type != Token.EOF && (!set.member(type) || reportAspect(in, type))) {
            in.consume();
            type = in.LA(1);
        }
    }

    private boolean reportAspect(IntStream in, int type) {
        return type == layoutType && in instanceof TokenStream ts && ts.LT(-1) != null
                && ts.LT(-1).getType() == reportType;
    }

    /** The model being built: the semantic element of the entry rule's node, or the container of one of its elements. */
    private static Model model(ICompositeNode node) {
        if (node.getSemanticElement() instanceof Model m) {
            return m;
        }
        for (INode child : node.getChildren()) {
            if (child.getSemanticElement() != null && child.getSemanticElement().eContainer() instanceof Model m) {
                return m;
            }
        }
        return null;
    }
}
