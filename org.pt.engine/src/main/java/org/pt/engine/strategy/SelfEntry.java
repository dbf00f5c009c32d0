package org.pt.engine.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pt.engine.format.DecodedEntry;
import org.pt.engine.format.Geometry;
import org.pt.engine.format.Half;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.format.Permissions;
import org.pt.engine.walk.Fault;
import org.pt.engine.walk.FaultKind;
import org.pt.engine.walk.Translation;
import org.pt.engine.walk.WalkStep;

/**
 * What the MMU does, level by level, with a self entry: top-level entry {@code slot} of a root holding a table
 * descriptor that points at that root. It is found by the format's own walk (and its decoder), over a memory that
 * holds nothing but the self entry, of the VA whose index is {@code slot} at every level: each level reads the self
 * entry again, as that level's descriptor, until the walk maps a page or faults. A level whose table has fewer entries
 * than {@code slot} cannot read it; there the walk stops and the reading says what the entry would decode as. When
 * the entry cannot hold the root's address (a root not aligned as the descriptor's address field), the walk leaves
 * the root and the readings end with the table it points at instead.
 *
 * <p>This is the data behind a refused recursive slot ({@code pt.strategy_infeasible}): RISC-V faults at the last
 * level on a non-leaf PTE; ARMv7 reads the 16 KiB L1 table as a 1 KiB L2 table and the page-table descriptor as a
 * large-page descriptor; a PAE PDPT or a small AArch64 root is read as a full table of the next level.
 *
 * @param slot     {@code L2[510]}: the top-level entry holding the self entry
 * @param rootPa   the root the entry points at
 * @param entry    the self entry: {@link PagingFormat#tableEntry} of the root with
 *                 {@link PagingFormat#recursiveTableBits()}
 * @param readings one per level the walk read (or could not read), from the root down
 */
public record SelfEntry(String slot, long rootPa, long entry, List<Reading> readings) {

    public SelfEntry {
        readings = List.copyOf(readings);
    }

    /**
     * One level of the walk through the self entry.
     *
     * @param level   the level's name ({@code L1}, {@code PD})
     * @param index   the index the walk reads at this level (the slot)
     * @param readAs  when the root is read as this level's table and the two differ in size, both shapes
     * @param decoded the self entry decoded as this level's descriptor
     * @param outcome what the MMU does
     */
    public record Reading(String level, int index, Optional<Shape> readAs, DecodedEntry decoded, Outcome outcome) {
    }

    /** The root (of {@code rootEntries} entries, {@code rootBytes}) read as a table of {@code entries}, {@code bytes}. */
    public record Shape(String rootLevel, int rootEntries, long rootBytes, int entries, long bytes) {
    }

    /** What the MMU does with the entry at one level. */
    public sealed interface Outcome {

        /** A table descriptor: the walk goes on in the table at {@code pa} ({@code root}: the root itself). */
        record NextTable(long pa, boolean root) implements Outcome {
        }

        /** A leaf: the walk maps a page of {@code size} at {@code pa} with these rights and memory type. */
        record Page(long pa, long size, Permissions permissions, String memoryType) implements Outcome {
        }

        /** The walk faults here. */
        record Faults(Fault fault) implements Outcome {
        }

        /**
         * The slot's index lies beyond this level's table of {@code entries}: the walk reads other entries there, never
         * the self entry, which {@code wouldBe} as this level's descriptor.
         */
        record Beyond(int entries, Outcome wouldBe) implements Outcome {
        }
    }

    /** How far apart the scratch tables of {@link #alone} lie: aligned as any table of any format. */
    private static final long SCRATCH = 1L << 20;

    /**
     * The walk through self entry {@code slot} of {@code h}'s root at {@code rootPa}; empty when the walk reads no
     * entry at all (the slot's VA is not translatable).
     */
    public static Optional<SelfEntry> walk(PagingFormat f, Half h, int slot, long rootPa) {
        int top = h.geometry().level(0).archLevel();
        return walk(f, h, slot, rootPa, f.tableEntry(rootPa, top) | f.recursiveTableBits());
    }

    /** The walk through {@code entry} in top-level slot {@code slot} of the root at {@code rootPa}, whatever it holds. */
    static Optional<SelfEntry> walk(PagingFormat f, Half h, int slot, long rootPa, long entry) {
        Geometry g = h.geometry();
        Geometry.Level top = g.level(0);
        int fits = 0;
        long raw = 0;
        while (fits < g.depth() && slot < g.level(fits).entries()) {
            raw |= (long) slot << g.level(fits).shift();
            fits++;
        }
        long va = Vas.place(h, raw);
        List<WalkStep> trace = new ArrayList<>();
        long[] memory = {rootPa + (long) slot * f.entryBytes(), entry};
        Translation t = f.walk(pa -> read(memory, pa), rootPa, h, va, null, trace);
        if (trace.isEmpty()) {
            return Optional.empty();
        }
        List<Reading> out = new ArrayList<>();
        for (int d = 0; d < trace.size() && d <= fits; d++) {
            Geometry.Level l = g.level(d);
            Optional<Shape> shape = d == 0 || (l.entries() == top.entries() && l.tableBytes() == top.tableBytes())
                    ? Optional.empty()
                    : Optional.of(new Shape(top.name(), top.entries(), top.tableBytes(), l.entries(), l.tableBytes()));
            Outcome o;
            if (d == fits) {
                o = new Outcome.Beyond(l.entries(), alone(f, h, va, d, entry, rootPa));
            } else if (d < trace.size() - 1) {
                long next = f.address(trace.get(d).entry().raw(), l.archLevel());
                o = new Outcome.NextTable(next, next == rootPa);
            } else {
                o = last(t);
            }
            out.add(new Reading(l.name(), slot, shape, f.decode(entry, l.archLevel()), o));
            if (o instanceof Outcome.NextTable n && !n.root()) {
                break; // the walk left the root: what it reads next is not the self entry
            }
        }
        return Optional.of(new SelfEntry(top.name() + "[" + slot + "]", rootPa, entry, out));
    }

    /** The entry at {@code pa} of a memory given as address, value pairs; zero elsewhere. */
    private static long read(long[] memory, long pa) {
        for (int i = 0; i < memory.length; i += 2) {
            if (memory[i] == pa) {
                return memory[i + 1];
            }
        }
        return 0L;
    }

    /**
     * What the MMU does with {@code entry} read at level {@code d} of the walk of {@code va} under plain table
     * descriptors (scratch tables {@link #SCRATCH} apart above the root): the format's own walk, so that a leaf's
     * rights are the ones the hardware would grant.
     */
    private static Outcome alone(PagingFormat f, Half h, long va, int d, long entry, long rootPa) {
        Geometry g = h.geometry();
        long[] memory = new long[2 * (d + 1)];
        long table = rootPa;
        for (int k = 0; k < d; k++) {
            long next = rootPa + (k + 1) * SCRATCH;
            memory[2 * k] = table + (long) g.index(va, k) * f.entryBytes();
            memory[2 * k + 1] = f.tableEntry(next, g.level(k).archLevel());
            table = next;
        }
        memory[2 * d] = table + (long) g.index(va, d) * f.entryBytes();
        memory[2 * d + 1] = entry;
        return last(f.walk(pa -> read(memory, pa), rootPa, h, va, null, null));
    }

    /** The walk's verdict at the level it stopped. */
    private static Outcome last(Translation t) {
        return switch (t) {
            case Translation.Mapped m -> new Outcome.Page(m.pageBase(), m.pageSize(), m.permissions(), m.memoryType().toString());
            case Translation.NotMapped n -> new Outcome.Faults(new Fault(FaultKind.NOT_PRESENT, n.level(), n.entry(), ""));
            case Translation.Faulted fl -> new Outcome.Faults(fl.fault());
        };
    }
}
