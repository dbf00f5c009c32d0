package org.pt.engine.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pt.engine.format.Access;
import org.pt.engine.format.EntryKind;
import org.pt.engine.format.Geometry;
import org.pt.engine.format.Half;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.memory.EntryReader;
import org.pt.engine.memory.Overlay;
import org.pt.engine.memory.PhysicalMemory;
import org.pt.engine.space.AddressSpace;
import org.pt.engine.walk.Fault;
import org.pt.engine.walk.FaultKind;
import org.pt.engine.walk.Translation;

/**
 * The kernel's software walk: how a kernel running in space {@code kernel} reads, level by level, the entries that
 * translate a VA of space {@code target}, under its strategy. The MMU's walk of the VA in the target gives each
 * level's table and entry (read as the MMU reads them, without decoding: {@code target.walk} would decode every level,
 * which costs more than the rest of the software walk); the strategy gives the VA the kernel dereferences for each; the MMU's walk of that VA in
 * the kernel's space (a kernel write, since the kernel reads entries to edit them) checks that it lands exactly on
 * the entry. The walk stops at the first step that does not, and after the level where the target's walk ends (an
 * unmapped VA shows the step holding the empty entry, where the kernel would write a new one).
 *
 * <p>What the strategy needs done first is done in an {@link Overlay} over the simulated tables, never in them (a
 * query never writes, so queries may run at once): a foreign slot is loaded with the target's root for the whole
 * walk; a window's entry is rewritten for each step (after checking that the kernel reaches that entry too).
 */
public final class SoftwareWalk {

    private SoftwareWalk() {
    }

    /** Where one dereference really lands. Closed. */
    public sealed interface Landing {
        /** Exactly on the entry, writable. */
        record Lands() implements Landing {
        }

        /** On the entry, but a kernel write faults there. */
        record ReadOnly(Fault fault) implements Landing {
        }

        /** On another physical address: entry {@code entry} of a table, or in no table. */
        record Elsewhere(long pa, Optional<TableEntry> entry) implements Landing {
        }

        /** The VA is not mapped in the kernel's space. */
        record Unmapped(String level) implements Landing {
        }

        /** The VA faults in the kernel's space for another reason. */
        record Faulted(Fault fault) implements Landing {
        }

        /** The strategy gives no VA. */
        record NotReached(String reason) implements Landing {
        }

        /** The window's own entry is not reached, so the entry read through the window is not either. */
        record WindowNotReached() implements Landing {
        }

        /** A window's own entry is at a location that needs preparing itself (a foreign slot, another window). */
        record NeedsPreparation() implements Landing {
        }

        /** The foreign slot the strategy loads is already in use. */
        record SlotInUse(String slot, long raw) implements Landing {
        }

        /** The kernel needs not read the entry. */
        record Skipped(String why) implements Landing {
        }

        default boolean ok() {
            return this instanceof Lands || this instanceof Skipped;
        }
    }

    /** Entry {@code index} of the {@code level} table at {@code table}. */
    public record TableEntry(String level, long table, int index) {
    }

    private static final Landing LANDS = new Landing.Lands();

    /**
     * One level: the target's table and entry, where the kernel reads it, and where that lands. For a window,
     * {@code pteLanding} is where the kernel's write of the window entry lands (null otherwise).
     */
    public record Step(String level, int index, long tablePa, long entryPa, Location location, Landing landing,
            Landing pteLanding) {

        /** The landing that failed, if any (the window entry's first). */
        public Optional<Landing> failure() {
            if (pteLanding != null && !pteLanding.ok()) {
                return Optional.of(pteLanding);
            }
            return landing.ok() ? Optional.empty() : Optional.of(landing);
        }

        /** {@code PML4[273]} */
        public String name() {
            return level + "[" + index + "]";
        }
    }

    /**
     * @param target      the target's MMU walk result for {@code va}
     * @param reads       entries the kernel read (steps not skipped)
     * @param remaps      window entries rewritten
     * @param foreignSlot the foreign slot loaded for the walk, if any
     */
    public record Result(long va, String kernel, String space, List<Step> steps, Translation target, int reads, int remaps,
            Optional<Location.Foreign> foreignSlot) {
        public Result {
            steps = List.copyOf(steps);
        }

        /** The first step that did not land, if any. */
        public Optional<Step> failed() {
            for (Step s : steps) {
                if (s.failure().isPresent()) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }

        public boolean ok() {
            return failed().isEmpty();
        }
    }

    /** The software walk of {@code va} in {@code target} by {@code kernel} under {@code access}. */
    public static Result run(AddressSpace kernel, TableAccess access, AddressSpace target, long va) {
        PagingFormat f = kernel.simulation().format();
        PhysicalMemory mem = kernel.simulation().memory();
        Half half = f.halfOf(va);
        Translation result = target.translate(va, null);
        if (half == null) {
            return new Result(va, kernel.name(), target.name(), List.of(), result, 0, 0, Optional.empty());
        }
        // The entries the MMU reads for va in the target, as its walk reads them (not decoded: the walk's result
        // above says how it ends; a fault at an entry ends the steps there).
        Geometry g = half.geometry();
        int eb = f.entryBytes();
        String faultLevel = result instanceof Translation.Faulted fl ? fl.fault().level() : null;
        List<Step> steps = new ArrayList<>(g.depth());
        int reads = 0;
        int remaps = 0;
        Location.Foreign loaded = null;
        Overlay view = new Overlay(mem);
        long table = target.root(half.index());
        for (int d = 0; d < g.depth(); d++) {
            if ("".equals(faultLevel)) {
                break;
            }
            Geometry.Level level = g.level(d);
            int index = g.index(va, d);
            long entryPa = table + (long) index * eb;
            Location loc = access.locate(kernel, target, half, d, va, entryPa);
            Landing landing;
            Landing pte = null;
            if (loc instanceof Location.At at) {
                landing = land(kernel, view, at.va(), entryPa);
            } else if (loc instanceof Location.Foreign fo) {
                if (loaded == null) {
                    long old = mem.read(fo.slotPa());
                    Geometry.Level top = f.halfOf(fo.va()).geometry().level(0);
                    if (old != fo.raw() && f.kind(old, top.archLevel()) != EntryKind.INVALID) {
                        steps.add(new Step(level.name(), index, table, entryPa, loc,
                                new Landing.SlotInUse(fo.slotName(), old), null));
                        break;
                    }
                    view.set(fo.slotPa(), fo.raw());
                    loaded = fo;
                }
                landing = land(kernel, view, fo.va(), entryPa);
            } else if (loc instanceof Location.Windowed win) {
                pte = landAt(kernel, view, win.pte(), win.ptePa());
                if (pte.ok()) {
                    view.set(win.ptePa(), win.raw());
                    landing = land(kernel, view, win.va(), entryPa);
                    view.clear(win.ptePa());
                    remaps++;
                } else {
                    landing = new Landing.WindowNotReached();
                }
            } else if (loc instanceof Location.Skipped sk) {
                landing = new Landing.Skipped(sk.why());
            } else {
                landing = new Landing.NotReached(((Location.Unreachable) loc).reason());
            }
            if (!(landing instanceof Landing.Skipped)) {
                reads++;
            }
            Step step = new Step(level.name(), index, table, entryPa, loc, landing, pte);
            steps.add(step);
            if (step.failure().isPresent() || level.name().equals(faultLevel)) {
                break;
            }
            long e = view.read(entryPa);
            if (f.kind(e, level.archLevel()) != EntryKind.TABLE) {
                break;
            }
            table = f.address(e, level.archLevel());
        }
        return new Result(va, kernel.name(), target.name(), steps, result, reads, remaps, Optional.ofNullable(loaded));
    }

    /** Where a location (one with a VA) lands, for the window's own entry. */
    private static Landing landAt(AddressSpace kernel, EntryReader view, Location loc, long want) {
        if (loc instanceof Location.At at) {
            return land(kernel, view, at.va(), want);
        }
        if (loc instanceof Location.Unreachable u) {
            return new Landing.NotReached(u.reason());
        }
        if (loc instanceof Location.Skipped s) {
            return new Landing.NotReached(s.why());
        }
        return new Landing.NeedsPreparation();
    }

    /**
     * Where a kernel write at {@code va} in {@code kernel} lands, compared with {@code want}: a kernel reads entries
     * to edit them, so the mapping must be writable; a read-only one is reported as such.
     */
    public static Landing land(AddressSpace kernel, long va, long want) {
        return land(kernel, kernel.simulation().memory(), va, want);
    }

    /** {@link #land(AddressSpace, long, long)} with the kernel's tables read through {@code view}. */
    static Landing land(AddressSpace kernel, EntryReader view, long va, long want) {
        Translation t = translate(kernel, view, va, Access.KERNEL_WRITE);
        if (t instanceof Translation.Mapped m) {
            return m.pa() == want ? LANDS : elsewhere(kernel, m.pa());
        }
        if (t instanceof Translation.NotMapped n) {
            return new Landing.Unmapped(n.level());
        }
        Translation.Faulted fl = (Translation.Faulted) t;
        if (fl.fault().kind() == FaultKind.PERMISSION) {
            Translation r = translate(kernel, view, va, Access.KERNEL_READ);
            if (r instanceof Translation.Mapped m) {
                return m.pa() == want ? new Landing.ReadOnly(fl.fault()) : elsewhere(kernel, m.pa());
            }
        }
        return new Landing.Faulted(fl.fault());
    }

    /** The MMU's walk of {@code va} in {@code kernel}, reading its tables through {@code view}. */
    private static Translation translate(AddressSpace kernel, EntryReader view, long va, Access access) {
        PagingFormat f = kernel.simulation().format();
        Half h = f.halfOf(va);
        Half half = h != null ? h : f.halves().get(0);
        return f.walk(view, kernel.root(half.index()), half, va, access, null);
    }

    /** The table entry at {@code pa}, if a table of the format's levels holds it. */
    static Landing elsewhere(AddressSpace kernel, long pa) {
        PagingFormat f = kernel.simulation().format();
        PhysicalMemory mem = kernel.simulation().memory();
        for (Half h : f.halves()) {
            for (Geometry.Level l : h.geometry().levels()) {
                long base = pa & -(long) l.tableBytes();
                PhysicalMemory.TableInfo info = mem.table(base);
                if (info != null && info.bytes() == l.tableBytes() && info.archLevel() == l.archLevel()) {
                    return new Landing.Elsewhere(pa, Optional.of(new TableEntry(l.name(), base,
                            (int) ((pa - base) / f.entryBytes()))));
                }
            }
        }
        return new Landing.Elsewhere(pa, Optional.empty());
    }
}
