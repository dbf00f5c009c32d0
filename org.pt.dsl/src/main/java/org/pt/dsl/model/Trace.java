package org.pt.dsl.model;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.emf.ecore.EObject;
import org.pt.engine.analysis.Subject;

/**
 * Where the engine's {@link Subject}s are written, both ways: a finding about a subject is put on its place in the
 * AST ({@link #locate}), and an editor service asks what an AST node stands for ({@link #subjectsAt}: a hover on a
 * statement finds its space and statement).
 */
public final class Trace {
    public static final Trace EMPTY = new Builder().build();

    private final Map<Subject, Located> places;
    private final Map<EObject, List<Subject>> subjects;

    private Trace(Map<Subject, Located> places) {
        this.places = Map.copyOf(places);
        Map<EObject, List<Subject>> inverse = new IdentityHashMap<>();
        places.forEach((s, at) -> inverse.computeIfAbsent(at.object(), k -> new ArrayList<>()).add(s));
        inverse.replaceAll((k, v) -> List.copyOf(v));
        this.subjects = inverse;
    }

    /** Where {@code s} is written. */
    public Optional<Located> locate(Subject s) {
        return Optional.ofNullable(places.get(s));
    }

    /**
     * The subjects written at {@code node} or, when none is, at its nearest container that has one (a number inside a
     * {@code map} statement: the operation), in the order the translator met them; empty outside every subject.
     */
    public List<Subject> subjectsAt(EObject node) {
        for (EObject o = node; o != null; o = o.eContainer()) {
            List<Subject> here = subjects.get(o);
            if (here != null) {
                return here;
            }
        }
        return List.of();
    }

    /** Collects the places while translating; a later place of a subject replaces the earlier. */
    static final class Builder {
        private final Map<Subject, Located> places = new LinkedHashMap<>();

        void put(Subject s, Located at) {
            places.remove(s);
            places.put(s, at);
        }

        Trace build() {
            return new Trace(places);
        }
    }
}
