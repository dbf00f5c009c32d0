package org.pt.dsl.conversion;

import com.google.inject.Inject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.antlr.runtime.EarlyExitException;
import org.antlr.runtime.MissingTokenException;
import org.antlr.runtime.RecognitionException;
import org.antlr.runtime.Token;
import org.antlr.runtime.TokenStream;
import org.eclipse.xtext.diagnostics.Diagnostic;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.SyntaxErrorMessage;
import org.eclipse.xtext.parser.antlr.SyntaxErrorMessageProvider;
import org.pt.dsl.parser.NestingLimits;
import org.pt.dsl.parser.PtSyntax;
import org.pt.dsl.services.PtGrammarAccess;
import org.pt.dsl.validation.IssueCodes;

/**
 * Syntax errors in the words of the language, never the grammar's: what was found ({@code 'wlak'}, "the file
 * ends"), where (in machine 'pc'), what the grammar accepts there ("expected a number", "'format', 'physical', ...
 * or '}'"), and "did you mean 'walk'?" when the word is a misspelling of a keyword accepted there. The errors of
 * {@link PtValueConverters} keep their PT codes ({@link IssueCodes#INVALID_NUMBER} for {@code 0x}), a strategy nested
 * too deep has {@link IssueCodes#NESTING_TOO_DEEP} ({@link NestingLimits.TooDeep}); everything else is Xtext's syntax code.
 */
public class PtSyntaxErrorMessageProvider extends SyntaxErrorMessageProvider {

    @Inject
    private PtGrammarAccess grammar;

    private volatile PtSyntax syntax;

    @Override
    public SyntaxErrorMessage getSyntaxErrorMessage(IValueConverterErrorContext context) {
        if (context.getValueConverterException() instanceof PtValueConverters.NumberException n) {
            return new SyntaxErrorMessage(context.getDefaultMessage(), n.code());
        }
        return super.getSyntaxErrorMessage(context);
    }

    @Override
    public SyntaxErrorMessage getSyntaxErrorMessage(IParserErrorContext context) {
        RecognitionException e = context.getRecognitionException();
        if (e == null) { // the lexer's (PtLexer words it)
            return new SyntaxErrorMessage(context.getDefaultMessage(), Diagnostic.SYNTAX_DIAGNOSTIC);
        }
        if (e.token instanceof NestingLimits.TooDeep deep) {
            return tooDeep(deep.limit());
        }
        INode node = context.getCurrentNode();
        ICompositeNode current = node instanceof ICompositeNode c ? c : node == null ? null : node.getParent();
        Found f = describe(e, current, context.getTokenNames());
        if (f.suggestion != null) {
            return new SyntaxErrorMessage(f.message, Diagnostic.SYNTAX_DIAGNOSTIC,
                    new String[] {"suggestion=" + f.suggestion});
        }
        return new SyntaxErrorMessage(f.message, Diagnostic.SYNTAX_DIAGNOSTIC);
    }

    /** The message of a limit on nesting (docs/limits.md); data {@code most}: the limit. */
    private static SyntaxErrorMessage tooDeep(NestingLimits.Limit limit) {
        int most = switch (limit) {
            case BOOTSTRAPS -> NestingLimits.MAX_BOOTSTRAPS;
            case PARENTHESES -> NestingLimits.MAX_PARENTHESES;
            case OPERATORS -> NestingLimits.MAX_OPERATORS;
        };
        String message = switch (limit) {
            case BOOTSTRAPS -> "a strategy nests at most " + most + " 'bootstrap's deep: this one and the strategy it "
                    + "begins are not read";
            case PARENTHESES -> "an expression nests at most " + most + " parentheses deep: this one and the rest of "
                    + "the expression are not read";
            case OPERATORS -> "an expression has at most " + most + " operators: this one and the rest of the "
                    + "expression are not read";
        };
        return new SyntaxErrorMessage(message, IssueCodes.NESTING_TOO_DEEP, new String[] {"most=" + most});
    }

    /** The word before {@code token} on its line when it is the first word of that line, else null. */
    private static Token lineStart(RecognitionException e, Token token) {
        if (!(e.input instanceof TokenStream ts) || token.getTokenIndex() < 1) {
            return null;
        }
        Token before = previous(ts, token.getTokenIndex());
        if (before == null || before.getLine() != token.getLine()) {
            return null;
        }
        Token earlier = previous(ts, before.getTokenIndex());
        return earlier == null || earlier.getLine() < before.getLine() ? before : null;
    }

    private static Token previous(TokenStream ts, int index) {
        for (int i = index - 1; i >= 0; i--) {
            Token t = ts.get(i);
            if (t.getChannel() == Token.DEFAULT_CHANNEL) {
                return t;
            }
        }
        return null;
    }

    /** Whether {@code token} is one of the grammar's keywords (its ANTLR name is quoted). */
    private static boolean isKeyword(Token token, String[] names) {
        String name = name(names, token.getType());
        return name != null && name.startsWith("'");
    }

    private static String name(String[] names, int type) {
        return type == Token.EOF ? "EOF" : names != null && type >= 0 && type < names.length ? names[type] : null;
    }

    private record Found(String message, String suggestion) {
    }

    private PtSyntax syntax() {
        PtSyntax s = syntax;
        if (s == null) {
            s = new PtSyntax(grammar.getGrammar());
            syntax = s;
        }
        return s;
    }

    private Found describe(RecognitionException e, ICompositeNode current, String[] names) {
        PtSyntax s = syntax();
        Token token = e.token;
        boolean atEnd = token == null || token.getType() == Token.EOF;
        String where = s.enclosing(current);
        // a decision that looked further than the next token: what it expected is not what is missing here
        boolean lookedAhead = !atEnd && e.input instanceof TokenStream ts && token.getTokenIndex() > ts.index();
        Set<String> expected = lookedAhead ? Set.of() : s.expected(current);
        if (expected.isEmpty() && e instanceof MissingTokenException m) {
            expected = new LinkedHashSet<>(List.of(PtSyntax.tokenName(name(names, m.getMissingType()))));
        }
        if (atEnd) {
            String in = where == null ? "the file ends too early" : "the file ends inside " + where;
            if (expected.contains("}")) {
                return new Found(in + ": a '}' is missing", null);
            }
            return new Found(expected.isEmpty() ? in : in + ": expected " + s.readable(expected), null);
        }
        String text = token.getText();
        if (e instanceof MissingTokenException m && !lookedAhead && m.getMissingType() != Token.EOF) {
            return new Found(s.readable(List.of(PtSyntax.tokenName(name(names, m.getMissingType())))) + " is missing before '" + text
                    + "'" + (where == null ? "" : " in " + where), null);
        }
        // a keyword where only a number goes ('walk expect fault'): the number is missing, as ANTLR says of a token
        if (!lookedAhead && s.onlyANumber(expected) && isKeyword(token, names)) {
            return new Found("a number is missing before '" + text + "'" + (where == null ? "" : " in " + where), null);
        }
        String before = where == null && expected.contains(PtSyntax.END) ? s.previous(current) : null;
        String found = "unexpected '" + text + "'" + (where != null ? " in " + where
                : before != null ? " after the end of " + before : "");
        Optional<String> suggestion = s.suggest(text, expected);
        if (suggestion.isPresent()) {
            return new Found(found + "; did you mean '" + suggestion.get() + "'?", suggestion.get());
        }
        // a misspelt statement after a line that ends in names ('map ... rw' then 'wlak 0x...'): the word was read as
        // one more name of that line, and the error is at the token after it
        Token word = lineStart(e, token);
        Optional<String> meant = word == null ? Optional.empty() : s.suggest(word.getText(), expected);
        if (meant.isPresent()) {
            return new Found(found + " after '" + word.getText() + "'; did you mean '" + meant.get() + "'?", null);
        }
        if (e instanceof EarlyExitException && expected.isEmpty()) {
            return new Found(found + ": something is missing before it", null);
        }
        return new Found(expected.isEmpty() ? found : found + ": expected " + s.readable(expected), null);
    }
}
