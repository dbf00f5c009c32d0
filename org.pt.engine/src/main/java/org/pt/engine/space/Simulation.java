package org.pt.engine.space;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.pt.engine.core.AddressRange;
import org.pt.engine.format.EntryKind;
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
    private final Map<String, AddressSpace> spaces = new LinkedHashMap<>();
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
        this.format = format;
        this.memory = new PhysicalMemory(format.entryBytes(), format.frameShift(), format.allocationUnitShift(), pools,
                frameBudget);
    }

    public PagingFormat format() {
        return format;
    }

    public PhysicalMemory memory() {
        return memory;
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
        return atomically(() -> create(name));
    }

    private Created create(String name) {
        if (spaces.containsKey(name)) {
            return new Created.Refused(new MappingError.CannotShare("a space named '" + name + "' already exists"));
        }
        List<Half> halves = format.halves();
        List<List<ArrayDeque<Long>>> reservations = new ArrayList<>();
        for (Half h : halves) {
            long[] need = new long[h.geometry().depth()];
            need[0] = 1;
            Reservation r = reserve(h.geometry(), need);
            if (r instanceof Reservation.Refused refused) {
                reservations.forEach(this::unreserve);
                return new Created.Refused(refused.error());
            }
            reservations.add(((Reservation.Reserved) r).queues());
        }
        long[] roots = new long[halves.size()];
        for (Half h : halves) {
            roots[h.index()] = reservations.get(h.index()).get(0).poll();
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

    /** Allocates the tables a plan needs, per depth; on refusal (budget, pools, heap) nothing stays allocated. */
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
        Runtime rt = Runtime.getRuntime();
        long estimate = bytes + bytes / 8 + tables * 64;
        long available = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (estimate > available - (available >>> 3)) {
            System.gc();
            available = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
            if (estimate > available - (available >>> 3)) {
                return new Reservation.Refused(new MappingError.HeapExhausted(estimate, available));
            }
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

    /** The spaces whose trees include any of {@code tables} (just {@code origin} when nothing is shared). */
    Set<String> spacesReaching(AddressSpace origin, Set<Long> tables) {
        if (!sharing) {
            return Set.of(origin.name());
        }
        Set<String> out = new java.util.TreeSet<>();
        out.add(origin.name());
        for (AddressSpace s : spaces.values()) {
            if (s == origin || out.contains(s.name())) {
                continue;
            }
            if (!Collections.disjoint(tablesOf(s), tables)) {
                out.add(s.name());
            }
        }
        return out;
    }

    /** Every table reachable from a space's roots (public for the strategies, which check each table is reachable). */
    public Set<Long> tablesOf(AddressSpace s) {
        Set<Long> seen = new HashSet<>();
        for (Half h : format.halves()) {
            collect(h.geometry(), 0, s.root(h.index()), seen);
        }
        return seen;
    }

    private void collect(Geometry g, int d, long table, Set<Long> seen) {
        if (!seen.add(table) || d + 1 >= g.depth()) {
            return;
        }
        Geometry.Level l = g.level(d);
        int eb = format.entryBytes();
        for (int j = 0; j < l.entries(); j++) {
            long e = memory.read(table + (long) j * eb);
            if (format.kind(e, l.archLevel()) == EntryKind.TABLE) {
                collect(g, d + 1, format.address(e, l.archLevel()), seen);
            }
        }
    }
}
