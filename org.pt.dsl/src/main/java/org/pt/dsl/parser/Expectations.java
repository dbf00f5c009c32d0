package org.pt.dsl.parser;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.AbstractElement;
import org.eclipse.xtext.AbstractRule;
import org.eclipse.xtext.Action;
import org.eclipse.xtext.Alternatives;
import org.eclipse.xtext.Assignment;
import org.eclipse.xtext.CrossReference;
import org.eclipse.xtext.EnumLiteralDeclaration;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.Group;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.RuleCall;
import org.eclipse.xtext.TerminalRule;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;

/**
 * What the grammar accepts next at a point of a partial parse: the FIRST sets of what follows the last token read,
 * up the stack of rules being parsed (the node model's open composite nodes). Keywords are their text; terminals
 * are {@code #NUMBER}, {@code #ID}, {@code #STRING}; the end of the file is {@link #EOF}. In grammar order.
 */
final class Expectations {
    static final String EOF = "#EOF";

    private Expectations() {
    }

    /** What may come after everything read so far inside {@code current}, the innermost rule being parsed. */
    static Set<String> at(ICompositeNode current) {
        Set<String> out = new LinkedHashSet<>();
        if (current == null) {
            return out;
        }
        INode last = null;
        for (ILeafNode l : current.getLeafNodes()) {
            if (!l.isHidden() && l.getGrammarElement() != null) {
                last = l;
            }
        }
        INode from;
        if (last == null) { // nothing read in this rule yet: its start
            EObject g = current.getGrammarElement();
            AbstractElement start = g instanceof AbstractElement a ? a : g instanceof AbstractRule r
                    ? r.getAlternatives() : null;
            if (start == null || !firstOf(start, out)) {
                return out;
            }
            from = current;
        } else {
            from = last;
        }
        for (INode n = from; ; n = n.getParent()) {
            if (n.getParent() == null) { // the root: the file may end
                out.add(EOF);
                return out;
            }
            // an action's node wraps what its rule read (the rule call's node is its parent)
            if (n.getGrammarElement() instanceof AbstractElement e && !(e instanceof Action)
                    && !followInRule(e, out)) {
                return out;
            }
        }
    }

    /** Adds what {@code e} may begin with; whether {@code e} may be empty. */
    private static boolean firstOf(AbstractElement e, Set<String> out) {
        return first(e, out, new HashSet<>());
    }

    private static boolean first(AbstractElement e, Set<String> out, Set<AbstractRule> visiting) {
        boolean inner = firstInner(e, out, visiting);
        return inner || GrammarUtil.isOptionalCardinality(e);
    }

    private static boolean firstInner(AbstractElement e, Set<String> out, Set<AbstractRule> visiting) {
        if (e instanceof Keyword k) {
            out.add(k.getValue());
            return false;
        }
        if (e instanceof RuleCall rc) {
            return rule(rc.getRule(), out, visiting);
        }
        if (e instanceof Assignment a) {
            return first(a.getTerminal(), out, visiting);
        }
        if (e instanceof CrossReference c) {
            if (c.getTerminal() == null) {
                out.add("#ID");
                return false;
            }
            return first(c.getTerminal(), out, visiting);
        }
        if (e instanceof EnumLiteralDeclaration l) {
            return first(l.getLiteral(), out, visiting);
        }
        if (e instanceof Action) {
            return true;
        }
        if (e instanceof Alternatives alts) {
            boolean empty = false;
            for (AbstractElement a : alts.getElements()) {
                empty |= first(a, out, visiting);
            }
            return empty;
        }
        if (e instanceof Group g) {
            for (AbstractElement a : g.getElements()) {
                if (!first(a, out, visiting)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static boolean rule(AbstractRule r, Set<String> out, Set<AbstractRule> visiting) {
        if (r instanceof TerminalRule t) {
            out.add("#" + t.getName());
            return false;
        }
        if (!visiting.add(r)) {
            return false;
        }
        boolean empty = first(r.getAlternatives(), out, visiting);
        visiting.remove(r);
        return empty;
    }

    /** Adds what may follow {@code e} inside its rule; whether the rule's end may follow. */
    private static boolean followInRule(AbstractElement e, Set<String> out) {
        if (GrammarUtil.isMultipleCardinality(e)) {
            firstInner(e, out, new HashSet<>());
        }
        EObject container = e.eContainer();
        if (container instanceof Group g) {
            int i = g.getElements().indexOf(e);
            for (int j = i + 1; j < g.getElements().size(); j++) {
                if (!firstOf(g.getElements().get(j), out)) {
                    return false;
                }
            }
        }
        if (container instanceof AbstractElement c) {
            return followInRule(c, out);
        }
        return true;
    }
}
