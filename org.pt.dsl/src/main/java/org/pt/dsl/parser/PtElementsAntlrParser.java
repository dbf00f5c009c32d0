package org.pt.dsl.parser;

import org.eclipse.xtext.parser.antlr.XtextTokenStream;
import org.pt.dsl.parser.antlr.PtParser;
import org.pt.dsl.parser.antlr.internal.InternalPtParser;

/** The language's parser: the generated one, going on after words that begin no element ({@link PtElementsParser}). */
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
}
