package org.pt.engine.image;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.pt.engine.core.AddressRange;
import org.pt.engine.core.Unsigned;
import org.pt.engine.format.Access;
import org.pt.engine.format.EntryKind;
import org.pt.engine.format.Geometry;
import org.pt.engine.format.Half;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.memory.EntryReader;
import org.pt.engine.memory.PhysicalMemory;
import org.pt.engine.model.Layout;
import org.pt.engine.model.Machine;
import org.pt.engine.model.PhysicalKind;
import org.pt.engine.model.PhysicalRegion;
import org.pt.engine.space.AddressSpace;
import org.pt.engine.space.Simulation;
import org.pt.engine.space.TableTree;
import org.pt.engine.strategy.DirectMap;
import org.pt.engine.strategy.Identity;
import org.pt.engine.strategy.Recursive;
import org.pt.engine.strategy.TableAccess;
import org.pt.engine.strategy.TableOffset;
import org.pt.engine.strategy.Window;
import org.pt.engine.walk.Translation;

/**
 * The page tables of some spaces as the target's memory will hold them: every table reachable from their roots (a
 * table several of them share, once), where it lies, each space's root register values and its strategy's address
 * arithmetic. What every generated form ({@code c}, {@code gas}, {@code nasm}, {@code binary}, {@code linker},
 * {@code json}) emits.
 *
 * <p><b>Placement.</b> Without a base the tables stay where the simulation put them, in the machine's table pools,
 * and the image runs from the first table's frame to the end of the last one's; frames between them that hold no table
 * of these spaces read as zero. With a base ({@code generate ... at physical ADDRESS}) the image is moved as a whole:
 * every table keeps its offset from the image start, and every entry and root register that points at a table of the
 * image points at its new address. Leaves are never changed: a mapping of a table frame (an identity map of the pools,
 * a table map) still maps the old frame, so when a space's strategy reads tables through such a mapping, the move is
 * refused ({@link ImageRefusal.Unreached}) rather than emitting tables the kernel cannot edit.
 *
 * <p><b>Memory.</b> The image is a view: entries are read from the simulation's memory as an emitter asks for them,
 * relocated on the way, so emitting 128 MiB of tables holds no second copy. The view must not outlive changes to the
 * simulation (there are none once an analysis has run).
 *
 * <p>Every format PT models stores its entries little-endian ({@link #entryBytes()} bytes each).
 */
public final class TableImage {

    /**
     * One table: at {@code pa} in the image (its target address), {@code simulatedPa} in the simulation, of
     * {@code bytes}, read by the MMU at {@code level} (depth {@code depth} of half {@code half}); {@code spaces} are
     * the spaces whose walks read it, in output order.
     */
    public record Table(long pa, long simulatedPa, int bytes, int depth, int half, String level, int archLevel,
            List<String> spaces) {
        public Table {
            spaces = List.copyOf(spaces);
        }

        public int entries(int entryBytes) {
            return bytes / entryBytes;
        }
    }

    /**
     * One space of the image: its layout (the regions a generator names as constants), its root table per half
     * (target addresses), the register values that load them, and its strategy's arithmetic.
     */
    public record SpaceImage(String name, Layout layout, List<Long> roots, List<Register> registers, AccessFormula access) {
        public SpaceImage {
            roots = List.copyOf(roots);
            registers = List.copyOf(registers);
        }
    }

    /** An image, or why there is none. */
    public sealed interface Result {
        record Built(TableImage image) implements Result {
        }

        record Refused(List<ImageRefusal> refusals) implements Result {
            public Refused {
                refusals = List.copyOf(refusals);
            }
        }
    }

    private static final java.lang.invoke.VarHandle LONG_LE = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final java.lang.invoke.VarHandle INT_LE = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            int[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    private final PagingFormat format;
    private final Machine machine;
    private final PhysicalMemory memory;
    private final long base;
    private final long size;
    private final long delta;
    private final List<Table> tables;
    private final List<SpaceImage> spaces;
    /** Simulated addresses of the tables, ascending: which table entries point into the image. */
    private final long[] simulated;
    /** Target addresses of the tables, ascending (same order). */
    private final long[] targets;
    private final int[] tableBytes;

    private TableImage(PagingFormat format, Machine machine, PhysicalMemory memory, long base, long size, long delta,
            List<Table> tables, List<SpaceImage> spaces) {
        this.format = format;
        this.machine = machine;
        this.memory = memory;
        this.base = base;
        this.size = size;
        this.delta = delta;
        this.tables = List.copyOf(tables);
        this.spaces = List.copyOf(spaces);
        int n = tables.size();
        this.simulated = new long[n];
        this.targets = new long[n];
        this.tableBytes = new int[n];
        for (int i = 0; i < n; i++) {
            Table t = tables.get(i);
            simulated[i] = t.simulatedPa();
            targets[i] = t.pa();
            tableBytes[i] = t.bytes();
        }
    }

    /**
     * A space to emit: its name, its built space, its layout (and so its machine) and its strategy, when it has a usable
     * one.
     */
    public record Source(String name, AddressSpace space, Layout layout, Optional<TableAccess> access) {

        public Machine machine() {
            return layout.machine();
        }
    }

    /** The image of {@code built} (in output order, at least one), placed at {@code at} when given. */
    public static Result of(List<Source> built, OptionalLong at) {
        if (built.isEmpty()) {
            throw new IllegalArgumentException("an image needs a space");
        }
        List<ImageRefusal> refusals = new ArrayList<>();
        Machine machine = built.get(0).machine();
        for (Source b : built) {
            if (!b.machine().name().equals(machine.name())) {
                refusals.add(new ImageRefusal.OtherMachine(b.name(), b.machine().name(), machine.name()));
            }
        }
        if (!refusals.isEmpty()) {
            return new Result.Refused(refusals);
        }
        Simulation sim = built.get(0).space().simulation();
        PagingFormat f = sim.format();
        PhysicalMemory mem = sim.memory();

        // Every table of the spaces, once, with the spaces that read it.
        TreeMap<Long, Collected> found = new TreeMap<>(Long::compareUnsigned);
        for (Source b : built) {
            AddressSpace s = b.space();
            sim.tree().visit(s, new TableTree.Visitor() {
                @Override
                public boolean table(Half half, int depth, long pa, long va, long last, int references) {
                    Collected c = found.computeIfAbsent(pa, p -> new Collected(half, depth));
                    if (!c.spaces.contains(b.name())) {
                        c.spaces.add(b.name());
                    }
                    return depth + 1 < half.geometry().depth();
                }
            });
        }
        long frame = 1L << f.frameShift();
        long align = frame;
        for (Map.Entry<Long, Collected> e : found.entrySet()) {
            Geometry.Level l = f.halves().get(e.getValue().half.index()).geometry().level(e.getValue().depth);
            align = Math.max(align, l.tableAlign());
        }
        long first = found.firstKey();
        long lastEnd = 0;
        for (Map.Entry<Long, Collected> e : found.entrySet()) {
            lastEnd = e.getKey() + mem.table(e.getKey()).bytes();
        }
        long simBase = first & -align;
        long size = ((lastEnd - simBase) + frame - 1) & -frame;
        long base = simBase;
        if (at.isPresent()) {
            base = at.getAsLong();
            if (!Unsigned.isAligned(base, align)) {
                return new Result.Refused(List.of(new ImageRefusal.Misaligned(base, align)));
            }
            if (!Unsigned.addFits(base, size - 1) || !f.physicalAddressFits(base + size - 1)) {
                return new Result.Refused(List.of(new ImageRefusal.BeyondPhysical(base, size, f.physicalBits())));
            }
        }
        long delta = base - simBase;

        List<Table> tables = new ArrayList<>();
        for (Map.Entry<Long, Collected> e : found.entrySet()) {
            Collected c = e.getValue();
            Geometry.Level l = c.half.geometry().level(c.depth);
            long pa = e.getKey() + delta;
            tables.add(new Table(pa, e.getKey(), mem.table(e.getKey()).bytes(), c.depth, c.half.index(), l.name(),
                    l.archLevel(), c.spaces));
            int bits = f.tableAddressBits(l.archLevel());
            if (delta != 0 && !Unsigned.fitsBits(pa + l.tableBytes() - 1, bits)) {
                refusals.add(new ImageRefusal.BeyondTableReach(pa, l.name(), bits));
            }
        }
        if (!refusals.isEmpty()) {
            return new Result.Refused(refusals.subList(0, 1));
        }
        if (delta != 0) {
            notRam(machine, AddressRange.ofSize(base, size)).ifPresent(refusals::add);
            if (!refusals.isEmpty()) {
                return new Result.Refused(refusals);
            }
        }
        List<SpaceImage> spaces = new ArrayList<>();
        for (Source b : built) {
            List<Long> roots = new ArrayList<>();
            for (Half h : f.halves()) {
                roots.add(b.space().root(h.index()) + delta);
            }
            AccessFormula access = b.access().map(a -> formula(a, b.space(), delta)).orElse(new AccessFormula.None());
            spaces.add(new SpaceImage(b.name(), b.layout(), roots, Registers.of(f, b.name(), roots), access));
        }
        TableImage image = new TableImage(f, machine, mem, base, size, delta, tables, spaces);
        if (delta != 0) {
            refusals.addAll(image.unreached());
            if (!refusals.isEmpty()) {
                return new Result.Refused(refusals);
            }
        }
        return new Result.Built(image);
    }

    private static final class Collected {
        final Half half;
        final int depth;
        final List<String> spaces = new ArrayList<>();

        Collected(Half half, int depth) {
            this.half = half;
            this.depth = depth;
        }
    }

    /** The first part of {@code image} that is not RAM of {@code m}, with what it is. */
    private static Optional<ImageRefusal> notRam(Machine m, AddressRange image) {
        List<PhysicalRegion> regions = new ArrayList<>(m.memory());
        regions.sort((a, b) -> Long.compareUnsigned(a.range().start(), b.range().start()));
        long at = image.start();
        for (PhysicalRegion r : regions) {
            if (Long.compareUnsigned(r.range().last(), at) < 0) {
                continue;
            }
            if (Long.compareUnsigned(r.range().start(), at) > 0) {
                long gapLast = Unsigned.min(r.range().start() - 1, image.last());
                return Optional.of(new ImageRefusal.NotInRam(image, AddressRange.inclusive(at, gapLast),
                        "not in the memory map of '" + m.name() + "'"));
            }
            if (r.kind() != PhysicalKind.RAM) {
                return Optional.of(new ImageRefusal.NotInRam(image, r.range().intersection(image).orElseThrow(),
                        r.toString()));
            }
            if (Long.compareUnsigned(r.range().last(), image.last()) >= 0) {
                return Optional.empty();
            }
            at = r.range().last() + 1;
        }
        return Optional.of(new ImageRefusal.NotInRam(image, AddressRange.inclusive(at, image.last()),
                "not in the memory map of '" + m.name() + "'"));
    }

    /** The arithmetic of {@code access} in {@code kernel}, with this image's addresses. */
    private static AccessFormula formula(TableAccess access, AddressSpace kernel, long delta) {
        return switch (access) {
            case DirectMap d -> new AccessFormula.Offset("direct-map", d.region(), d.physicalBase(), d.range());
            case Identity i -> new AccessFormula.Offset("identity", "", 0, AddressRange.inclusive(0, -1L));
            case TableOffset t -> new AccessFormula.Offset("table-offset", t.region(), t.poolBase(), t.range());
            case Recursive r -> {
                Geometry g = r.half().geometry();
                List<Integer> shifts = new ArrayList<>();
                List<Integer> bits = new ArrayList<>();
                for (Geometry.Level l : g.levels()) {
                    shifts.add(l.shift());
                    bits.add(l.indexBits());
                }
                yield new AccessFormula.RecursiveSlot(r.region(), r.half().index(), r.slot(),
                        r.foreignSlot().orElse(-1), r.isPaeDirectories() ? r.firstPd() : -1, shifts, bits,
                        AccessFormula.Placement.of(r.half()));
            }
            case Window w -> {
                List<Long> vas = new ArrayList<>();
                List<Long> ptes = new ArrayList<>();
                for (int cpu = 0; cpu < w.pages(); cpu++) {
                    vas.add(w.windowVa(cpu));
                    ptes.add(w.pte(kernel, cpu) instanceof Window.Pte.Found p ? p.ptePa() + delta : -1L);
                }
                yield new AccessFormula.Window(w.region(), w.half().index(), w.pageSize(), vas, ptes,
                        w.windowEntry(0), formula(w.bootstrap(), kernel, delta));
            }
        };
    }

    /**
     * After a move: each table a space's strategy reads through a mapping (direct map, identity, table map, a
     * window's bootstrap) must be where that mapping leads in the moved image.
     */
    private List<ImageRefusal> unreached() {
        List<ImageRefusal> out = new ArrayList<>();
        EntryReader reader = reader();
        for (SpaceImage s : spaces) {
            AccessFormula a = s.access();
            List<Table> reads = new ArrayList<>();
            if (a instanceof AccessFormula.Window w) {
                a = w.bootstrap();
                for (long pte : w.ptePas()) {
                    table(pte).ifPresent(reads::add);
                }
            } else {
                for (Table t : tables) {
                    if (t.spaces().contains(s.name())) {
                        reads.add(t);
                    }
                }
            }
            if (!(a instanceof AccessFormula.Offset o)) {
                continue;
            }
            for (Table t : reads) {
                long va = o.virt(t.pa());
                String finds;
                if (va == -1L) {
                    finds = "covers only " + AddressRange.ofSize(o.paBase(), o.window().size());
                } else {
                    Half h = format.halfOf(va);
                    Translation tr = h == null ? null
                            : format.walk(reader, s.roots().get(h.index()), h, va, Access.KERNEL_WRITE, null);
                    if (tr instanceof Translation.Mapped m && m.pa() == t.pa()) {
                        continue;
                    }
                    finds = tr instanceof Translation.Mapped m ? "maps it to " + Unsigned.hex(m.pa())
                            : tr instanceof Translation.NotMapped ? "maps nothing"
                            : tr == null ? "no half translates it" : "faults: " + ((Translation.Faulted) tr).fault();
                }
                out.add(new ImageRefusal.Unreached(s.name(), o.kind() + (o.region().isEmpty() ? "" : " '" + o.region()
                        + "'"), t.pa(), va, finds));
                break;
            }
        }
        return out;
    }

    public PagingFormat format() {
        return format;
    }
    /**
     * Why a linker cannot compute this image's table pointers from symbols (relocatable output), or empty when it can:
     * every table entry and root register must hold a table's address in place (bits {@code n} of the address in bit
     * {@code n}), so that {@code symbol + flags} is the entry. RISC-V entries hold the PPN at bit 10, and AArch64
     * descriptors with a 52-bit PA hold bits 51:48 at 15:12; no relocation shifts or splits an address.
     */
    public Optional<String> relocationRefusal() {
        int low = format.frameShift(); // the lowest address bit an entry must carry: the smallest table pointed at
        for (Table t : tables) {
            if (t.depth() > 0) {
                low = Math.min(low, Integer.numberOfTrailingZeros(t.bytes()));
            }
        }
        for (Table t : tables) {
            if (leafOnlyAt(t)) {
                continue;
            }
            int bits = format.tableAddressBits(t.archLevel());
            long zero = format.tableEntry(0, t.archLevel());
            for (int b = low; b < bits; b++) {
                if ((format.tableEntry(1L << b, t.archLevel()) ^ zero) != 1L << b) {
                    return Optional.of(format.name() + " " + t.level() + " entries do not hold a table's address in place"
                            + " (address bit " + b + " is not entry bit " + b + "), which no linker relocation computes");
                }
            }
        }
        return Optional.empty();
    }


    public Machine machine() {
        return machine;
    }

    /** The target address of the image's first byte (a frame boundary, or the {@code at physical} address). */
    public long base() {
        return base;
    }

    /** Bytes from {@link #base()} to the end of the last table's frame. */
    public long size() {
        return size;
    }

    /** Target address minus simulated address of every table (0 when the image is not moved). */
    public long delta() {
        return delta;
    }

    public int entryBytes() {
        return format.entryBytes();
    }

    /** The tables in address order. */
    public List<Table> tables() {
        return tables;
    }

    /** The spaces, in output order. */
    public List<SpaceImage> spaces() {
        return spaces;
    }

    /** The table whose memory holds target address {@code pa}. */
    public Optional<Table> table(long pa) {
        int i = indexOf(pa);
        return i < 0 ? Optional.empty() : Optional.of(tables.get(i));
    }

    private int indexOf(long pa) {
        int lo = 0;
        int hi = targets.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(targets[mid], pa) > 0) {
                hi = mid - 1;
            } else if (Long.compareUnsigned(pa - targets[mid], tableBytes[mid]) >= 0) {
                lo = mid + 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /** Entry {@code index} of {@code t}, as the target holds it. */
    public long entry(Table t, int index) {
        long raw = memory.read(t.simulatedPa() + (long) index * format.entryBytes());
        return relocate(raw, t.archLevel(), leafOnlyAt(t));
    }

    /** Entries {@code from .. from + count - 1} of {@code t} into the same positions of {@code into}. */
    public void entries(Table t, int from, int count, long[] into) {
        memory.readEntries(t.simulatedPa(), from, count, into);
        if (delta != 0 && !leafOnlyAt(t)) {
            for (int i = from; i < from + count; i++) {
                into[i] = relocate(into[i], t.archLevel(), false);
            }
        }
    }

    private boolean leafOnlyAt(Table t) {
        return t.depth() == format.halves().get(t.half()).geometry().depth() - 1;
    }

    /** A table entry pointing at a table of the image, pointing at its new place; any other entry as it is. */
    private long relocate(long raw, int archLevel, boolean leafOnly) {
        if (delta == 0 || leafOnly || format.kind(raw, archLevel) != EntryKind.TABLE) {
            return raw;
        }
        long to = format.address(raw, archLevel);
        if (Arrays.binarySearch(simulated, to) < 0) { // table PAs lie below 2^52: signed order is address order
            return raw;
        }
        return raw ^ format.tableEntry(to, archLevel) ^ format.tableEntry(to + delta, archLevel);
    }

    /** Reads the image at target addresses: what the MMU of the target reads. */
    public EntryReader reader() {
        return pa -> {
            int i = indexOf(pa);
            if (i < 0) {
                return 0;
            }
            Table t = tables.get(i);
            return entry(t, (int) ((pa - t.pa()) / format.entryBytes()));
        };
    }

    /**
     * Writes the image from {@link #base()}, {@link #size()} bytes, little-endian: the raw form a loader copies to
     * {@code base}.
     */
    public void writeBinary(OutputStream out) throws IOException {
        int eb = format.entryBytes();
        byte[] buf = new byte[1 << 16];
        long[] entries = new long[1];
        long at = base;
        int fill = 0;
        for (Table t : tables) {
            while (at != t.pa()) {
                int n = (int) Math.min(buf.length - fill, t.pa() - at);
                Arrays.fill(buf, fill, fill + n, (byte) 0);
                fill += n;
                at += n;
                if (fill == buf.length) {
                    out.write(buf, 0, fill);
                    fill = 0;
                }
            }
            int count = t.entries(eb);
            if (entries.length < count) {
                entries = new long[count];
            }
            entries(t, 0, count, entries);
            for (int i = 0; i < count; i++) {
                if (fill + eb > buf.length) {
                    out.write(buf, 0, fill);
                    fill = 0;
                }
                if (eb == 8) {
                    LONG_LE.set(buf, fill, entries[i]);
                } else {
                    INT_LE.set(buf, fill, (int) entries[i]);
                }
                fill += eb;
            }
            at += t.bytes();
        }
        long end = base + size;
        while (at != end) {
            if (fill == buf.length) {
                out.write(buf, 0, fill);
                fill = 0;
            }
            int n = (int) Math.min(buf.length - fill, end - at);
            Arrays.fill(buf, fill, fill + n, (byte) 0);
            fill += n;
            at += n;
        }
        out.write(buf, 0, fill);
    }
}
