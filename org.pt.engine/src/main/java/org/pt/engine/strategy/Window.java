package org.pt.engine.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pt.engine.core.AddressRange;
import org.pt.engine.core.SizeUnit;
import org.pt.engine.core.Unsigned;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.CacheType;
import org.pt.engine.format.Geometry;
import org.pt.engine.format.Half;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.format.Shareability;
import org.pt.engine.space.AddressSpace;
import org.pt.engine.space.OpResult;
import org.pt.engine.walk.Translation;
import org.pt.engine.walk.WalkTrace;

/**
 * A temporary mapping window (Linux's {@code kmap_atomic} / fixmap slots, seL4's and many hobby kernels' "temporary
 * mapping"): one last-level entry per window page, rewritten on demand to map the frame of the table the kernel wants.
 * It reaches any table of any space, but every table access costs a remap (one entry write) and the invalidation of
 * the window page's TLB entry, and, when one window serves every CPU, a TLB shootdown to the others; one window per CPU
 * avoids the shootdown. The window's own page table must be reachable some other way: the {@code bootstrap} strategy.
 * Window page {@code c} is at {@code region start + c * page}; CPU 0's is the one the walker uses.
 */
public final class Window implements TableAccess {

    /** The window's page-table entry in a space, or why there is none. */
    public sealed interface Pte {
        record Found(long ptePa) implements Pte {
        }

        record Missing(String why) implements Pte {
        }
    }

    private final PagingFormat f;
    private final String region;
    private final AddressRange range;
    private final boolean perCpu;
    private final int cpus;
    private final TableAccess bootstrap;
    private final Half half;
    private final long page;

    /**
     * @param range     the window region; must lie in one half
     * @param bootstrap how the kernel reaches the window's own page table
     */
    public Window(PagingFormat f, String region, AddressRange range, boolean perCpu, int cpus, TableAccess bootstrap) {
        this.f = f;
        this.region = region;
        this.range = range;
        this.perCpu = perCpu;
        this.cpus = cpus;
        this.bootstrap = bootstrap;
        Half h = f.halfOf(range.start());
        this.half = h != null ? h : f.halves().get(0);
        this.page = half.geometry().smallestPage();
    }

    public String region() {
        return region;
    }

    public AddressRange range() {
        return range;
    }

    public boolean perCpu() {
        return perCpu;
    }

    public TableAccess bootstrap() {
        return bootstrap;
    }

    public Half half() {
        return half;
    }

    /** Bytes of one window page. */
    public long pageSize() {
        return page;
    }

    /** Window pages: one per CPU, or one shared by all. */
    public int pages() {
        return perCpu ? cpus : 1;
    }

    /** The VA of the window page CPU {@code cpu} uses. */
    public long windowVa(int cpu) {
        return range.start() + (perCpu ? cpu : 0) * page;
    }

    /** The depth of the window's page table (the last level). */
    public int leafDepth() {
        return half.geometry().depth() - 1;
    }

    /** The window's page-table entry for {@code cpu}'s page in {@code kernel}. */
    public Pte pte(AddressSpace kernel, int cpu) {
        long va = windowVa(cpu);
        WalkTrace t = kernel.walk(va, null);
        Geometry g = half.geometry();
        if (t.steps().size() == g.depth()) {
            return new Pte.Found(t.steps().get(g.depth() - 1).entryPa());
        }
        Translation r = t.result();
        if (r instanceof Translation.Mapped m) {
            return new Pte.Missing("it lies in a " + SizeUnit.format(m.pageSize()) + " page mapped at " + m.level());
        }
        if (r instanceof Translation.NotMapped n) {
            return new Pte.Missing("no present entry at " + n.level());
        }
        return new Pte.Missing(((Translation.Faulted) r).fault().toString());
    }

    /** The last-level entry that maps {@code frame} into the window: kernel read-write, not executable, write-back. */
    public long windowEntry(long frame) {
        Attributes a = new Attributes(true, true, false, false, false, CacheType.WRITE_BACK, Shareability.INNER, true, true);
        if (f.check(a).isPresent()) {
            a = new Attributes(true, true, true, false, false, CacheType.WRITE_BACK, Shareability.INNER, true, true);
        }
        int arch = half.geometry().leafLevel().archLevel();
        return f.withAddress(f.leafTemplate(a, arch, page), frame, arch, page);
    }

    @Override
    public Feasibility feasibility() {
        if (bootstrap instanceof Window) {
            return new Feasibility.Infeasible("a window cannot reach its own page table through another window");
        }
        return bootstrap.feasibility();
    }

    @Override
    public String describe() {
        return "window '" + region + "'";
    }

    @Override
    public VaUse vaUse() {
        List<AddressRange> ranges = new ArrayList<>();
        ranges.add(AddressRange.ofSize(range.start(), pages() * page));
        ranges.addAll(bootstrap.vaUse().ranges());
        ranges.sort((a, b) -> Long.compareUnsigned(a.start(), b.start()));
        String pagesText = pages() == 1 ? "1 page" : pages() + " pages";
        return new VaUse(ranges, describe() + " of " + pagesText + (perCpu ? ", one per CPU," : "")
                + " and " + bootstrap.describe() + " for its page table", bootstrap.vaUse().note());
    }

    @Override
    public String reaches() {
        return "any table of any space, one remap per table";
    }

    /** The bootstrap's part, then a last-level table for each window page. */
    @Override
    public List<InstallRefusal> install(AddressSpace space, Optional<AddressRange> shared) {
        List<InstallRefusal> out = new ArrayList<>(bootstrap.install(space, shared));
        for (int cpu = 0; cpu < pages(); cpu++) {
            if (space.ensureTables(half.index(), windowVa(cpu), leafDepth()) instanceof OpResult.Rejected rej) {
                out.add(new InstallRefusal(InstallRefusal.Part.WINDOW_TABLE, windowVa(cpu), rej.error()));
                break;
            }
        }
        return out;
    }

    /** The window's page table exists for each page and its bootstrap strategy reaches the window's entries. */
    @Override
    public List<Miss> verify(AddressSpace space) {
        for (int cpu = 0; cpu < pages(); cpu++) {
            long va = windowVa(cpu);
            if (pte(space, cpu) instanceof Pte.Missing m) {
                return List.of(new Miss.WindowTableMissing(va, m.why()));
            }
            long ptePa = ((Pte.Found) pte(space, cpu)).ptePa();
            Location loc = bootstrap.locate(space, space, half, leafDepth(), va, ptePa);
            Optional<SoftwareWalk.Landing> landing = Optional.empty();
            if (loc instanceof Location.At at) {
                SoftwareWalk.Landing l = SoftwareWalk.land(space, at.va(), ptePa);
                if (l.ok()) {
                    continue;
                }
                landing = Optional.of(l);
            }
            return List.of(new Miss.WindowEntry(va, ptePa, loc, landing));
        }
        return List.of();
    }

    @Override
    public long tableDescriptorBits() {
        return bootstrap.tableDescriptorBits();
    }

    @Override
    public AccessCost cost() {
        return new AccessCost(1, 1, Vas.invalidation(f), perCpu ? 0 : cpus - 1);
    }

    @Override
    public Location locate(AddressSpace kernel, AddressSpace target, Half h, int depth, long targetVa, long entryPa) {
        Pte p = pte(kernel, 0);
        if (p instanceof Pte.Missing m) {
            return new Location.Unreachable("window '" + region + "' at " + Unsigned.hex(windowVa(0))
                    + " has no page table in '" + kernel.name() + "' (" + m.why() + ")");
        }
        long ptePa = ((Pte.Found) p).ptePa();
        Location pteAt = bootstrap.locate(kernel, kernel, half, leafDepth(), windowVa(0), ptePa);
        long frame = entryPa & -page;
        return new Location.Windowed(windowVa(0) + (entryPa & (page - 1)), ptePa, windowEntry(frame), frame, pteAt);
    }
}
