package org.pt.engine.properties;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.pt.engine.core.AddressRange;
import org.pt.engine.core.SizeUnit;
import org.pt.engine.core.Unsigned;
import org.pt.engine.format.ArmV7ShortFormat;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.CacheType;
import org.pt.engine.format.Feature;
import org.pt.engine.format.Formats;
import org.pt.engine.format.Geometry;
import org.pt.engine.format.Half;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.format.RiscVFormat;
import org.pt.engine.format.Shareability;
import org.pt.engine.format.X86Format;
import org.pt.engine.space.AddressSpace;
import org.pt.engine.space.OpResult;
import org.pt.engine.space.PageSizePolicy;
import org.pt.engine.space.Simulation;

/**
 * One mapping of one format: a VA range in one part of one half (at its bottom, its top or in between), a PA range
 * (low, random, or at the top of the format's physical width), attributes the format can express and a page-size
 * policy. Built from combinators, so jqwik shrinks the mapping itself (fewer pages, a smaller page size, the bottom
 * of the half, a low PA, the first format) rather than a seed.
 */
record Mapping(PagingFormat format, Half half, AddressRange part, long va, long size, long pa, Attributes attrs,
        PageSizePolicy policy) {

    static final long POOL = 0x0100_0000L;
    static final long POOL_SIZE = 64L << 20;
    /** At most this many leaf entries per mapping, so every property stays fast. */
    private static final long MAX_ENTRIES = 1 << 13;

    enum Where {
        BOTTOM, TOP, MIDDLE
    }

    /** The twelve standard formats and the variants that reach further: wider PAs, Svpbmt. */
    static final List<PagingFormat> FORMATS = formats();

    private static List<PagingFormat> formats() {
        List<PagingFormat> all = new ArrayList<>(Formats.all());
        all.add(X86Format.of(X86Format.Mode.LEGACY_32, 40, EnumSet.of(Feature.PSE, Feature.PSE36), X86Format.POWER_ON_PAT));
        all.add(X86Format.of(X86Format.Mode.PAE, 52, EnumSet.of(Feature.NX), X86Format.POWER_ON_PAT));
        all.add(ArmV7ShortFormat.of(40, EnumSet.of(Feature.SUPERSECTIONS)));
        all.add(RiscVFormat.of(RiscVFormat.Mode.SV39, 56, EnumSet.of(Feature.SVPBMT)));
        return List.copyOf(all);
    }

    static Arbitrary<Mapping> any() {
        return Arbitraries.integers().between(0, FORMATS.size() - 1).flatMap(i -> of(FORMATS.get(i)));
    }

    static Arbitrary<Mapping> of(PagingFormat f) {
        return Arbitraries.of(f.halves()).flatMap(h -> Arbitraries.of(h.ranges()).flatMap(part -> Arbitraries
                .of(h.geometry().pageSizes()).flatMap(page -> {
                    Arbitrary<int[]> shape = Combinators.combine(Arbitraries.integers().between(1, 3),
                            Arbitraries.integers().between(0, 3)).as((n, extra) -> new int[] {n, extra});
                    return Combinators.combine(shape, Arbitraries.of(Where.class), Arbitraries.longs(),
                            Arbitraries.of(Where.class), Arbitraries.longs(), Arbitraries.of(false, true),
                            Arbitraries.of(expressible(f)), Arbitraries.integers().between(0, 3))
                            .as((sh, vaAt, vaSlot, paAt, paSlot, skew, a, pol) -> build(f, h, part, page, sh[0], sh[1],
                                    vaAt, vaSlot, paAt, paSlot, skew, a, pol));
                })));
    }

    private static Mapping build(PagingFormat f, Half h, AddressRange part, long page, int n, int extra, Where vaAt,
            long vaSlot, Where paAt, long paSlot, boolean skew, Attributes a, int pol) {
        long small = h.geometry().smallestPage();
        long size = n * page + extra * small;
        long va = switch (vaAt) {
            case BOTTOM -> part.start();
            case TOP -> part.last() - (size - 1);
            // k pages above the bottom, 0 < k < room, with the whole range inside the part
            case MIDDLE -> part.start() + page * (1 + Math.floorMod(vaSlot,
                    Math.max(1, Math.min((part.size() - size) / page - 1, 1L << 20))));
        };
        long phase = va & (page - 1);
        // skewing the PA by a small page forbids every larger leaf: only where that stays small
        boolean skewed = skew && size / small <= MAX_ENTRIES && page != small;
        long offset = skewed ? (phase + small) & (page - 1) : phase;
        int width = f.physicalBits();
        long lastPa = width == 64 ? -1L : (1L << width) - 1;
        long pa = switch (paAt) {
            case BOTTOM -> offset;
            // the last byte of the mapping as close to the top of the physical width as the phase allows
            case TOP -> {
                long at = ((lastPa - (size - 1)) & -page) + offset;
                yield Long.compareUnsigned(at + (size - 1), lastPa) > 0 ? at - page : at;
            }
            case MIDDLE -> page * Math.floorMod(paSlot, Math.max(1, Math.min((lastPa >>> 1) / page, 1L << 20))) + offset;
        };
        List<PageSizePolicy> policies = new ArrayList<>(List.of(PageSizePolicy.LARGEST));
        for (long s : h.geometry().pageSizes()) {
            if (size / s <= MAX_ENTRIES) {
                policies.add(PageSizePolicy.cap(s));
            }
        }
        return new Mapping(f, h, part, va, size, pa, a, policies.get(pol % policies.size()));
    }

    /** Attributes to sample: every rights, privilege, global and memory-type combination the format accepts. */
    static List<Attributes> expressible(PagingFormat f) {
        List<Attributes> out = new ArrayList<>();
        for (String rights : new String[] {"r", "rw", "rx", "rwx", "x"}) {
            for (boolean user : new boolean[] {false, true}) {
                for (boolean global : new boolean[] {false, true}) {
                    for (CacheType c : CacheType.values()) {
                        for (Shareability sh : Shareability.values()) {
                            Attributes a = Attributes.of(rights).withUser(user).withGlobal(global).withCache(c)
                                    .withShareability(sh);
                            if (f.check(a).isEmpty()) {
                                out.add(a);
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    long last() {
        return va + (size - 1);
    }

    long smallest() {
        return half.geometry().smallestPage();
    }

    /** The largest page the policy allows. */
    long cap() {
        return policy.kind() == PageSizePolicy.Kind.CAP ? policy.cap() : -1L;
    }

    Simulation simulation() {
        return new Simulation(format, List.of(AddressRange.ofSize(POOL, POOL_SIZE)), 1L << 16);
    }

    static AddressSpace space(Simulation sim) {
        return ((Simulation.Created.Ok) sim.createSpace("s")).space();
    }

    OpResult map(AddressSpace s) {
        return s.map(va, size, pa, attrs, policy, false);
    }

    /** One leaf of the independent plan: where it starts, its size and the depth of the table holding it. */
    record Leaf(long va, long pa, long size, int depth) {
    }

    /**
     * The leaves a greedy builder written from the manuals' rules uses: at each position the largest leaf whose VA and
     * PA are aligned to it, that fits in what is left, that the policy allows and whose entry can hold the PA (x86-32:
     * only 4 MiB pages above 4 GiB; ARMv7: only supersections). Null when some position has no such leaf.
     */
    List<Leaf> greedy() {
        Geometry g = half.geometry();
        List<Leaf> out = new ArrayList<>();
        long cur = va;
        long p = pa;
        long left = size;
        long cap = cap();
        while (left != 0) {
            Leaf found = null;
            for (int d = 0; d < g.depth() && found == null; d++) {
                for (long s : g.level(d).leafSizes()) {
                    boolean fits = (cur & (s - 1)) == 0 && (p & (s - 1)) == 0 && Long.compareUnsigned(left, s) >= 0
                            && (cap == -1L || Long.compareUnsigned(s, cap) <= 0) && reaches(s, p);
                    if (fits) {
                        found = new Leaf(cur, p, s, d);
                        break;
                    }
                }
            }
            if (found == null) {
                return null;
            }
            out.add(found);
            cur += found.size();
            p += found.size();
            left -= found.size();
        }
        return out;
    }

    private boolean reaches(long leafSize, long leafPa) {
        if (Unsigned.fitsBits(leafPa, 32)) {
            return true;
        }
        return switch (format.family()) {
            case X86 -> !(format instanceof X86Format x && x.mode() == X86Format.Mode.LEGACY_32) || leafSize == 4L << 20;
            case ARMV7 -> leafSize == 16L << 20;
            default -> true;
        };
    }

    @Override
    public String toString() {
        return format.name() + "(" + format.physicalBits() + "-bit PA) " + half.rootRegister() + " " + part + ": map "
                + Unsigned.hex(va) + " size " + SizeUnit.format(size) + " to " + Unsigned.hex(pa) + " " + attrs + " "
                + attrs.shareability() + " " + policy;
    }
}
