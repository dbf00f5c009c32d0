package org.pt.dsl.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.naming.IQualifiedNameProvider;
import org.eclipse.xtext.naming.QualifiedName;
import org.pt.dsl.pt.Layout;
import org.pt.dsl.pt.Machine;
import org.pt.dsl.pt.Model;
import org.pt.dsl.pt.Reach;
import org.pt.dsl.pt.Share;
import org.pt.dsl.pt.Space;
import org.pt.dsl.pt.Statement;

/**
 * The elements one translation covers: a resource's machines, layouts and spaces and everything they reference in
 * other resources (the closure), in a stable order, with their engine names: the simple name, or the qualified name
 * where two elements of one kind share a simple name. Of two elements with one qualified name (a duplicate, reported
 * by the names check) the later is left out.
 */
final class Elements {
    final List<Machine> machines = new ArrayList<>();
    final List<Layout> layouts = new ArrayList<>();
    final List<Space> spaces = new ArrayList<>();
    private final Map<EObject, String> names = new IdentityHashMap<>();

    Elements(Model model, IQualifiedNameProvider qualifiedNames, Problems problems) {
        collect(model);
        nameAll(machines, qualifiedNames, problems);
        nameAll(layouts, qualifiedNames, problems);
        nameAll(spaces, qualifiedNames, problems);
    }

    String name(EObject element) {
        return names.get(element);
    }

    static String simpleName(EObject e) {
        String n = e instanceof Machine m ? m.getName()
                : e instanceof Layout l ? l.getName()
                : e instanceof Space s ? s.getName() : null;
        return n == null ? "" : n;
    }

    /**
     * Calls {@code translate} with each space after the spaces it shares with (so that a broken one is known) and
     * the spaces on the way to it (a space that shares with one of them closes a cycle, which the engine reports).
     */
    void inSharingOrder(BiConsumer<Space, Set<Space>> translate) {
        Set<Space> done = new LinkedHashSet<>();
        for (Space s : spaces) {
            inOrder(s, done, new LinkedHashSet<>(), translate);
        }
    }

    /** A space being visited and the statements of it not looked at yet. */
    private record Visit(Space space, Iterator<Statement> statements) {
    }

    /**
     * Depth first from {@code start}, each space after those it shares with; with a stack of its own, not a recursion:
     * a chain of thousands of spaces sharing their kernel half must not exhaust the thread's stack.
     */
    private void inOrder(Space start, Set<Space> done, Set<Space> path, BiConsumer<Space, Set<Space>> translate) {
        if (done.contains(start) || !path.add(start)) {
            return;
        }
        Deque<Visit> stack = new ArrayDeque<>();
        stack.push(new Visit(start, start.getStatements().iterator()));
        while (!stack.isEmpty()) {
            Visit v = stack.peek();
            Space next = null;
            while (next == null && v.statements().hasNext()) {
                if (v.statements().next() instanceof Share sh && sh.getSpace() != null && !sh.getSpace().eIsProxy()
                        && !done.contains(sh.getSpace()) && path.add(sh.getSpace())) {
                    next = sh.getSpace();
                }
            }
            if (next != null) {
                stack.push(new Visit(next, next.getStatements().iterator()));
            } else {
                stack.pop();
                if (done.add(v.space())) {
                    translate.accept(v.space(), path);
                }
            }
        }
    }

    /**
     * Calls {@code translate} with each machine after the machine it extends (so that the parent's merged lines are
     * known); a machine on an extension cycle is called without its parent (the translator reports the cycle).
     */
    void inExtensionOrder(Consumer<Machine> translate) {
        Set<Machine> done = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Machine m : machines) {
            List<Machine> chain = new ArrayList<>();
            Set<Machine> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            for (Machine at = m; at != null && !at.eIsProxy() && !done.contains(at) && seen.add(at); at = at
                    .getParent()) {
                chain.add(0, at);
            }
            for (Machine c : chain) {
                if (done.add(c)) {
                    translate.accept(c);
                }
            }
        }
    }

    private void collect(Model model) {
        Set<EObject> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<EObject> work = new ArrayList<>(model.getElements());
        for (int i = 0; i < work.size(); i++) {
            EObject e = work.get(i);
            if (e == null || e.eIsProxy() || !seen.add(e)) {
                continue;
            }
            if (e instanceof Machine m) {
                machines.add(m);
                work.add(m.getParent());
            } else if (e instanceof Layout l) {
                layouts.add(l);
                work.add(l.getMachine());
            } else if (e instanceof Space s) {
                spaces.add(s);
                work.add(s.getLayout());
                for (Statement st : s.getStatements()) {
                    if (st instanceof Share sh) {
                        work.add(sh.getSpace());
                    } else if (st instanceof Reach r) {
                        work.add(r.getFrom());
                    }
                }
            } else if (e instanceof org.pt.dsl.pt.Generate g) {
                work.addAll(g.getSpaces());
            }
        }
    }

    private void nameAll(List<? extends EObject> elements, IQualifiedNameProvider qualifiedNames, Problems problems) {
        Map<String, Integer> count = new HashMap<>();
        for (EObject e : elements) {
            count.merge(simpleName(e), 1, Integer::sum);
        }
        Set<String> used = new HashSet<>();
        for (EObject e : elements) {
            String n = simpleName(e);
            if (count.get(n) > 1) {
                QualifiedName q = qualifiedNames.getFullyQualifiedName(e);
                n = q == null ? n : q.toString();
            }
            if (!used.add(n)) {
                problems.breakSilently(e);
            }
            names.put(e, n);
        }
    }
}
