package org.pt.dsl.parser;

import org.antlr.runtime.ANTLRStringStream;
import org.antlr.runtime.CharStream;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.SyntaxErrorMessage;
import org.eclipse.xtext.nodemodel.impl.NodeModelBuilder;
import org.eclipse.xtext.parser.IParseResult;
import org.eclipse.xtext.parser.ParseResult;
import org.eclipse.xtext.parser.antlr.XtextTokenStream;
import org.eclipse.xtext.util.ReplaceRegion;
import org.pt.dsl.parser.antlr.PtParser;
import org.pt.dsl.parser.antlr.internal.InternalPtParser;
import org.pt.dsl.resource.SourceLimits;
import org.pt.dsl.validation.IssueCodes;

/**
 * The language's parser: the generated one, going on after words that begin no element ({@link PtElementsParser}),
 * reading a lone carriage return as a line end (as a line feed: the same length, so every offset stays; Xtext's line
 * and column computation counts CRLF and LF, and fails on a lone CR at the end of a file), and reading no text beyond
 * {@link SourceLimits#MAX_SIZE} characters: such a text is one {@link IssueCodes#FILE_TOO_LARGE} error at its first
 * character, and is not parsed.
 */
public class PtElementsAntlrParser extends PtParser {

    @Override
    protected InternalPtParser createParser(XtextTokenStream stream) {
        return new PtElementsParser(stream, getGrammarAccess());
    }

    /** {@link PtElementsParser#entryRuleElementsModel()}. */
    @Override
    protected String getDefaultRuleName() {
        return "ElementsModel";
    }

    @Override
    protected IParseResult doParse(String ruleName, CharStream in, NodeModelBuilder nodeModelBuilder,
            int initialLookAhead) {
        String text = in.substring(0, in.size() - 1);
        if (SourceLimits.tooLarge(text.length())) {
            return tooLarge(text, nodeModelBuilder);
        }
        String read = SourceLimits.lineFeedsForLoneCarriageReturns(text);
        return super.doParse(ruleName, read == text ? in : new ANTLRStringStream(read), nodeModelBuilder,
                initialLookAhead);
    }

    /** A partial parse unless the edit makes a lone CR or the text is or becomes too large: then all of it afresh. */
    @Override
    protected IParseResult doReparse(IParseResult previous, ReplaceRegion change) {
        String old = previous.getRootNode().getText();
        StringBuilder edited = new StringBuilder(old);
        change.applyTo(edited);
        String text = edited.toString();
        if (SourceLimits.tooLarge(old.length()) || SourceLimits.tooLarge(text.length())
                || SourceLimits.lineFeedsForLoneCarriageReturns(text) != text) {
            return doParse(text);
        }
        return super.doReparse(previous, change);
    }

    /** The text not parsed: an error on its first character, the rest one hidden node. */
    private IParseResult tooLarge(String text, NodeModelBuilder builder) {
        ICompositeNode root = builder.newRootNode(text);
        builder.newLeafNode(0, 1, getGrammarAccess().getANY_OTHERRule(), false, new SyntaxErrorMessage(
                SourceLimits.tooLargeMessage(text.length(), "characters"), IssueCodes.FILE_TOO_LARGE), root);
        builder.newLeafNode(1, text.length() - 1, getGrammarAccess().getML_COMMENTRule(), true, null, root);
        return new ParseResult(null, root, true);
    }
}
