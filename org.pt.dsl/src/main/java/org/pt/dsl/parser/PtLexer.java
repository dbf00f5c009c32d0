package org.pt.dsl.parser;

import java.util.Set;
import java.util.regex.Pattern;
import org.antlr.runtime.ANTLRStringStream;
import org.antlr.runtime.CharStream;
import org.antlr.runtime.CommonToken;
import org.antlr.runtime.RecognitionException;
import org.antlr.runtime.Token;
import org.pt.dsl.parser.antlr.internal.InternalPtLexer;
import org.pt.dsl.parser.antlr.internal.InternalPtParser;

/**
 * The generated lexer with messages a reader can act on: ANTLR's own ("required (...)+ loop did not match anything
 * at character ' '") name the grammar, not the text. A number prefix with no digits ({@code 0x}, {@code 0b},
 * {@code 0o}) is a number token of its own, which the value converter reports ({@code pt.invalid_number}, once);
 * a string or comment the file ends inside, and a character that begins no token, are said so.
 *
 * <p>A strategy nested more than {@link NestingLimits#MAX_BOOTSTRAPS} {@code bootstrap}s deep, and an expression
 * nested more than {@link NestingLimits#MAX_PARENTHESES} parentheses deep or with more than
 * {@link NestingLimits#MAX_OPERATORS} operators, are cut there: the rest of it is one token that the parser rejects,
 * with {@code pt.nesting_too_deep} ({@link NestingLimits}).
 *
 * <p>Units are keywords ({@code KiB}), so that a name after a number is never read as a unit. A word that looks
 * like a unit ({@code GIb}, {@code KB}, {@code mib}: K, M, G, T, P or E, maybe {@code i}, then {@code B}, any case;
 * or {@code bytes}) right after a number on its line is read as a unit too, so that the engine reports it where it
 * is written ("unknown unit 'GIb'; did you mean 'GiB'?") instead of the parser reading it as the next name.
 */
public class PtLexer extends InternalPtLexer {
    private static final Pattern UNIT_LIKE = Pattern.compile("(?i)[kmgtpe]?i?b(ytes?)?");
    /** The token type of a unit keyword (any one: a unit's value is its text). */
    private static final int UNIT = new InternalPtLexer(new ANTLRStringStream("B")).nextToken().getType();

    /** The last token that is neither white space nor a comment: its type and line. */
    private int previousType = -1;
    private int previousLine = -1;

    private final NestingLimits depth = new NestingLimits(InternalPtParser.tokenNames, this::read,
            Set.of(RULE_WS, RULE_ML_COMMENT, RULE_SL_COMMENT), Set.of(RULE_ID), RULE_NUMBER, RULE_ANY_OTHER);

    public PtLexer() {
    }

    public PtLexer(CharStream input) {
        super(input);
    }

    @Override
    public Token nextToken() {
        return depth.next();
    }

    @Override
    public void reset() {
        super.reset();
        if (depth != null) { // ANTLR's constructors may reset before the fields are set
            depth.reset();
        }
    }

    private Token read() {
        Token t = super.nextToken();
        if (t.getType() == Token.INVALID_TOKEN_TYPE && isBarePrefix(t.getText())) {
            t.setType(RULE_NUMBER);
        }
        if (t.getType() == Token.INVALID_TOKEN_TYPE && t instanceof CommonToken c && c.getStopIndex() > c.getStartIndex()
                && input.substring(c.getStopIndex(), c.getStopIndex()).matches("[\\r\\n]")) {
            c.setStopIndex(c.getStopIndex() - 1); // a word the line ends inside ('top-l' CR LF): the line end is not in it
        }
        if (t.getType() == RULE_ID && previousType == RULE_NUMBER && t.getLine() == previousLine
                && UNIT_LIKE.matcher(t.getText()).matches()) {
            t.setType(UNIT);
        }
        if (t.getType() != RULE_WS && t.getType() != RULE_SL_COMMENT && t.getType() != RULE_ML_COMMENT) {
            previousType = t.getType();
            previousLine = t.getLine();
        }
        return t;
    }

    @Override
    public void setCharStream(CharStream input) {
        super.setCharStream(input);
        previousType = -1;
        previousLine = -1;
    }

    /** A bare prefix is a token of its own (what follows it is read afresh); otherwise ANTLR's recovery. */
    @Override
    public void recover(RecognitionException re) {
        if (!isBarePrefix(read(re))) {
            super.recover(re);
        }
    }

    @Override
    public String getErrorMessage(RecognitionException e, String[] tokenNames) {
        String read = read(e);
        if (isBarePrefix(read)) {
            return "'" + read + "' has no digits after its prefix";
        }
        if (read.startsWith("\"")) {
            return "the file ends inside a string: its closing '\"' is missing";
        }
        if (read.startsWith("/*")) {
            return "the file ends inside a comment: its closing '*/' is missing";
        }
        if (read.equals("^")) {
            return "'^' must be followed by a name";
        }
        if (e.c == '\r' || e.c == '\n') {
            return "the line ends inside '" + read + "'";
        }
        if (e.c == CharStream.EOF) {
            return "the file ends inside '" + read + "'";
        }
        return "unexpected character '" + new String(Character.toChars(e.c)) + "'";
    }

    /** What the token being read holds up to the character it failed on. */
    private String read(RecognitionException e) {
        int start = state.tokenStartCharIndex;
        int at = Math.max(start, e.index);
        return start >= 0 && at > start ? input.substring(start, at - 1) : "";
    }

    private static boolean isBarePrefix(String read) {
        return read != null && read.length() == 2 && read.charAt(0) == '0' && "xXoObB".indexOf(read.charAt(1)) >= 0;
    }
}
