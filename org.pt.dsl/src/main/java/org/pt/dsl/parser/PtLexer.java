package org.pt.dsl.parser;

import org.antlr.runtime.CharStream;
import org.antlr.runtime.RecognitionException;
import org.pt.dsl.parser.antlr.internal.InternalPtLexer;

/**
 * The generated lexer with messages a reader can act on: ANTLR's own ("required (...)+ loop did not match anything
 * at character ' '") name the grammar, not the text. The cases: a number prefix with no digits ({@code 0x},
 * {@code 0b}, {@code 0o}), a string or comment the file ends inside, and a character that begins no token.
 */
public class PtLexer extends InternalPtLexer {

    /** The end of a message about a number prefix with no digits; {@code PtSyntaxErrorMessageProvider} keys on it. */
    public static final String NO_DIGITS = "has no digits after its prefix";

    public PtLexer() {
    }

    public PtLexer(CharStream input) {
        super(input);
    }

    @Override
    public String getErrorMessage(RecognitionException e, String[] tokenNames) {
        int start = state.tokenStartCharIndex;
        int at = Math.max(start, e.index);
        String read = start >= 0 && at > start ? input.substring(start, at - 1) : "";
        if (read.length() == 2 && read.charAt(0) == '0' && "xXoObB".indexOf(read.charAt(1)) >= 0) {
            return "'" + read + "' " + NO_DIGITS + " (" + digits(read.charAt(1)) + ")";
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
        if (e.c == CharStream.EOF) {
            return "the file ends inside '" + read + "'";
        }
        return "unexpected character '" + new String(Character.toChars(e.c)) + "'";
    }

    private static String digits(char prefix) {
        return switch (Character.toLowerCase(prefix)) {
            case 'x' -> "hex digits 0-9, a-f";
            case 'o' -> "octal digits 0-7";
            default -> "binary digits 0 and 1";
        };
    }
}
