package org.pt.dsl.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.emf.ecore.EObject;
import org.pt.dsl.pt.Model;
import org.pt.engine.analysis.Severity;

/**
 * The problems of one translation, and the top-level elements (machines, layouts, spaces) they make untranslatable:
 * an element with an error is not analysed, nor is anything that depends on it.
 */
final class Problems {
    private final List<SpecIssue> issues = new ArrayList<>();
    private final Set<EObject> broken = new HashSet<>();

    void error(Located at, String code, String message, String... data) {
        issues.add(new SpecIssue(Severity.ERROR, code, message, at, List.of(data)));
        broken.add(topLevel(at.object()));
    }

    /** An error that leaves its element translatable (the part it is about is left out instead). */
    void errorOnly(Located at, String code, String message, String... data) {
        issues.add(new SpecIssue(Severity.ERROR, code, message, at, List.of(data)));
    }

    void warning(Located at, String code, String message, String... data) {
        issues.add(new SpecIssue(Severity.WARNING, code, message, at, List.of(data)));
    }

    /** Marks an element untranslatable without a message of its own (the cause is reported elsewhere). */
    void breakSilently(EObject element) {
        broken.add(topLevel(element));
    }

    boolean isBroken(EObject element) {
        return broken.contains(topLevel(element));
    }

    List<SpecIssue> issues() {
        return issues;
    }

    /** The machine, layout, space or output that contains {@code o} (or {@code o} itself). */
    static EObject topLevel(EObject o) {
        EObject e = o;
        while (e.eContainer() != null && !(e.eContainer() instanceof Model)) {
            e = e.eContainer();
        }
        return e;
    }
}
