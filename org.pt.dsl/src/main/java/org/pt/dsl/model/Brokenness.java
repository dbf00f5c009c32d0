package org.pt.dsl.model;

import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.diagnostics.AbstractDiagnostic;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextSyntaxDiagnostic;
import org.pt.dsl.pt.Element;
import org.pt.dsl.pt.MachineProperty;
import org.pt.dsl.pt.Model;
import org.pt.dsl.pt.Region;
import org.pt.dsl.pt.Statement;

/**
 * Which elements cannot be translated: those with an error of their own ({@link Problems}), and those a syntax or
 * linking error of their resource falls in. Also which lines a syntax error makes unreadable, so that nothing more is
 * said about them.
 */
public final class Brokenness {
    private final Problems problems;
    private final Map<Resource, Set<EObject>> syntaxBroken = new HashMap<>();

    Brokenness(Problems problems) {
        this.problems = problems;
    }

    /** Whether {@code element} (a machine, layout or space) cannot be translated. */
    boolean broken(EObject element) {
        return problems.isBroken(element) || syntaxBroken(element.eResource()).contains(element);
    }

    /** The top-level elements of {@code r} that contain a syntax or linking error. */
    private Set<EObject> syntaxBroken(Resource r) {
        if (r == null) {
            return Set.of();
        }
        return syntaxBroken.computeIfAbsent(r, Brokenness::findSyntaxBroken);
    }

    private static Set<EObject> findSyntaxBroken(Resource r) {
        if (r.getErrors().isEmpty() || r.getContents().isEmpty() || !(r.getContents().get(0) instanceof Model m)) {
            return Set.of();
        }
        Set<EObject> out = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Element> elements = m.getElements();
        for (Resource.Diagnostic d : r.getErrors()) {
            int offset = d instanceof AbstractDiagnostic ad ? ad.getOffset() : -1;
            EObject hit = null;
            for (Element e : elements) {
                ICompositeNode n = NodeModelUtils.getNode(e);
                if (n == null) {
                    continue;
                }
                if (offset >= 0 && n.getOffset() > offset) {
                    break;
                }
                hit = e; // the last element starting at or before the error (an error past it truncated it)
            }
            if (hit == null || offset < 0) {
                out.addAll(elements); // before every element, or unplaceable: nothing in the file is reliable
            } else {
                out.add(hit);
            }
        }
        return out;
    }

    /**
     * Whether the line {@code o} is on (its statement, machine property, region, or else its element) holds a
     * syntax error: what is said about a line the parser could not read is noise (a truncated {@code map kern}
     * has no source, of course).
     */
    public static boolean inSyntaxError(EObject o) {
        Resource r = o.eResource();
        if (r == null || r.getErrors().isEmpty()) {
            return false;
        }
        EObject line = o;
        while (line.eContainer() != null && !(line instanceof Statement || line instanceof MachineProperty
                || line instanceof Region || line.eContainer() instanceof Model)) {
            line = line.eContainer();
        }
        ICompositeNode node = NodeModelUtils.getNode(line);
        if (node == null) {
            return false;
        }
        String text = node.getRootNode().getText();
        for (Resource.Diagnostic d : r.getErrors()) {
            if (d instanceof XtextSyntaxDiagnostic sd && sd.getOffset() >= node.getOffset()) {
                int at = sd.getOffset();
                // on the line, or on the first token after it (where the parser noticed the line was not done)
                if (at <= node.getEndOffset() || (at <= text.length() && blank(text, node.getEndOffset(), at))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether {@code text} holds only white space from {@code from} to {@code to}; stops at the first other character
     * (a copy of the range for each error made a file of thousands of errors take minutes).
     */
    private static boolean blank(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
