package org.pt.dsl.parser;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.antlr.runtime.CommonToken;
import org.antlr.runtime.Token;

/**
 * The limit on strategy nesting, for a lexer ({@link PtLexer}): a strategy nests through {@code bootstrap} (a window
 * bootstrapped by a window ...) and the parser recurses once per level, so past {@link #MAX} levels the rest of the
 * chain, from the first {@code bootstrap} too many to its last word, is handed out as one {@link TooDeep} token,
 * which no rule accepts. No file, however deeply nested, makes the parser run out of stack. Any lexer of the grammar
 * can use it: it takes the token types it needs by name.
 */
public final class BootstrapDepth {

    /** The most {@code bootstrap}s one strategy nests (docs/limits.md). */
    public static final int MAX = 64;

    /** The words of a strategy: keywords, names and numbers; a {@code bootstrap} within them nests one more. */
    private static final List<String> WORDS = List.of("bootstrap", "window", "per-cpu", "recursive", "foreign", "slot",
            "direct-map", "identity", "table-offset", "kernel", "ram", "reserved", "mmio", "physical", "fault", "half");

    /**
     * The {@code bootstrap} one level too deep and every word of the strategy it begins, as a single token of a type no
     * rule accepts.
     */
    public static final class TooDeep extends CommonToken {
        private static final long serialVersionUID = 1L;

        TooDeep(Token first, int type) {
            super(first);
            setType(type);
        }
    }

    private final Supplier<Token> read;
    private final Set<Integer> hidden;
    private final int rejected;
    private final Set<Integer> strategyWords = new HashSet<>();
    private final int bootstrap;
    /** Tokens read ahead past a {@link TooDeep} run, handed out next. */
    private final Deque<Token> pending = new ArrayDeque<>();
    /** The {@code bootstrap}s of the run of strategy words being read. */
    private int bootstraps;

    /**
     * @param tokenNames the lexer's token names ({@code 'bootstrap'}, {@code RULE_ID}, ...) by type
     * @param read       the lexer's own next token
     * @param hidden     the types of whitespace and comments
     * @param words      the types of names and numbers
     * @param rejected   the type of a {@link TooDeep} token: one no rule accepts
     */
    public BootstrapDepth(String[] tokenNames, Supplier<Token> read, Set<Integer> hidden, Set<Integer> words,
            int rejected) {
        this.read = read;
        this.hidden = Set.copyOf(hidden);
        this.rejected = rejected;
        strategyWords.addAll(words);
        int found = -1;
        for (int type = 0; type < tokenNames.length; type++) {
            String name = tokenNames[type];
            if (name != null && name.length() > 2 && name.startsWith("'")
                    && WORDS.contains(name.substring(1, name.length() - 1))) {
                strategyWords.add(type);
                found = name.equals("'bootstrap'") ? type : found;
            }
        }
        this.bootstrap = found;
    }

    /** The next token: the lexer's, or a {@link TooDeep} run in its place. */
    public Token next() {
        Token t = pending.isEmpty() ? read.get() : pending.poll();
        int type = t.getType();
        if (type == bootstrap && ++bootstraps > MAX) {
            return tooDeep(t);
        }
        if (!hidden.contains(type) && !strategyWords.contains(type)) {
            bootstraps = 0;
        }
        return t;
    }

    /** Forgets what was read (the lexer reads another text). */
    public void reset() {
        pending.clear();
        bootstraps = 0;
    }

    /** {@code first} and the strategy words after it as one token; what follows them is handed out next. */
    private Token tooDeep(Token first) {
        TooDeep deep = new TooDeep(first, rejected);
        List<Token> hiddenAfter = new ArrayList<>();
        while (true) {
            Token n = read.get();
            if (hidden.contains(n.getType())) {
                hiddenAfter.add(n);
            } else if (n.getType() != Token.EOF && strategyWords.contains(n.getType())) {
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
}
