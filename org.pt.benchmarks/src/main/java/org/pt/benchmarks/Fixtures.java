package org.pt.benchmarks;

import java.util.List;
import org.pt.engine.core.AddressRange;
import org.pt.engine.format.X86Format;
import org.pt.engine.space.AddressSpace;
import org.pt.engine.space.OpResult;
import org.pt.engine.space.Simulation;

/** The machine every benchmark runs on: x86_64 4-level, one 1 GiB table pool, a 4 GiB frame budget. */
final class Fixtures {

    /** Physical base of the table pool. */
    static final long POOL_BASE = 0x1_0000_0000L;
    /** 1 GiB of tables: room for the 64 TiB / 2 MiB build (about 257 MiB) several times over. */
    static final long POOL_BYTES = 1L << 30;
    /** 4 GiB of 4 KiB frames: never the limit here. */
    static final long FRAME_BUDGET = 1L << 20;
    /** Linux's direct map: 512 GiB-aligned, so every build starts on a PML4 boundary. */
    static final long DIRECT_MAP = 0xFFFF_8880_0000_0000L;

    private Fixtures() {
    }

    static Simulation simulation() {
        return new Simulation(X86Format.x86_64(), List.of(AddressRange.ofSize(POOL_BASE, POOL_BYTES)), FRAME_BUDGET);
    }

    /** A new, empty space named {@code name} in {@code sim}. */
    static AddressSpace space(Simulation sim, String name) {
        Simulation.Created c = sim.createSpace(name);
        if (c instanceof Simulation.Created.Refused r) {
            throw new IllegalStateException("cannot create space '" + name + "': " + r.error().message());
        }
        return ((Simulation.Created.Ok) c).space();
    }

    /** {@code r} when it was applied; a benchmark that measured a rejection would report a meaningless figure. */
    static OpResult applied(OpResult r, String what) {
        if (r instanceof OpResult.Rejected rejected) {
            throw new IllegalStateException(what + " was rejected: " + rejected.error().message());
        }
        return r;
    }

    /** Runs full collections until the used heap stops shrinking, and returns it in bytes. */
    static long settledHeapUsed() {
        Runtime rt = Runtime.getRuntime();
        long before = Long.MAX_VALUE;
        long used = rt.totalMemory() - rt.freeMemory();
        for (int k = 0; k < 10 && used < before; k++) {
            before = used;
            System.gc();
            used = rt.totalMemory() - rt.freeMemory();
        }
        return used;
    }
}
