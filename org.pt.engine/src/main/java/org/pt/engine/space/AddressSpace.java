package org.pt.engine.space;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.pt.engine.core.AddressRange;
import org.pt.engine.core.Unsigned;
import org.pt.engine.format.Access;
import org.pt.engine.format.AttributeError;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.EntryKind;
import org.pt.engine.format.Geometry;
import org.pt.engine.format.Half;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.memory.PhysicalMemory;
import org.pt.engine.walk.Translation;
import org.pt.engine.walk.WalkStep;
import org.pt.engine.walk.WalkResult;
import org.pt.engine.walk.WalkTrace;

/**
 * One address space: a root table per half and the operations that edit its tables in order. Every operation
 * either applies completely or is rejected with the space exactly as before.
 */
public final class AddressSpace {

    private final Simulation sim;
    private final PagingFormat f;
    private final PhysicalMemory mem;
    private final String name;
    private final long[] roots;
    /** The format's one half, or null when it has two: a walk then picks by the VA. */
    private final Half onlyHalf;

    AddressSpace(Simulation sim, String name, long[] roots) {
        this.sim = sim;
        this.f = sim.format();
        this.mem = sim.memory();
        this.name = name;
        this.roots = roots.clone();
        this.onlyHalf = f.halves().size() == 1 ? f.halves().get(0) : null;
    }

    /** This space in {@code sim}, a fork of its simulation: the same name and roots. */
    AddressSpace copyInto(Simulation sim) {
        return new AddressSpace(sim, name, roots);
    }

    public String name() {
        return name;
    }

    public Simulation simulation() {
        return sim;
    }

    /** Physical address of the root table of a half: the CR3 / satp / TTBRn base. */
    public long root(int half) {
        return roots[half];
    }

    // ---- operations --------------------------------------------------------------------------------

    /** Maps [va, va+size) onto [pa, pa+size) with the attributes and page-size policy. */
    public OpResult map(long va, long size, long pa, Attributes attrs, PageSizePolicy policy, boolean remap) {
        Object checked = checkRange(va, size);
        if (checked instanceof MappingError e) {
            return new OpResult.Rejected(e);
        }
        Half half = (Half) checked;
        long smallest = half.geometry().smallestPage();
        if (!Unsigned.isAligned(pa, smallest)) {
            return new OpResult.Rejected(new MappingError.Misaligned("physical address", pa, smallest));
        }
        if (!Unsigned.addFits(pa, size - 1)) {
            return new OpResult.Rejected(new MappingError.InvalidRange(pa, size, true));
        }
        long paLast = pa + (size - 1);
        if (!f.physicalAddressFits(paLast)) {
            return new OpResult.Rejected(new MappingError.PhysicalBeyondWidth(f.physicalAddressFits(pa) ? paLast : pa,
                    f.physicalBits()));
        }
        java.util.Optional<AttributeError> bad = f.check(attrs);
        if (bad.isPresent()) {
            return new OpResult.Rejected(new MappingError.UnsupportedAttributes(bad.get()));
        }
        long cap = policy.maxSize(smallest);
        if (cap != -1L && !f.pageSizes().contains(cap)) {
            return new OpResult.Rejected(new MappingError.UnsupportedPageSize(f.name(), cap, f.pageSizes()));
        }
        long exact = policy.exactSize();
        if (exact != 0) {
            java.util.Optional<String> why = PageFit.whyNotExactly(va, pa, size, exact);
            if (why.isPresent()) {
                return new OpResult.Rejected(new MappingError.PageSizeUnmet(exact, why.get()));
            }
        }
        Geometry.Level leaf = half.geometry().leafLevel();
        Attributes normal = f.normalize(attrs, leaf.archLevel(), smallest);
        return sim.atomically(() -> editNow(half, TableEditor.Op.MAP, va, va + (size - 1), pa, normal, cap,
                exact == smallest ? 0 : exact, remap));
    }

    /** Unmaps [va, va+size); huge pages partly inside are split, tables left empty are freed. */
    public OpResult unmap(long va, long size) {
        Object checked = checkRange(va, size);
        if (checked instanceof MappingError e) {
            return new OpResult.Rejected(e);
        }
        return edit((Half) checked, TableEditor.Op.UNMAP, va, va + (size - 1), 0, null, -1L, false);
    }

    /** Changes the attributes of every page in [va, va+size), keeping every physical address. */
    public OpResult protect(long va, long size, Attributes attrs) {
        Object checked = checkRange(va, size);
        if (checked instanceof MappingError e) {
            return new OpResult.Rejected(e);
        }
        java.util.Optional<AttributeError> bad = f.check(attrs);
        if (bad.isPresent()) {
            return new OpResult.Rejected(new MappingError.UnsupportedAttributes(bad.get()));
        }
        Half half = (Half) checked;
        Attributes normal = f.normalize(attrs, half.geometry().leafLevel().archLevel(), half.geometry().smallestPage());
        return edit(half, TableEditor.Op.PROTECT, va, va + (size - 1), 0, normal, -1L, false);
    }

    /** Merges every table whose entries are uniform, contiguous leaves into one leaf (and ARMv7 groups into their span leaf). */
    public OpResult compact() {
        return sim.atomically(this::compactNow);
    }

    private OpResult compactNow() {
        Compactor c = new Compactor(f, mem);
        for (Half h : f.halves()) {
            c.run(sim.tree(), this, h);
        }
        return new OpResult.Applied(List.copyOf(c.events), sim.spacesReaching(this, c.written));
    }

    /**
     * Makes this space use {@code from}'s tables for every top-level entry inside {@code range} (the kernel half,
     * typically): afterwards both roots point at the same lower-level tables. When the range is a whole half with
     * its own root (AArch64 TTBR1), the root itself is shared.
     */
    public OpResult share(AddressSpace from, AddressRange range) {
        return sim.atomically(() -> shareNow(from, range));
    }

    private OpResult shareNow(AddressSpace from, AddressRange range) {
        if (from.sim != sim) {
            return new OpResult.Rejected(new MappingError.ShareAcrossMachines(name, from.name));
        }
        if (from == this) {
            return new OpResult.Rejected(new MappingError.ShareWithSelf(name));
        }
        Object checked = checkRange(range.start(), range.size());
        if (checked instanceof MappingError e) {
            return new OpResult.Rejected(e);
        }
        Half half = (Half) checked;
        Geometry.Level top = half.geometry().level(0);
        long eSize = top.entrySize();
        List<Event> events = new ArrayList<>();
        if (f.halves().size() > 1 && half.ranges().size() == 1 && half.ranges().get(0).equals(range)) {
            long old = roots[half.index()];
            if (!sim.tree().isEmpty(top, old)) {
                return new OpResult.Rejected(new MappingError.ShareAfterMapping(name, range));
            }
            mem.reference(from.roots[half.index()]);
            if (mem.unreference(old) == 0) {
                mem.freeTable(old);
            }
            roots[half.index()] = from.roots[half.index()];
            sim.markSharing();
            events.add(new Event.Shared(half.rootRegister(), -1, roots[half.index()], from.name));
            return new OpResult.Applied(events, sim.spacesReaching(this, Set.of(roots[half.index()])));
        }
        if (!Unsigned.isAligned(range.start(), eSize) || !Unsigned.isAligned(range.size(), eSize)) {
            return new OpResult.Rejected(new MappingError.Misaligned("shared range " + range + " start or size", 
                    Unsigned.isAligned(range.start(), eSize) ? range.size() : range.start(), eSize));
        }
        int eb = f.entryBytes();
        int first = half.geometry().index(range.start(), 0);
        int last = half.geometry().index(range.last(), 0);
        for (int i = first; i <= last; i++) {
            long mine = mem.read(roots[half.index()] + (long) i * eb);
            long theirs = mem.read(from.roots[half.index()] + (long) i * eb);
            boolean ownSlot = f.kind(mine, top.archLevel()) == EntryKind.TABLE
                    && f.address(mine, top.archLevel()) == roots[half.index()];
            if (f.kind(mine, top.archLevel()) != EntryKind.INVALID && mine != theirs && !ownSlot) {
                return new OpResult.Rejected(new MappingError.ShareAfterMapping(name,
                        AddressRange.ofSize(range.start() + (i - first) * eSize, eSize)));
            }
        }
        Set<Long> written = new java.util.HashSet<>();
        for (int i = first; i <= last; i++) {
            long theirs = mem.read(from.roots[half.index()] + (long) i * eb);
            long mine = mem.read(roots[half.index()] + (long) i * eb);
            if (mine == theirs || f.kind(mine, top.archLevel()) != EntryKind.INVALID) {
                continue; // this space's own slots (its recursive entry) are never replaced
            }
            if (f.kind(theirs, top.archLevel()) == EntryKind.LEAF) {
                // a top-level page (i386 4 MiB page, ARMv7 section) has no table to share: it is copied, and a later
                // change to it needs syncing like any unshared entry
                mem.write(roots[half.index()] + (long) i * eb, theirs);
                written.add(roots[half.index()]);
                events.add(new Event.Shared(top.name(), i, f.address(theirs, top.archLevel()), from.name));
                continue;
            }
            if (f.kind(theirs, top.archLevel()) != EntryKind.TABLE) {
                continue;
            }
            if (f.address(theirs, top.archLevel()) == from.roots[half.index()]) {
                continue; // their recursive slot points at their root: the strategy installs ours
            }
            long child = f.address(theirs, top.archLevel());
            mem.write(roots[half.index()] + (long) i * eb, theirs);
            mem.reference(child);
            written.add(child);
            events.add(new Event.Shared(top.name(), i, child, from.name));
        }
        sim.markSharing();
        return new OpResult.Applied(events, sim.spacesReaching(this, written));
    }

    /**
     * Writes a top-level entry a strategy needs: a recursive slot pointing at this space's root, or a foreign slot
     * pointing at another space's root. Refused when the entry is in use or points at no table.
     */
    public OpResult setRootEntry(int halfIndex, int index, long raw) {
        return sim.atomically(() -> setRootEntryNow(halfIndex, index, raw));
    }

    private OpResult setRootEntryNow(int halfIndex, int index, long raw) {
        Half half = f.halves().get(halfIndex);
        Geometry.Level top = half.geometry().level(0);
        if (index < 0 || index >= top.entries()) {
            return new OpResult.Rejected(new MappingError.NoSuchEntry(top.name(), index, top.entries()));
        }
        long at = roots[halfIndex] + (long) index * f.entryBytes();
        long old = mem.read(at);
        if (f.kind(old, top.archLevel()) != EntryKind.INVALID && old != raw) {
            return new OpResult.Rejected(new MappingError.EntryInUse(name, top.name(), index, old));
        }
        long target = f.address(raw, top.archLevel());
        if (f.kind(raw, top.archLevel()) != EntryKind.TABLE || mem.table(target) == null) {
            return new OpResult.Rejected(new MappingError.NotATableEntry(f.name(), raw));
        }
        if (old != raw) {
            mem.write(at, raw);
            mem.reference(target);
        }
        return new OpResult.Applied(List.of(), sim.spacesReaching(this, Set.of(roots[halfIndex])));
    }

    /**
     * Makes sure the tables on the path of {@code va} in half {@code halfIndex} exist down to depth {@code depth} (the
     * root is depth 0), allocating empty ones: a window's last-level table, or PAE's four page directories before
     * recursive entries point at them. Refused, with nothing allocated, when a leaf or a foreign entry is in the way
     * or the pools or the budget have no room. An empty table allocated here is freed like any other when an unmap
     * later empties its range, unless something else (a recursive entry) still refers to it.
     */
    public OpResult ensureTables(int halfIndex, long va, int depth) {
        return sim.atomically(() -> ensureTablesNow(halfIndex, va, depth));
    }

    private OpResult ensureTablesNow(int halfIndex, long va, int depth) {
        Half half = f.halves().get(halfIndex);
        Geometry g = half.geometry();
        if (depth < 1 || depth >= g.depth()) {
            return new OpResult.Rejected(new MappingError.NoSuchDepth(half.rootRegister(), depth, g.depth() - 1));
        }
        if (!half.contains(va)) {
            return new OpResult.Rejected(new MappingError.Untranslatable(va, f));
        }
        int eb = f.entryBytes();
        long table = roots[halfIndex];
        int d = 0;
        for (; d < depth; d++) {
            Geometry.Level l = g.level(d);
            long e = mem.read(table + (long) g.index(va, d) * eb);
            EntryKind k = f.kind(e, l.archLevel());
            if (k == EntryKind.INVALID) {
                break;
            }
            long child = f.address(e, l.archLevel());
            org.pt.engine.memory.PhysicalMemory.TableInfo info = k == EntryKind.TABLE ? mem.table(child) : null;
            if (info == null || info.archLevel() != g.level(d + 1).archLevel()) {
                return new OpResult.Rejected(new MappingError.MalformedEntry(l.name(), va, e,
                        k == EntryKind.LEAF ? "maps a page where a table is needed" : "points at no table of the next level"));
            }
            table = child;
        }
        if (d == depth) {
            return new OpResult.Applied(List.of(), Set.of(name));
        }
        long[] need = new long[g.depth()];
        for (int k = d + 1; k <= depth; k++) {
            need[k] = 1;
        }
        Simulation.Reservation r = sim.reserve(g, need);
        if (r instanceof Simulation.Reservation.Refused refused) {
            return new OpResult.Rejected(refused.error());
        }
        List<ArrayDeque<Long>> queues = ((Simulation.Reservation.Reserved) r).queues();
        List<Event> events = new ArrayList<>();
        long first = table;
        for (int k = d; k < depth; k++) {
            Geometry.Level l = g.level(k);
            long child = queues.get(k + 1).poll();
            mem.write(table + (long) g.index(va, k) * eb, sim.tableEntry(child, l.archLevel()));
            mem.reference(child);
            events.add(new Event.TableAllocated(g.level(k + 1).name(), child,
                    AddressRange.ofSize(va & -l.entrySize(), l.entrySize())));
            table = child;
        }
        return new OpResult.Applied(events, sim.spacesReaching(this, Set.of(first)));
    }

    /**
     * Writes {@code raw}, an entry pointing at a table, at depth {@code depth} (at least 1) on the path of {@code va}:
     * PAE's recursive page-directory entries. The tables above must exist ({@link #ensureTables}). Refused when the
     * entry is in use or {@code raw} points at no table.
     */
    public OpResult setTableEntry(int halfIndex, long va, int depth, long raw) {
        return sim.atomically(() -> setTableEntryNow(halfIndex, va, depth, raw));
    }

    private OpResult setTableEntryNow(int halfIndex, long va, int depth, long raw) {
        Half half = f.halves().get(halfIndex);
        Geometry g = half.geometry();
        if (depth < 1 || depth >= g.depth()) {
            return new OpResult.Rejected(new MappingError.NoSuchDepth(half.rootRegister(), depth, g.depth() - 1));
        }
        OpResult path = ensureTables(halfIndex, va, depth);
        if (path instanceof OpResult.Rejected) {
            return path;
        }
        int eb = f.entryBytes();
        long table = roots[halfIndex];
        for (int d = 0; d < depth; d++) {
            table = f.address(mem.read(table + (long) g.index(va, d) * eb), g.level(d).archLevel());
        }
        Geometry.Level l = g.level(depth);
        long at = table + (long) g.index(va, depth) * eb;
        long old = mem.read(at);
        if (f.kind(old, l.archLevel()) != EntryKind.INVALID && old != raw) {
            return new OpResult.Rejected(new MappingError.EntryInUse(name, l.name(), g.index(va, depth), old));
        }
        long target = f.address(raw, l.archLevel());
        if (f.kind(raw, l.archLevel()) != EntryKind.TABLE || mem.table(target) == null) {
            return new OpResult.Rejected(new MappingError.NotATableEntry(f.name(), raw));
        }
        if (old != raw) {
            mem.write(at, raw);
            mem.reference(target);
        }
        List<Event> events = new ArrayList<>(((OpResult.Applied) path).events());
        return new OpResult.Applied(events, sim.spacesReaching(this, Set.of(table)));
    }

    /** The half translating [va, va+size), or the {@link MappingError} saying why the range is not usable. */
    private Object checkRange(long va, long size) {
        if (AddressRange.checkSized(va, size).isPresent()) {
            return new MappingError.InvalidRange(va, size, false);
        }
        long last = va + (size - 1);
        Half h = f.halfOf(va);
        if (h == null) {
            return new MappingError.Untranslatable(va, f);
        }
        Half hl = f.halfOf(last);
        if (hl == null) {
            return new MappingError.Untranslatable(last, f);
        }
        AddressRange r = AddressRange.inclusive(va, last);
        if (hl != h || !h.contains(r)) {
            return new MappingError.CrossesHalves(r);
        }
        long page = h.geometry().smallestPage();
        if (!Unsigned.isAligned(va, page)) {
            return new MappingError.Misaligned("virtual address", va, page);
        }
        if (!Unsigned.isAligned(size, page)) {
            return new MappingError.Misaligned("size", size, page);
        }
        return h;
    }

    private OpResult edit(Half half, TableEditor.Op op, long va, long last, long pa, Attributes attrs, long cap,
            boolean remap) {
        return sim.atomically(() -> editNow(half, op, va, last, pa, attrs, cap, 0, remap));
    }

    /** Plans (reading only), reserves the tables the plan counted, then applies; see {@link Simulation#atomically}. */
    private OpResult editNow(Half half, TableEditor.Op op, long va, long last, long pa, Attributes attrs, long cap,
            long floor, boolean remap) {
        Geometry g = half.geometry();
        long root = roots[half.index()];
        TableEditor plan = new TableEditor(sim, g, op, va, last, pa, attrs, cap, floor, remap, null);
        try {
            plan.run(root);
        } catch (ArithmeticException overflow) {
            return new OpResult.Rejected(new MappingError.TableCountOverflow(AddressRange.inclusive(va, last)));
        }
        if (plan.error != null) {
            return new OpResult.Rejected(plan.error);
        }
        Simulation.Reservation r;
        try {
            r = sim.reserve(g, plan.need);
        } catch (ArithmeticException overflow) {
            return new OpResult.Rejected(new MappingError.TableCountOverflow(AddressRange.inclusive(va, last)));
        }
        if (r instanceof Simulation.Reservation.Refused refused) {
            return new OpResult.Rejected(refused.error());
        }
        List<ArrayDeque<Long>> queues = ((Simulation.Reservation.Reserved) r).queues();
        TableEditor apply = new TableEditor(sim, g, op, va, last, pa, attrs, cap, floor, remap, queues);
        apply.run(root);
        for (ArrayDeque<Long> q : queues) {
            if (!q.isEmpty()) {
                throw new IllegalStateException("planning reserved more tables than applying used: " + q.size());
            }
        }
        return new OpResult.Applied(List.copyOf(apply.events), sim.spacesReaching(this, apply.written));
    }

    // ---- queries -----------------------------------------------------------------------------------

    /** The MMU's translation of {@code va} for {@code access}. */
    public Translation translate(long va, Access access) {
        Half h = f.halfOf(va);
        Half half = h != null ? h : f.halves().get(0);
        return f.walk(mem, roots[half.index()], half, va, access, null);
    }

    /**
     * The same translation into {@code into}, allocating nothing on formats with a primitive walk (x86); true when
     * {@code va} is mapped and {@code access} allowed. For a fault explained, ask {@link #translate(long, Access)}.
     */
    public boolean translate(long va, Access access, WalkResult into) {
        Half h = onlyHalf != null ? onlyHalf : f.halfOf(va);
        Half half = h != null ? h : f.halves().get(0);
        return f.translate(mem, roots[half.index()], half, va, access, into);
    }

    /** The walk with every level shown. */
    public WalkTrace walk(long va, Access access) {
        Half h = f.halfOf(va);
        Half half = h != null ? h : f.halves().get(0);
        List<WalkStep> steps = new ArrayList<>();
        Translation t = f.walk(mem, roots[half.index()], half, va, access, steps);
        return new WalkTrace(half.rootRegister(), roots[half.index()], List.copyOf(steps), t);
    }

    /**
     * Every mapped run inside {@code range}, as {@code info mem} would list it. A recursive or foreign slot (an entry
     * pointing at a table of another level) is not expanded: it maps tables, not memory, and would list every entry
     * of the space as a page.
     */
    public List<Run> runs(AddressRange range) {
        RunBuilder runs = new RunBuilder(this, range);
        sim.tree().visit(this, range, runs);
        return runs.finish();
    }

    /** Tables of this space per level name (shared tables count in every space that reaches them). */
    public java.util.Map<String, Long> tablesPerLevel() {
        return sim.tree().tablesPerLevel(this);
    }

    @Override
    public String toString() {
        return "space " + name;
    }
}
