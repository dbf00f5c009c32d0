package org.pt.engine.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.pt.engine.core.AddressRange;
import org.pt.engine.core.Unsigned;
import org.pt.engine.model.SpaceSpec;
import org.pt.engine.space.AddressSpace;
import org.pt.engine.strategy.DirectMap;
import org.pt.engine.strategy.InstallRefusal;
import org.pt.engine.strategy.Location;
import org.pt.engine.strategy.Miss;
import org.pt.engine.strategy.Recursive;
import org.pt.engine.strategy.TableAccess;
import org.pt.engine.strategy.Window;

/**
 * A resolved strategy in its space: installed when the space is created ({@link TableAccess#install}), verified once
 * every space is built ({@link TableAccess#verify}), and what either finds said as findings on the strategy. Verify
 * reports the first {@value #MAX_FINDINGS} tables a strategy misses, the last with "and N more".
 *
 * <p>On PAE the page directory holding the recursive entries must be the space's own, and a foreign slot is not
 * written at install: the kernel loads it with the root of the space it edits, so a reach query loads it, in an
 * overlay, for its walk ({@link Reach}).
 */
final class StrategySetup {

    /** The most tables one verify reports one by one. */
    static final int MAX_FINDINGS = 3;

    private StrategySetup() {
    }

    /** Writes what the strategy needs into a new space, before sharing and mappings. */
    static List<Finding> install(SpaceSpec s, AddressSpace space, StrategyResolution r) {
        if (r instanceof StrategyResolution.Refused refused) {
            return refused.findings();
        }
        if (!(r instanceof StrategyResolution.Resolved resolved)) {
            return List.of();
        }
        TableAccess access = resolved.access();
        Subject at = new Subject.StrategyRef(s.name());
        List<Finding> out = new ArrayList<>();
        for (InstallRefusal refusal : access.install(space, shared(s, space))) {
            String why = refusal.error().message();
            out.add(switch (refusal.part()) {
                case WINDOW_TABLE -> Refusals.finding(refusal.error(), "the page table of window '"
                        + ((Window) access).region() + "' at " + Unsigned.hex(refusal.va())
                        + " cannot be allocated in space '" + s.name() + "': ", at);
                case PAE_DIRECTORY -> Refusals.finding(refusal.error(), "the page directory for "
                        + Unsigned.hex(refusal.va()) + " that the recursive entries need cannot be allocated: ", at);
                case PAE_ENTRY -> Refusals.finding(refusal.error(), "", at);
                case SLOT -> StrategyChecks.collision(s, why, recursive(access).half(),
                        Set.of(recursive(access).slot()), at)
                        .withData(StrategyChecks.COLLIDES, StrategyChecks.RECURSIVE);
            });
        }
        return out;
    }

    private static Recursive recursive(TableAccess access) {
        return access instanceof Window w ? (Recursive) w.bootstrap() : (Recursive) access;
    }

    /** The kernel half when the space takes it from another space. */
    private static Optional<AddressRange> shared(SpaceSpec s, AddressSpace space) {
        return s.shareKernelWith().map(o -> Analysis.kernelHalf(space.simulation().format()));
    }

    /** Checks that the strategy reaches every table of the space. */
    static List<Finding> verify(BuiltSpace b) {
        if (!(b.strategy() instanceof StrategyResolution.Resolved r)) {
            return List.of();
        }
        TableAccess access = r.access();
        AddressSpace space = b.space();
        Subject at = new Subject.StrategyRef(b.name());
        List<Finding> out = new ArrayList<>();
        if (access instanceof Recursive rec) {
            StrategyChecks.slotMappings(b.spec(), rec, out);
        }
        List<Miss> misses = access.verify(space);
        Listing<BuiltSpace> tables = new Listing<>(MAX_FINDINGS);
        for (Miss m : misses) {
            switch (m) {
                case Miss.NotInstalled n -> {
                    Recursive rec = (Recursive) access;
                    if (shared(b.spec(), space).filter(rec::rootShared).isPresent()) {
                        out.add(Finding.error(Code.STRATEGY_INFEASIBLE, "space '" + b.name() + "' shares the "
                                + rec.half().rootRegister() + " root of '" + b.spec().shareKernelWith().get()
                                + "', which has no recursive entry at " + rec.slotName()
                                + ": a shared root carries the recursive slot of the space that owns it", at,
                                new Subject.ShareRef(b.name())));
                    }
                }
                case Miss.WindowTableMissing w -> out.add(Finding.error(Code.WINDOW_UNREACHABLE, "window '"
                        + ((Window) access).region() + "' " + ((Window) access).range() + " has no page table in space '"
                        + b.name() + "' at " + Unsigned.hex(w.va()) + " (" + w.why() + ")", at));
                case Miss.WindowEntry w -> {
                    Window win = (Window) access;
                    out.add(Finding.error(Code.WINDOW_UNREACHABLE, "the page table of window '" + win.region()
                            + "' (its entry for " + Unsigned.hex(w.va()) + " at " + Unsigned.hex(w.ptePa())
                            + ") is not reachable by " + win.bootstrap().describe() + ": "
                            + why(w.location(), w.landing(), b.name()) + coverage(space, win.bootstrap()), at));
                }
                case Miss.Table t -> {
                    if (tables.admit(b)) {
                        out.add(Finding.error(Code.STRATEGY_MISSES_TABLE, "table " + t.level() + " at "
                                + Unsigned.hex(t.pa()) + " of space '" + b.name() + "' is not reachable by "
                                + access.describe() + ": " + why(t.location(), t.landing(), b.name()), at));
                    }
                }
            }
        }
        if (tables.listed(b) > 0) {
            int last = out.size() - 1;
            Finding f = out.get(last);
            long omitted = tables.omitted(b);
            String more = omitted > 0 ? " (and " + omitted + " more table" + (omitted == 1 ? "" : "s") + ")" : "";
            String suffix = access instanceof Recursive ? "" : coverage(space, access);
            out.set(last, Finding.error(f.code(), f.message() + more, f.subjects().toArray(Subject[]::new)));
            for (int i = out.size() - tables.listed(b); i <= last && !suffix.isEmpty(); i++) {
                Finding g = out.get(i);
                out.set(i, Finding.error(g.code(), g.message() + suffix, g.subjects().toArray(Subject[]::new)));
            }
        }
        return out;
    }

    /** {@code 0xffff_ff7f_bfdf_e000 is not mapped in 'kernel' (...)}, or why the location gives no VA. */
    private static String why(Location loc, Optional<org.pt.engine.strategy.SoftwareWalk.Landing> landing, String space) {
        if (landing.isPresent()) {
            return Unsigned.hex(Location.vaOf(loc)) + " " + Messages.landing(landing.get(), space);
        }
        return loc instanceof Location.Unreachable u ? u.reason() : String.valueOf(loc);
    }

    /** {@code ; 'physmap' maps physical 0x0 ..= 0x3fff_ffff (1 GiB)} when {@code access} is a direct map. */
    private static String coverage(AddressSpace space, TableAccess access) {
        return access instanceof DirectMap dm ? "; " + Messages.coverage(Costs.coverage(space, dm)) : "";
    }
}
