package org.pt.tests.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.pt.engine.core.AddressRange;
import org.pt.engine.core.SizeUnit;
import org.pt.engine.core.Unsigned;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.CacheType;
import org.pt.engine.format.Half;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.space.AddressSpace;
import org.pt.engine.space.OpResult;
import org.pt.engine.space.PageSizePolicy;
import org.pt.engine.space.Simulation;

/**
 * A random mapping for one format, derived from a seed: a VA in one of the format's halves aligned to one of its
 * page sizes (up to 1 GiB, so the edges stay small), a PA aligned likewise, small page-sized offsets on both so
 * edges need smaller pages, and attributes the format can express.
 */
record Scenario(PagingFormat format, Half half, long va, long size, long pa, Attributes attrs, long seed) {

    static final long POOL = 0x0100_0000L;
    static final long POOL_SIZE = 256L << 20;

    static Scenario of(PagingFormat f, long seed) {
        Random r = new Random(seed);
        Half half = f.halves().get(r.nextInt(f.halves().size()));
        AddressRange window = half.ranges().get(r.nextInt(half.ranges().size()));
        List<Long> sizes = new ArrayList<>();
        for (long s : half.geometry().pageSizes()) {
            if (Long.compareUnsigned(s, 1L << 30) <= 0) {
                sizes.add(s);
            }
        }
        long page = sizes.get(r.nextInt(sizes.size()));
        long small = half.geometry().smallestPage();
        int n = 1 + r.nextInt(4);
        long slots = Math.min(Long.divideUnsigned(window.size(), page) - n - 2, 4096);
        long va = window.start() + page * (1 + Math.floorMod(r.nextLong(), slots));
        long vaDelta = r.nextInt(3) == 0 ? 0 : small * r.nextInt(16);
        long paDelta = r.nextInt(3) == 0 ? vaDelta : small * r.nextInt(16);
        long paSlots = Math.max(1, ((1L << Math.min(f.physicalBits(), 40)) - POOL - POOL_SIZE) / page - n - 2);
        long pa = POOL + POOL_SIZE + page * Math.floorMod(r.nextLong(), Math.min(paSlots, 1 << 16));
        pa = (pa + page - 1) & -page;
        long size = page * n + small * r.nextInt(8);
        List<Attributes> ok = expressible(f);
        return new Scenario(f, half, va + vaDelta, size, pa + paDelta, ok.get(r.nextInt(ok.size())), seed);
    }

    static List<Attributes> expressible(PagingFormat f) {
        List<Attributes> out = new ArrayList<>();
        for (String rights : new String[] {"r", "rw", "rx", "rwx", "x"}) {
            for (boolean user : new boolean[] {false, true}) {
                for (boolean global : new boolean[] {false, true}) {
                    for (CacheType c : CacheType.values()) {
                        Attributes a = Attributes.of(rights).withUser(user).withGlobal(global).withCache(c);
                        if (f.check(a).isEmpty()) {
                            out.add(a);
                        }
                    }
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException(f.name() + " expresses none of the test attributes");
        }
        return out;
    }

    long last() {
        return va + (size - 1);
    }

    Simulation simulation() {
        return new Simulation(format, List.of(AddressRange.ofSize(POOL, POOL_SIZE)), 1L << 20);
    }

    static AddressSpace space(Simulation sim) {
        return ((Simulation.Created.Ok) sim.createSpace("s")).space();
    }

    OpResult map(AddressSpace s) {
        return s.map(va, size, pa, attrs, PageSizePolicy.LARGEST, false);
    }

    /** Offsets to sample: both ends, page boundaries around the edges, and random ones. */
    List<Long> offsets(long small) {
        Random r = new Random(seed ^ 0x5DEECE66DL);
        List<Long> out = new ArrayList<>(List.of(0L, size - 1, small - 1, small, size - small));
        for (int i = 0; i < 24; i++) {
            out.add(Math.floorMod(r.nextLong(), size));
        }
        out.removeIf(o -> o < 0 || o >= size);
        return out;
    }

    @Override
    public String toString() {
        return format.name() + " " + half.rootRegister() + " map " + Unsigned.hex(va) + " size " + SizeUnit.format(size)
                + " to " + Unsigned.hex(pa) + " " + attrs + " (seed " + seed + ")";
    }
}
