package org.pt.dsl.parser;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.xtext.AbstractRule;
import org.eclipse.xtext.Grammar;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.pt.dsl.scoping.Suggestions;

/**
 * The grammar as a reader of syntax errors sees it: what is accepted at a point of a partial parse
 * ({@link Expectations}), in words ("a number", "'format', 'physical' or '}'"), which element a point is in
 * ("machine 'pc'"), and the keyword a misspelt word was meant to be.
 */
public final class PtSyntax {
    private static final String NAME = "#ID";
    /** The end of the file, as an expectation. */
    public static final String END = Expectations.EOF;

    /** The operators of an expression: where they are accepted, they are "an operator". */
    private static final Set<String> OPERATORS = Set.of("+", "-", "*", "/", "<<", ">>");

    /** Keywords that are names too (ValidID): where a name is accepted they are not listed apart. */
    private final Set<String> nameKeywords = new LinkedHashSet<>();
    /** The units ({@code KiB}): where they are accepted, they are "a unit". */
    private final Set<String> units = new LinkedHashSet<>();

    public PtSyntax(Grammar grammar) {
        keywordsOf(grammar, "ValidID", nameKeywords);
        keywordsOf(grammar, "Unit", units);
    }

    private static void keywordsOf(Grammar grammar, String rule, Set<String> into) {
        AbstractRule r = GrammarUtil.findRuleForName(grammar, rule);
        if (r != null) {
            for (Keyword k : GrammarUtil.containedKeywords(r)) {
                into.add(k.getValue());
            }
        }
    }

    /** Whether only a number (or the parenthesis that may begin one) is accepted in {@code expected}. */
    public boolean onlyANumber(Collection<String> expected) {
        return expected.contains("#NUMBER") && expected.stream().allMatch(x -> x.equals("#NUMBER") || x.equals("("));
    }

    /** What the grammar accepts after what was read in {@code current} (see {@link Expectations}). */
    public Set<String> expected(ICompositeNode current) {
        return Expectations.at(current);
    }

    /**
     * The expectation an ANTLR token name stands for: {@code "'}'"} is {@code }}, {@code RULE_NUMBER} is
     * {@code #NUMBER}, {@code EOF} is {@link Expectations#EOF}.
     */
    public static String tokenName(String antlrName) {
        if (antlrName == null) {
            return "";
        }
        if (antlrName.length() >= 2 && antlrName.startsWith("'") && antlrName.endsWith("'")) {
            return antlrName.substring(1, antlrName.length() - 1).replace("\\'", "'");
        }
        if (antlrName.startsWith("RULE_")) {
            return "#" + antlrName.substring("RULE_".length());
        }
        return antlrName.equals("EOF") ? Expectations.EOF : antlrName;
    }

    /**
     * {@code expected} in words, in grammar order: "a number", "'map', 'unmap' or '}'", "a unit, an operator, '..='
     * or 'size'" (a number's '(' is "a number").
     */
    public String readable(Collection<String> expected) {
        boolean name = expected.contains(NAME);
        boolean number = expected.contains("#NUMBER");
        boolean expression = expected.contains("<<"); // after an operand, every operator: a format's '-' is none
        List<String> words = new ArrayList<>();
        for (String x : expected) {
            String w = switch (x) {
                case "#NUMBER" -> "a number";
                case NAME -> "a name";
                case "#STRING" -> "a quoted string";
                case Expectations.EOF -> "the end of the file";
                case "(" -> number ? null : "'('";
                default -> units.contains(x) ? "a unit" : expression && OPERATORS.contains(x) ? "an operator"
                        : x.startsWith("#") || (name && nameKeywords.contains(x)) ? null : "'" + x + "'";
            };
            if (w != null && !words.contains(w)) {
                words.add(w);
            }
        }
        if (words.size() <= 1) {
            return words.isEmpty() ? "" : words.get(0);
        }
        return String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
    }

    /** The keyword accepted here that {@code word} is a misspelling of, if one is close. */
    public Optional<String> suggest(String word, Collection<String> expected) {
        if (word == null || !word.matches("[A-Za-z_][A-Za-z0-9_-]*")) {
            return Optional.empty();
        }
        List<String> keywords = new ArrayList<>();
        for (String x : expected) {
            if (!x.startsWith("#") && x.matches("[A-Za-z_][A-Za-z0-9_-]*")) {
                keywords.add(x);
            }
        }
        return Suggestions.closest(word, keywords);
    }

    private static boolean isEntry(ICompositeNode n) {
        return n != null && n.getGrammarElement() instanceof AbstractRule;
    }

    /**
     * Outside any element: the element that ended last before the point ("space 'b'"), as a hint that its '}'
     * came too early; null if there is none.
     */
    public String previous(ICompositeNode current) {
        ICompositeNode model = current;
        while (model != null && !(model.getGrammarElement() instanceof AbstractRule)) {
            model = model.getParent();
        }
        String last = null;
        for (INode child : model == null ? List.<INode>of() : model.getChildren()) {
            if (child instanceof ICompositeNode c) {
                String d = describe(c);
                last = d == null ? last : d;
            }
        }
        return last;
    }

    /**
     * The element {@code current} is in, as a reader names it: "machine 'pc'", "space 'kernel'", "the 'generate'
     * line"; null outside any element.
     */
    public String enclosing(ICompositeNode current) {
        // the node of an element is a child of the entry rule's (Model's) node, whose parent is the root
        ICompositeNode element = current;
        while (element != null && !isEntry(element.getParent())) {
            element = element.getParent();
        }
        return element == null ? null : describe(element);
    }

    private static String describe(ICompositeNode element) {
        List<String> words = new ArrayList<>();
        for (ILeafNode l : element.getLeafNodes()) {
            if (!l.isHidden()) {
                words.add(l.getText());
                if (words.size() == 2) {
                    break;
                }
            }
        }
        if (words.isEmpty()) {
            return null;
        }
        String kind = words.get(0);
        return switch (kind) {
            case "machine", "layout", "space" -> words.size() == 2 && words.get(1).matches("\\^?[A-Za-z_]\\w*")
                    ? kind + " '" + words.get(1).replace("^", "") + "'" : kind;
            case "generate" -> "the 'generate' line";
            case "import" -> "the 'import' line";
            case "package" -> "the 'package' line";
            default -> null;
        };
    }
}
