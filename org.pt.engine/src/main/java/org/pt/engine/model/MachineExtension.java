package org.pt.engine.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.pt.engine.core.AddressRange;

/**
 * How a machine that extends another ({@code machine board extends std.riscv_sv39}) is made of its parent's lines and
 * its own. The result is one ordinary {@link Machine}: nothing after the merge knows there was a parent.
 *
 * <ul>
 * <li>A single-valued property (format, physical bits, va bits, cpus, budget, pat) written in the child replaces the
 * parent's; one it does not write is the parent's ({@link #property}).</li>
 * <li>{@code features} add to the parent's features ({@link #features}).</li>
 * <li>Memory lines ({@code ram}, {@code reserved}, {@code mmio}) add to the parent's; a child line that overlaps parent
 * lines replaces all of them, taking the place of the first ({@link #memory}). The overlap checks then run on the
 * merged list, so two overlapping lines of the child are still reported.</li>
 * <li>Table pools: the child's pools, when it writes any, replace all of the parent's ({@link #pools}).</li>
 * </ul>
 *
 * The functions are generic in the line type, so that the language keeps each line's source with it.
 */
public final class MachineExtension {

    private MachineExtension() {
    }

    /** The memory map of a child: its lines in order, and of each child line that replaces, the lines it replaces. */
    public record Merged<T>(List<T> lines, Map<T, List<T>> replaced) {
        public Merged {
            lines = List.copyOf(lines);
            Map<T, List<T>> copy = new IdentityHashMap<>();
            replaced.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            replaced = copy;
        }

        /** The parent lines {@code childLine} replaces, in the parent's order; empty when it only adds. */
        public List<T> replacedBy(T childLine) {
            return replaced.getOrDefault(childLine, List.of());
        }
    }

    /** The child's value when it writes one, else the parent's. */
    public static <T> Optional<T> property(Optional<T> parent, Optional<T> child) {
        return child.isPresent() ? child : parent;
    }

    /** The parent's features, then the child's that the parent lacks, in the order written. */
    public static <F> List<F> features(Collection<F> parent, List<F> child) {
        LinkedHashSet<F> all = new LinkedHashSet<>(parent);
        all.addAll(child);
        return List.copyOf(all);
    }

    /** The child's pools when it writes any, else the parent's. */
    public static <T> List<T> pools(List<T> parent, List<T> child) {
        return List.copyOf(child.isEmpty() ? parent : child);
    }

    /**
     * The merged memory map: the parent's lines in their order, each one that a child line overlaps replaced by the
     * first child line that overlaps it (a child line that replaces several stands where the first of them stood),
     * then the child's lines that replace nothing, in the order written.
     */
    public static <T> Merged<T> memory(List<T> parent, List<T> child, Function<T, AddressRange> range) {
        List<T> out = new ArrayList<>();
        Map<T, List<T>> replaced = new IdentityHashMap<>();
        for (T p : parent) {
            AddressRange r = range.apply(p);
            Optional<T> by = child.stream().filter(c -> range.apply(c).overlaps(r)).findFirst();
            if (by.isEmpty()) {
                out.add(p);
                continue;
            }
            if (!replaced.containsKey(by.get())) {
                out.add(by.get());
            }
            replaced.computeIfAbsent(by.get(), k -> new ArrayList<>()).add(p);
        }
        for (T c : child) {
            if (!replaced.containsKey(c)) {
                out.add(c);
            }
        }
        return new Merged<>(out, replaced);
    }

    /**
     * The cycle {@code start} lies on, following {@code parentOf}: {@code [a, b, a]} for a machine {@code a} that
     * extends {@code b} that extends {@code a}, {@code [a, a]} for one that extends itself; empty when the chain from
     * {@code start} ends, or runs into a cycle {@code start} is not part of (that cycle is reported on its own
     * members). Elements are compared by identity.
     */
    public static <T> Optional<List<T>> cycle(T start, Function<T, Optional<T>> parentOf) {
        List<T> path = new ArrayList<>();
        Map<T, Boolean> seen = new IdentityHashMap<>();
        T at = start;
        while (at != null && seen.put(at, Boolean.TRUE) == null) {
            path.add(at);
            at = parentOf.apply(at).orElse(null);
        }
        if (at != start) {
            return Optional.empty();
        }
        path.add(start);
        return Optional.of(path);
    }
}
