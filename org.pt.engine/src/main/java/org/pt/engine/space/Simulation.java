package org.pt.engine.space;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.pt.engine.core.AddressRange;
import org.pt.engine.format.Geometry;
import org.pt.engine.format.Half;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.memory.PhysicalMemory;

/**
 * One machine's page tables: a format, the simulated physical memory that holds the tables, and the address
 * spaces built in it. Spaces share the memory and may share tables.
 */
public final class Simulation {

    private final PagingFormat format;
    private final PhysicalMemory memory;
    private final long tableBits;
    private final Map<String, AddressSpace> spaces = new LinkedHashMap<>();
    private final TableTree tree;
    private boolean sharing;
    private boolean operating;

    /** Result of creating a space: the space, or why it could not be created. */
    public sealed interface Created permits Created.Ok, Created.Refused {
        record Ok(AddressSpace space) implements Created {
        }

        record Refused(MappingError error) implements Created {
        }
    }

    /**
     * @param pools       physical ranges tables are allocated from
     * @param frameBudget the most frames (of {@link PagingFormat#frameShift()} size) tables may occupy
     */
    public Simulation(PagingFormat format, List<AddressRange> pools, long frameBudget) {
        this(format, pools, frameBudget, 0);
    }

    /**
     * @param tableBits bits ORed into every table descriptor any space writes (AArch64's recursive-slot bits, which
     *                  table walks ignore), so that tables are final when built
     */
    public Simulation(PagingFormat format, List<AddressRange> pools, long frameBudget, long tableBits) {
        this.format = format;
        this.tableBits = tableBits;
        this.memory = new PhysicalMemory(format.entryBytes(), format.frameShift(), format.allocationUnitShift(), pools,
                frameBudget);
        this.tree = new TableTree(this);
    }

    /** A copy of {@code from}: its spaces over a fork of its memory ({@link #fork}). */
    private Simulation(Simulation from) {
        this.format = from.format;
        this.tableBits = from.tableBits;
        this.memory = from.memory.fork();
        this.tree = new TableTree(this);
        this.sharing = from.sharing;
        for (AddressSpace s : from.spaces.values()) {
            spaces.put(s.name(), s.copyInto(this));
        }
    }

    /**
     * An independent copy of this simulation and its spaces, sharing the frames of its memory copy-on-write
     * ({@link PhysicalMemory#fork}): building more spaces in either leaves the other as it was. Only reads this
     * simulation when it owns no frame (a fork not changed since), so several threads may fork such a one at once.
     * Not during an operation.
     */
    public Simulation fork() {
        if (operating) {
            throw new IllegalStateException("a simulation is not forked during an operation");
        }
        return new Simulation(this);
    }

    public PagingFormat format() {
        return format;
    }

    public PhysicalMemory memory() {
        return memory;
    }

    /** The traversal of this machine's table trees. */
    public TableTree tree() {
        return tree;
    }

    /** The table descriptor for a table at {@code tablePa}, pointed at from level {@code archLevel}. */
    long tableEntry(long tablePa, int archLevel) {
        return format.tableEntry(tablePa, archLevel) | tableBits;
    }

    public Optional<AddressSpace> space(String name) {
        return Optional.ofNullable(spaces.get(name));
    }

    public List<AddressSpace> spaces() {
        return List.copyOf(spaces.values());
    }

    /**
     * Runs one operation all-or-nothing: should anything throw while it changes the tables (a bug, or the test hook of
     * {@link PhysicalMemory}), every change to the memory and the frame pool is undone before the throwable goes on.
     * Nested calls join the outer operation.
     */
    <T> T atomically(Supplier<T> op) {
        if (operating) {
            return op.get();
        }
        operating = true;
        memory.beginJournal();
        try {
            T result = op.get();
            memory.commit();
            return result;
        } catch (Throwable t) {
            memory.rollback();
            throw t;
        } finally {
            operating = false;
        }
    }

    /** Creates an empty space with one root table per half. */
    public Created createSpace(String name) {
        return createSpace(name, java.util.OptionalLong.empty());
    }

    /**
     * Creates an empty space whose first root (CR3, satp, TTBR0) is at {@code root} when given (a layout seen in a
     * debugger): refused when that table cannot be there (outside the pools, misaligned, over a table already placed,
     * beyond the bits that hold its address).
     */
    public Created createSpace(String name, java.util.OptionalLong root) {
        return atomically(() -> create(name, root));
    }

    private Created create(String name, java.util.OptionalLong pinned) {
        if (spaces.containsKey(name)) {
            return new Created.Refused(new MappingError.DuplicateSpace(name));
        }
        List<Half> halves = format.halves();
        if (pinned.isPresent()) {
            Half h = halves.get(0);
            Geometry.Level top = h.geometry().level(0);
            long pa = pinned.getAsLong();
            int bits = format.tableAddressBits(top.archLevel());
            java.util.Optional<String> why = bits < 64 && Long.compareUnsigned(pa + top.tableBytes() - 1, 1L << bits) >= 0
                    ? java.util.Optional.of("is above the " + bits + " address bits " + h.rootRegister() + " holds")
                    : memory.allocateTableAt(pa, top.tableBytes(), top.tableAlign(), top.archLevel(),
                            top.name());
            if (why.isEmpty() && memory.framesInUse() > memory.frameBudget()) {
                memory.freeTable(pa);
                return new Created.Refused(new MappingError.BudgetExceeded(1, memory.framesInUse(),
                        memory.frameBudget()));
            }
            if (why.isPresent()) {
                return new Created.Refused(new MappingError.RootMisplaced(name, h.rootRegister(), pa, why.get()));
            }
        }
        List<List<ArrayDeque<Long>>> reservations = new ArrayList<>();
        for (Half h : halves) {
            long[] need = new long[h.geometry().depth()];
            need[0] = pinned.isPresent() && h.index() == 0 ? 0 : 1;
            Reservation r = reserve(h.geometry(), need);
            if (r instanceof Reservation.Refused refused) {
                reservations.forEach(this::unreserve);
                return new Created.Refused(refused.error());
            }
            reservations.add(((Reservation.Reserved) r).queues());
        }
        long[] roots = new long[halves.size()];
        for (Half h : halves) {
            roots[h.index()] = pinned.isPresent() && h.index() == 0 ? pinned.getAsLong()
                    : reservations.get(h.index()).get(0).poll();
            memory.reference(roots[h.index()]);
        }
        AddressSpace s = new AddressSpace(this, name, roots);
        spaces.put(name, s);
        return new Created.Ok(s);
    }

    /** Tables reserved for a plan, per depth, or why they could not be. */
    sealed interface Reservation {
        record Reserved(List<ArrayDeque<Long>> queues) implements Reservation {
        }

        record Refused(MappingError error) implements Reservation {
        }
    }

    /** Allocates the tables a plan needs, per depth; on refusal (budget, pools) nothing stays allocated. */
    Reservation reserve(Geometry g, long[] need) {
        long tables = 0;
        long bytes = 0;
        for (int d = 0; d < need.length; d++) {
            tables += need[d];
            bytes = Math.addExact(bytes, Math.multiplyExact(need[d], (long) g.level(d).tableBytes()));
        }
        List<ArrayDeque<Long>> queues = new ArrayList<>();
        for (int d = 0; d < need.length; d++) {
            queues.add(new ArrayDeque<>());
        }
        if (tables == 0) {
            return new Reservation.Reserved(queues);
        }
        long frameBytes = memory.frameBytes();
        long framesAtLeast = bytes / frameBytes;
        long before = memory.framesInUse();
        if (framesAtLeast > memory.frameBudget() - before) {
            return new Reservation.Refused(
                    new MappingError.BudgetExceeded((bytes + frameBytes - 1) / frameBytes, before, memory.frameBudget()));
        }
        if (bytes > memory.freeBytes()) {
            return new Reservation.Refused(new MappingError.PoolExhausted(tables, bytes, memory.freeBytes()));
        }
        for (int d = 0; d < need.length; d++) {
            Geometry.Level l = g.level(d);
            for (long k = 0; k < need[d]; k++) {
                long pa = memory.allocateTable(l.tableBytes(), l.tableAlign(), l.archLevel(),
                        format.tableAddressBits(l.archLevel()));
                if (pa == -1) {
                    unreserve(queues);
                    return new Reservation.Refused(new MappingError.PoolExhausted(tables, bytes,
                            memory.freeBytes(format.tableAddressBits(l.archLevel()))));
                }
                queues.get(d).add(pa);
            }
        }
        if (memory.framesInUse() > memory.frameBudget()) {
            long needed = memory.framesInUse() - before;
            unreserve(queues);
            return new Reservation.Refused(new MappingError.BudgetExceeded(needed, before, memory.frameBudget()));
        }
        return new Reservation.Reserved(queues);
    }

    void unreserve(List<ArrayDeque<Long>> queues) {
        for (ArrayDeque<Long> q : queues) {
            for (Long pa : q) {
                memory.freeTable(pa);
            }
            q.clear();
        }
    }

    void markSharing() {
        sharing = true;
    }

    /**
     * The spaces whose trees include any of {@code tables} (just {@code origin} when nothing is shared). Once spaces
     * share tables the answer needs every other space's tree, so it is computed when first read, from the trees as
     * they are then: an operation itself never scans another space.
     */
    Set<String> spacesReaching(AddressSpace origin, Set<Long> tables) {
        if (!sharing) {
            return Set.of(origin.name());
        }
        return new java.util.AbstractSet<>() {
            private Set<String> answer;

            private Set<String> answer() {
                if (answer == null) {
                    Set<String> out = new java.util.TreeSet<>();
                    out.add(origin.name());
                    for (AddressSpace s : spaces.values()) {
                        if (s != origin && !Collections.disjoint(tablesOf(s), tables)) {
                            out.add(s.name());
                        }
                    }
                    answer = Collections.unmodifiableSet(out);
                }
                return answer;
            }

            @Override
            public java.util.Iterator<String> iterator() {
                return answer().iterator();
            }

            @Override
            public int size() {
                return answer().size();
            }
        };
    }

    /**
     * Every table reachable from a space's roots, without following recursive or foreign entries (public for the
     * strategies, which check each table is reachable).
     */
    public Set<Long> tablesOf(AddressSpace s) {
        return tree.tables(s);
    }
}
