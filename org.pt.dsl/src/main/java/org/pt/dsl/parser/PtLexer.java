package org.pt.dsl.parser;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
 * <p>A strategy nests through {@code bootstrap} (a window bootstrapped by a window ...), and the parser recurses once
 * per level: past {@link #MAX_BOOTSTRAP_DEPTH} levels the rest of the chain, from the first {@code bootstrap} too
 * many to its last word, is one {@link TooDeep} token, which the parser rejects as a syntax error at that
 * {@code bootstrap} ({@code pt.nesting_too_deep}). So no file, however deeply nested, makes the parser (or anything
 * after it) run out of stack.
 */
public class PtLexer extends InternalPtLexer {

    /** The most {@code bootstrap}s one strategy nests (docs/limits.md). */
    public static final int MAX_BOOTSTRAP_DEPTH = 64;

    /** The words of a strategy: its keywords, names and numbers; a {@code bootstrap} within them nests one more. */
    private static final Set<Integer> STRATEGY_WORDS = new HashSet<>(List.of(RULE_ID, RULE_NUMBER));
    private static final int BOOTSTRAP;

    static {
        int bootstrap = -1;
        List<String> words = List.of("bootstrap", "window", "per-cpu", "recursive", "foreign", "slot", "direct-map",
                "identity", "table-offset", "kernel", "ram", "reserved", "mmio", "physical", "fault", "half");
        String[] names = InternalPtParser.tokenNames;
        for (int type = 0; type < names.length; type++) {
            String name = names[type];
            if (name.length() > 2 && name.startsWith("'") && words.contains(name.substring(1, name.length() - 1))) {
                STRATEGY_WORDS.add(type);
                bootstrap = name.equals("'bootstrap'") ? type : bootstrap;
            }
        }
        BOOTSTRAP = bootstrap;
    }

    /** Tokens read ahead past a {@link TooDeep} run, handed out next. */
    private final Deque<Token> pending = new ArrayDeque<>();
    /** The {@code bootstrap}s of the run of strategy words being read. */
    private int bootstraps;

    public PtLexer() {
    }

    public PtLexer(CharStream input) {
        super(input);
    }

    /**
     * The {@code bootstrap} one level too deep and every word of the strategy it begins: a single token, which no rule
     * accepts (its type is {@link #RULE_ANY_OTHER}).
     */
    public static final class TooDeep extends CommonToken {
        private static final long serialVersionUID = 1L;

        TooDeep(Token first) {
            super(first);
            setType(RULE_ANY_OTHER);
        }
    }

    @Override
    public Token nextToken() {
        Token t = pending.isEmpty() ? read() : pending.poll();
        int type = t.getType();
        if (type == BOOTSTRAP && ++bootstraps > MAX_BOOTSTRAP_DEPTH) {
            return tooDeep(t);
        }
        if (!hidden(type) && !STRATEGY_WORDS.contains(type)) {
            bootstraps = 0;
        }
        return t;
    }

    @Override
    public void reset() {
        super.reset();
        pending.clear();
        bootstraps = 0;
    }

    /** {@code first} and the strategy words after it as one token; what follows them is read again next. */
    private Token tooDeep(Token first) {
        TooDeep deep = new TooDeep(first);
        List<Token> hiddenAfter = new ArrayList<>();
        while (true) {
            Token n = read();
            if (hidden(n.getType())) {
                hiddenAfter.add(n);
            } else if (n.getType() != Token.EOF && STRATEGY_WORDS.contains(n.getType())) {
                deep.setStopIndex(((CommonToken) n).getStopIndex());
                hiddenAfter.clear();
            } else {
                pending.addAll(hiddenAfter);
                pending.add(n);
                bootstraps = 0;
                return deep;
            }
        }
    }

    private Token read() {
        Token t = super.nextToken();
        if (t.getType() == Token.INVALID_TOKEN_TYPE && isBarePrefix(t.getText())) {
            t.setType(RULE_NUMBER);
        }
        return t;
    }

    private static boolean hidden(int type) {
        return type == RULE_WS || type == RULE_ML_COMMENT || type == RULE_SL_COMMENT;
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
