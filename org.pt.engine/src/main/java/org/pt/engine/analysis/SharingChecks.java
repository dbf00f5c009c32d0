package org.pt.engine.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pt.engine.core.AddressRange;
import org.pt.engine.core.Unsigned;
import org.pt.engine.format.EntryKind;
import org.pt.engine.format.Geometry;
import org.pt.engine.format.Half;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.memory.PhysicalMemory;
import org.pt.engine.model.Layout;
import org.pt.engine.model.Region;
import org.pt.engine.model.StrategySpec;
import org.pt.engine.space.Simulation;

/**
 * Kernel-half sharing across the spaces of each machine.
 *
 * <p><b>Who is compared.</b> Spaces are compared within a sharing group: the spaces linked, directly or through
 * others, by "share kernel half with" (a space, the space it shares with, the spaces sharing with either, ...). Spaces
 * with no sharing relation are not compared with anyone: two independent spaces on one machine (two experiments, a
 * guest and a host) owe each other nothing.
 *
 * <p><b>{@link Code#KERNEL_ENTRY_NOT_SHARED} (warning).</b> Over the top-level entries ("slots") of the kernel half
 * ({@link Analysis#kernelHalf}): a slot present in some spaces of a group but missing in others, or pointing at
 * different tables, would have to be synced into every space when it is filled later (Linux's pgd sync for vmalloc):
 * pre-allocate it. Entries pointing at the root of any space (a recursive slot at the space's own root, a shared
 * self-map) are expected to differ and are not compared; the slot a group's strategy declares as its foreign slot
 * (loaded on demand) neither. On AArch64 the kernel half has its own root (TTBR1): sharing it shares every slot, so a
 * difference means the roots differ and the advice is to share the root. A top-level page (a 4 MiB PSE page in an
 * x86 page directory, an ARMv7 section) cannot be shared through a table, only copied, and is reported when a space
 * lacks the copy. Shown at the earliest map statement under the slot in a space that has it (the one that made the
 * entry), else at that space; the other spaces follow, each as its share statement when it has one. Quick-fix data:
 * {@code slot}, {@code present} and {@code missing} (comma-separated space names).
 *
 * <p><b>{@link Code#SELF_MAP_SHARED} (error).</b> In every space of the machine, a kernel-half entry at the self-map
 * level pointing at a top table of another space: through it the kernel would see that space's tables instead of its
 * own. The self-map level is the top level, or the level below when the top table has at most four entries (PAE,
 * where the recursive entries live in the page directory under PDPT[3], which is shared with the kernel half); the
 * top tables of a space are then its root and the tables its root points at; the entries of one table pointing at
 * one other space are one finding. A declared foreign slot is exempt. Shown at the space's share statement (the
 * entry came with the shared tables), else its strategy, else the space; then the space pointed at. Quick-fix data:
 * {@code slot} (the first entry), {@code space} (the space whose table it points at).
 */
final class SharingChecks {
    private SharingChecks() {
    }

    static List<Finding> check(List<BuiltSpace> spaces) {
        Map<Simulation, List<BuiltSpace>> bySimulation = new LinkedHashMap<>();
        for (BuiltSpace b : spaces) {
            bySimulation.computeIfAbsent(b.space().simulation(), k -> new ArrayList<>()).add(b);
        }
        List<Finding> out = new ArrayList<>();
        for (List<BuiltSpace> group : bySimulation.values()) {
            new OnMachine(group).check(out);
        }
        return out;
    }

    /** What a space holds in one kernel-half slot: a table (by address) or a top-level page (by raw entry). */
    private record Held(boolean table, long value) {
    }

    private static final class OnMachine {
        private final List<BuiltSpace> spaces;
        private final PagingFormat f;
        private final PhysicalMemory mem;
        private final int eb;
        private final Half half;
        private final Geometry.Level top;
        private final int first;
        private final int last;
        /** 0, or 1 when the top table is too small to hold a self-map (PAE's 4-entry PDPT). */
        private final int selfDepth;
        private final boolean wholeRoot;
        /** Root address -> the first space that has it (AArch64 spaces sharing TTBR1 share that root). */
        private final Map<Long, BuiltSpace> rootOwner = new HashMap<>();
        private final Map<BuiltSpace, Set<Long>> ownRoots = new IdentityHashMap<>();
        /** The same for top tables: the roots and, when the self-map lives one level down, the tables they point at. */
        private final Map<Long, BuiltSpace> topOwner = new HashMap<>();
        private final Map<BuiltSpace, Set<Long>> ownTops = new IdentityHashMap<>();
        private final Map<String, BuiltSpace> owners = new HashMap<>();

        OnMachine(List<BuiltSpace> spaces) {
            this.spaces = spaces;
            Simulation sim = spaces.get(0).space().simulation();
            this.f = sim.format();
            this.mem = sim.memory();
            this.eb = f.entryBytes();
            AddressRange k = Analysis.kernelHalf(f);
            this.half = f.halfOf(k.start());
            this.top = half.geometry().level(0);
            this.first = Slots.of(half, k.start());
            this.last = Slots.of(half, k.last());
            this.selfDepth = top.entries() <= 4 && half.geometry().depth() > 1 ? 1 : 0;
            this.wholeRoot = f.halves().size() > 1;
            for (BuiltSpace b : spaces) {
                Set<Long> roots = new HashSet<>();
                Set<Long> own = new HashSet<>();
                for (Half h : f.halves()) {
                    long root = b.space().root(h.index());
                    roots.add(root);
                    own.add(root);
                    Geometry.Level l = h.geometry().level(0);
                    if (l.entries() <= 4 && h.geometry().depth() > 1) {
                        for (int i = 0; i < l.entries(); i++) {
                            long e = mem.read(root + (long) i * eb);
                            if (f.kind(e, l.archLevel()) == EntryKind.TABLE) {
                                own.add(f.address(e, l.archLevel()));
                            }
                        }
                    }
                }
                owners.putIfAbsent(b.name(), b);
                ownRoots.put(b, roots);
                ownTops.put(b, own);
                roots.forEach(r -> rootOwner.putIfAbsent(r, b));
                own.forEach(t -> topOwner.putIfAbsent(t, b));
            }
        }

        void check(List<Finding> out) {
            for (List<BuiltSpace> group : groups()) {
                Set<Integer> foreign = foreignSlots(group);
                for (BuiltSpace b : group) {
                    selfMaps(b, foreign, out);
                }
                if (group.size() > 1) {
                    notShared(group, selfDepth == 0 ? foreign : Set.of(), out);
                }
            }
        }

        /** Sharing groups (connected by "share kernel half with"), each in the order the spaces were built. */
        private List<List<BuiltSpace>> groups() {
            Map<String, Integer> index = Analysis.index(spaces);
            int[] parent = new int[spaces.size()];
            for (int i = 0; i < parent.length; i++) {
                parent[i] = i;
            }
            for (int i = 0; i < spaces.size(); i++) {
                Integer other = spaces.get(i).spec().shareKernelWith().map(index::get).orElse(null);
                if (other != null) {
                    parent[find(parent, i)] = find(parent, other);
                }
            }
            Map<Integer, List<BuiltSpace>> byRoot = new LinkedHashMap<>();
            for (int i = 0; i < spaces.size(); i++) {
                byRoot.computeIfAbsent(find(parent, i), k -> new ArrayList<>()).add(spaces.get(i));
            }
            return new ArrayList<>(byRoot.values());
        }

        private static int find(int[] parent, int i) {
            while (parent[i] != i) {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            return i;
        }

        /** Indices at the self-map level that a member's recursive strategy loads with other spaces' roots. */
        private Set<Integer> foreignSlots(List<BuiltSpace> group) {
            int width = selfDepth == 0 ? 1 : top.entries();
            Set<Integer> out = new HashSet<>();
            for (BuiltSpace b : group) {
                if (b.spec().strategy().orElse(null) instanceof StrategySpec.Recursive r && r.foreignSlot().isPresent()) {
                    for (int k = 0; k < width; k++) {
                        out.add(r.foreignSlot().getAsInt() + k);
                    }
                }
            }
            return out;
        }

        // ---- self-map shared -------------------------------------------------------------------------------------------

        private void selfMaps(BuiltSpace b, Set<Integer> foreign, List<Finding> out) {
            long root = b.space().root(half.index());
            for (int i = first; i <= last; i++) {
                long e = mem.read(root + (long) i * eb);
                if (f.kind(e, top.archLevel()) != EntryKind.TABLE) {
                    continue;
                }
                long target = f.address(e, top.archLevel());
                if (selfDepth == 0) {
                    if (!foreign.contains(i)) {
                        Map<String, List<long[]>> hits = new LinkedHashMap<>();
                        hit(b, i, target, rootOwner, ownRoots, hits);
                        hits.forEach((owner, h) -> out.add(sharedSelfMap(b, top, "", h, owners.get(owner))));
                    }
                    continue;
                }
                // the self-map level is the table under this entry (PAE): one finding per space pointed at
                Geometry.Level next = half.geometry().level(1);
                Map<String, List<long[]>> hits = new LinkedHashMap<>();
                for (int j = 0; j < next.entries(); j++) {
                    long e2 = mem.read(target + (long) j * eb);
                    if (!foreign.contains(j) && f.kind(e2, next.archLevel()) == EntryKind.TABLE) {
                        hit(b, j, f.address(e2, next.archLevel()), topOwner, ownTops, hits);
                    }
                }
                String under = " under " + top.name() + "[" + i + "]";
                hits.forEach((owner, h) -> out.add(sharedSelfMap(b, next, under, h, owners.get(owner))));
            }
        }

        /** Records entry {@code index} when it points at another space's top table. */
        private static void hit(BuiltSpace b, int index, long target, Map<Long, BuiltSpace> owners,
                Map<BuiltSpace, Set<Long>> owns, Map<String, List<long[]>> hits) {
            BuiltSpace owner = owners.get(target);
            if (owner != null && !owns.get(b).contains(target)) {
                hits.computeIfAbsent(owner.name(), k -> new ArrayList<>()).add(new long[] {index, target});
            }
        }

        /** {@code PD[508] and PD[509] under PDPT[3] of 'init' point at the PDs of 'kernel' at 0x…and 0x…: …}. */
        private Finding sharedSelfMap(BuiltSpace b, Geometry.Level level, String under, List<long[]> hits,
                BuiltSpace owner) {
            List<String> entries = new ArrayList<>();
            List<String> targets = new ArrayList<>();
            boolean roots = true;
            String register = "";
            for (long[] h : hits) {
                entries.add(level.name() + "[" + h[0] + "]");
                targets.add(Unsigned.hex(h[1]));
                roots &= rootOwner.containsKey(h[1]);
                for (Half x : f.halves()) {
                    if (f.halves().size() > 1 && owner.space().root(x.index()) == h[1]) {
                        register = x.rootRegister() + " ";
                    }
                }
            }
            boolean one = hits.size() == 1;
            String what;
            String own;
            if (roots) {
                what = "the " + register + "root" + (one ? "" : "s") + " of '" + owner.name() + "' ("
                        + LayoutChecks.join(targets) + ")";
                own = "root";
            } else {
                String name = half.geometry().level(1).name();
                what = "the " + name + (one ? "" : "s") + " of '" + owner.name() + "' at " + LayoutChecks.join(targets);
                own = name + "s";
            }
            Subject at = b.spec().shareKernelWith().isPresent() ? new Subject.ShareRef(b.name())
                    : b.spec().strategy().isPresent() ? new Subject.StrategyRef(b.name()) : new Subject.SpaceRef(b.name());
            return Finding.error(Code.SELF_MAP_SHARED, LayoutChecks.join(entries) + under + " of '" + b.name() + "' point"
                    + (one ? "s" : "") + " at " + what + ": a self-map slot must point at each space's own " + own, at,
                    new Subject.SpaceRef(owner.name()))
                    .withData("slot", Long.toString(hits.get(0)[0])).withData("space", owner.name());
        }

        // ---- kernel entries not shared ---------------------------------------------------------------------------------

        private void notShared(List<BuiltSpace> group, Set<Integer> skip, List<Finding> out) {
            for (int i = first; i <= last; i++) {
                if (skip.contains(i)) {
                    continue;
                }
                Map<Held, List<BuiltSpace>> present = new LinkedHashMap<>();
                List<BuiltSpace> missing = new ArrayList<>();
                for (BuiltSpace b : group) {
                    long e = mem.read(b.space().root(half.index()) + (long) i * eb);
                    EntryKind k = f.kind(e, top.archLevel());
                    if (k == EntryKind.INVALID) {
                        missing.add(b);
                    } else if (k == EntryKind.TABLE) {
                        long target = f.address(e, top.archLevel());
                        if (!rootOwner.containsKey(target)) { // a self-map entry differs by design, or is reported
                            present.computeIfAbsent(new Held(true, target), x -> new ArrayList<>()).add(b);
                        }
                    } else {
                        present.computeIfAbsent(new Held(false, e), x -> new ArrayList<>()).add(b);
                    }
                }
                if (present.isEmpty() || present.size() == 1 && missing.isEmpty()) {
                    continue;
                }
                out.add(notShared(i, present, missing));
            }
        }

        private Finding notShared(int slot, Map<Held, List<BuiltSpace>> present, List<BuiltSpace> missing) {
            List<BuiltSpace> having = new ArrayList<>();
            present.values().forEach(having::addAll);
            AddressRange range = Slots.range(f, half, slot);
            String entry = top.name() + "[" + slot + "] at " + range + regions(having.get(0).spec().layout(), range);
            String text;
            if (present.size() == 1) {
                boolean page = !present.keySet().iterator().next().table();
                String why = wholeRoot ? "the spaces have different " + half.rootRegister() + " roots; share the root"
                        : page ? "a top-level page cannot be shared through a table, only copied; map it through a table"
                                : "filling it later needs syncing every space; pre-allocate it";
                text = entry + " is present in " + names(having) + " but not in " + names(missing) + ": " + why;
            } else {
                List<String> parts = new ArrayList<>();
                present.forEach((held, spaces) -> parts.add((held.table() ? "table " + Unsigned.hex(held.value())
                        : "page " + Unsigned.hex(f.address(held.value(), top.archLevel()))) + " in " + names(spaces)));
                if (!missing.isEmpty()) {
                    parts.add("nothing in " + names(missing));
                }
                String why = wholeRoot ? "the spaces have different " + half.rootRegister() + " roots; share the root"
                        : "a change under it in one space is not seen in the others; share one table";
                text = entry + " differs between spaces: " + String.join(", ", parts) + ": " + why;
            }
            List<Subject> subjects = new ArrayList<>();
            BuiltSpace shown = having.get(0);
            for (BuiltSpace b : having) {
                int op = firstStatement(b, range);
                if (op >= 0) {
                    subjects.add(new Subject.OperationRef(b.name(), op));
                    shown = b;
                    break;
                }
            }
            if (subjects.isEmpty()) {
                subjects.add(new Subject.SpaceRef(shown.name()));
            }
            for (BuiltSpace b : having) {
                if (b != shown) {
                    subjects.add(ref(b));
                }
            }
            for (BuiltSpace b : missing) {
                subjects.add(ref(b));
            }
            return new Finding(Severity.WARNING, Code.KERNEL_ENTRY_NOT_SHARED, text, subjects, Map.of())
                    .withData("slot", Integer.toString(slot)).withData("present", commaNames(having))
                    .withData("missing", commaNames(missing));
        }

        /** The earliest map statement of {@code b} inside the slot: the one that made its top-level entry. */
        private static int firstStatement(BuiltSpace b, AddressRange slot) {
            int first = -1;
            for (ResolvedMapping m : b.mappings()) {
                if (m.va().overlaps(slot) && (first < 0 || m.operation() < first)) {
                    first = m.operation();
                }
            }
            return first;
        }

        private static Subject ref(BuiltSpace b) {
            return b.spec().shareKernelWith().isPresent() ? new Subject.ShareRef(b.name()) : new Subject.SpaceRef(b.name());
        }

        /** {@code  in region 'vmalloc'}, {@code  in regions 'a' and 'b'}, or nothing. */
        private static String regions(Layout l, AddressRange range) {
            List<String> names = new ArrayList<>();
            for (Region r : l.regions()) {
                if (r.range().overlaps(range)) {
                    names.add("'" + r.name() + "'");
                }
            }
            if (names.isEmpty()) {
                return "";
            }
            return (names.size() == 1 ? " in region " : " in regions ") + LayoutChecks.join(names);
        }

        private static String names(List<BuiltSpace> spaces) {
            List<String> quoted = new ArrayList<>();
            for (BuiltSpace b : spaces) {
                quoted.add("'" + b.name() + "'");
            }
            return LayoutChecks.join(quoted);
        }

        private static String commaNames(List<BuiltSpace> spaces) {
            List<String> names = new ArrayList<>();
            for (BuiltSpace b : spaces) {
                names.add(b.name());
            }
            return String.join(",", names);
        }
    }
}
