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
    private final Map<Subject, Inherited> inherited;
    private final Map<String, List<MachineLine>> machineLines;
    private final Map<EObject, List<Subject>> subjects;

    /**
     * A subject of a machine that extends another, written on a line of an ancestor: a finding about it is put on that
     * line with {@code lineNote} after its message when the line is in the file checked, else on {@code via} (the
     * {@code extends} name of the machine) with {@code viaNote}: the ancestor's own file, checked alone, knows nothing
     * of the merged machine.
     */
    public record Inherited(Located via, String lineNote, String viaNote) {
    }

    /**
     * A line of a machine as merged with its ancestors ({@code MachineExtension}): written in the machine itself or
     * inherited, and the ancestors' lines it replaces.
     */
    public record MachineLine(Located at, boolean inherited, List<Located> replaces) {
        public MachineLine {
            replaces = List.copyOf(replaces);
        }
    }

    private Trace(Map<Subject, Located> places, Map<Subject, Inherited> inherited,
            Map<String, List<MachineLine>> machineLines) {
        this.places = Map.copyOf(places);
        this.inherited = Map.copyOf(inherited);
        this.machineLines = Map.copyOf(machineLines);
        Map<EObject, List<Subject>> inverse = new IdentityHashMap<>();
        places.forEach((s, at) -> {
            if (!inherited.containsKey(s)) { // an ancestor's line stands for the ancestor's subjects
                inverse.computeIfAbsent(at.object(), k -> new ArrayList<>()).add(s);
            }
        });
        inverse.replaceAll((k, v) -> List.copyOf(v));
        this.subjects = inverse;
    }

    /** Where {@code s} is written. */
    public Optional<Located> locate(Subject s) {
        return Optional.ofNullable(places.get(s));
    }

    /** When {@code s} is written on a line a machine inherits, where else a finding about it goes. */
    public Optional<Inherited> inherited(Subject s) {
        return Optional.ofNullable(inherited.get(s));
    }

    /** The lines of machine {@code name} (its engine name) as merged with its ancestors, in the order shown. */
    public List<MachineLine> machineLines(String name) {
        return machineLines.getOrDefault(name, List.of());
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
        private final Map<Subject, Inherited> inherited = new LinkedHashMap<>();
        private final Map<String, List<MachineLine>> machineLines = new LinkedHashMap<>();

        void put(Subject s, Located at) {
            places.remove(s);
            places.put(s, at);
            inherited.remove(s);
        }

        /** {@code s} is written at {@code at}, a line the machine inherits. */
        void putInherited(Subject s, Located at, Inherited via) {
            put(s, at);
            inherited.put(s, via);
        }

        void machineLines(String machine, List<MachineLine> lines) {
            machineLines.put(machine, List.copyOf(lines));
        }

        Trace build() {
            return new Trace(places, inherited, machineLines);
        }
    }
}
