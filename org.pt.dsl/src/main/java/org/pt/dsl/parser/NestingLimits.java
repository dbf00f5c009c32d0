package org.pt.dsl.parser;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.antlr.runtime.CommonToken;
import org.antlr.runtime.Token;

/**
 * The limits on nesting, for a lexer ({@link PtLexer}). The parser recurses once per level of a strategy nested
 * through {@code bootstrap} (a window bootstrapped by a window ...) and once per parenthesis of an address
 * expression, and the model of an expression is a tree as deep as its operators are many. Past a limit, the rest of
 * the strategy or expression, from the word too many to its last word, is handed out as one {@link TooDeep} token,
 * which no rule accepts: no file, however deeply nested or however long its expressions, makes the parser or an
 * evaluator run out of stack. Any lexer of the grammar can use it: it takes the token types it needs by name.
 */
public final class NestingLimits {

    /** The most {@code bootstrap}s one strategy nests (docs/limits.md). */
    public static final int MAX_BOOTSTRAPS = 64;
    /** The most parentheses one expression nests (docs/limits.md). */
    public static final int MAX_PARENTHESES = 32;
    /** The most operators one expression has (docs/limits.md). */
    public static final int MAX_OPERATORS = 256;

    /** The words of a strategy: keywords, names and numbers; a {@code bootstrap} within them nests one more. */
    private static final List<String> STRATEGY_WORDS = List.of("bootstrap", "window", "per-cpu", "recursive", "foreign",
            "slot", "direct-map", "identity", "table-offset", "kernel", "ram", "reserved", "mmio", "physical", "fault",
            "half");
    /** The operators of an expression. */
    private static final List<String> OPERATORS = List.of("+", "-", "*", "/", "<<", ">>");
    /** The other keywords of an expression: parentheses and units. */
    private static final List<String> EXPRESSION_WORDS = List.of("(", ")", "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB");

    /** What a {@link TooDeep} token exceeds. */
    public enum Limit {
        /** {@link #MAX_BOOTSTRAPS}. */
        BOOTSTRAPS,
        /** {@link #MAX_PARENTHESES}. */
        PARENTHESES,
        /** {@link #MAX_OPERATORS}. */
        OPERATORS
    }

    /**
     * The word one past a limit and every word of the strategy or expression it is in, as a single token of a type no
     * rule accepts.
     */
    public static final class TooDeep extends CommonToken {
        private static final long serialVersionUID = 1L;
        private final Limit limit;

        TooDeep(Token first, int type, Limit limit) {
            super(first);
            setType(type);
            this.limit = limit;
        }

        /** The limit this token is one past. */
        public Limit limit() {
            return limit;
        }
    }

    private final Supplier<Token> read;
    private final Set<Integer> hidden;
    private final int rejected;
    private final Set<Integer> strategyWords = new HashSet<>();
    private final Set<Integer> operators = new HashSet<>();
    private final Set<Integer> expressionWords = new HashSet<>();
    private final int number;
    private final int bootstrap;
    private final int open;
    private final int close;
    /** Tokens read ahead past a {@link TooDeep} run, handed out next. */
    private final Deque<Token> pending = new ArrayDeque<>();
    /** The {@code bootstrap}s of the run of strategy words being read. */
    private int bootstraps;
    /** The open parentheses and the operators of the run of expression words being read. */
    private int depth;
    private int operatorsRead;

    /**
     * @param tokenNames the lexer's token names ({@code 'bootstrap'}, {@code RULE_ID}, ...) by type
     * @param read       the lexer's own next token
     * @param hidden     the types of whitespace and comments
     * @param names      the types of names
     * @param number     the type of numbers
     * @param rejected   the type of a {@link TooDeep} token: one no rule accepts
     */
    public NestingLimits(String[] tokenNames, Supplier<Token> read, Set<Integer> hidden, Set<Integer> names,
            int number, int rejected) {
        this.read = read;
        this.hidden = Set.copyOf(hidden);
        this.rejected = rejected;
        this.number = number;
        strategyWords.addAll(names);
        strategyWords.add(number);
        expressionWords.add(number);
        int bootstrapType = -1;
        int openType = -1;
        int closeType = -1;
        for (int type = 0; type < tokenNames.length; type++) {
            String name = tokenNames[type];
            if (name == null || name.length() <= 2 || !name.startsWith("'")) {
                continue;
            }
            String word = name.substring(1, name.length() - 1);
            if (STRATEGY_WORDS.contains(word)) {
                strategyWords.add(type);
            }
            if (OPERATORS.contains(word)) {
                operators.add(type);
                expressionWords.add(type);
            }
            if (EXPRESSION_WORDS.contains(word)) {
                expressionWords.add(type);
            }
            bootstrapType = word.equals("bootstrap") ? type : bootstrapType;
            openType = word.equals("(") ? type : openType;
            closeType = word.equals(")") ? type : closeType;
        }
        this.bootstrap = bootstrapType;
        this.open = openType;
        this.close = closeType;
    }

    /** The next token: the lexer's, or a {@link TooDeep} run in its place. */
    public Token next() {
        Token t = pending.isEmpty() ? read.get() : pending.poll();
        int type = t.getType();
        if (hidden.contains(type)) {
            return t;
        }
        if (type == bootstrap && ++bootstraps > MAX_BOOTSTRAPS) {
            return tooDeep(t, Limit.BOOTSTRAPS, strategyWords::contains);
        }
        if (!strategyWords.contains(type)) {
            bootstraps = 0;
        }
        if (type == open && ++depth > MAX_PARENTHESES) {
            return tooDeep(t, Limit.PARENTHESES, expressionWords::contains);
        }
        if (operators.contains(type) && ++operatorsRead > MAX_OPERATORS) {
            return tooDeep(t, Limit.OPERATORS, expressionWords::contains);
        }
        if (type == close && depth > 0) {
            depth--;
        }
        if (!expressionWords.contains(type) || type == number && lastWasOperand) {
            depth = 0;
            operatorsRead = 0;
        }
        lastWasOperand = type == number || type == close;
        return t;
    }

    /** Whether the last expression word read ends an operand (a number or ')'): a number after it begins another. */
    private boolean lastWasOperand;

    /** Forgets what was read (the lexer reads another text). */
    public void reset() {
        pending.clear();
        bootstraps = 0;
        depth = 0;
        operatorsRead = 0;
        lastWasOperand = false;
    }

    /** {@code first} and the words after it that {@code within} accepts as one token; what follows is handed out next. */
    private Token tooDeep(Token first, Limit limit, Predicate<Integer> within) {
        TooDeep deep = new TooDeep(first, rejected, limit);
        List<Token> hiddenAfter = new ArrayList<>();
        while (true) {
            Token n = read.get();
            if (hidden.contains(n.getType())) {
                hiddenAfter.add(n);
            } else if (n.getType() != Token.EOF && within.test(n.getType())) {
                deep.setStopIndex(((CommonToken) n).getStopIndex());
                hiddenAfter.clear();
            } else {
                pending.addAll(hiddenAfter);
                pending.add(n);
                reset();
                return deep;
            }
        }
    }
}
