package org.pt.dsl.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.eclipse.emf.ecore.EObject;
import org.pt.dsl.pt.DirectMapStrategy;
import org.pt.dsl.pt.IdentityStrategy;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.pt.Recursive;
import org.pt.dsl.pt.RootAt;
import org.pt.dsl.pt.Share;
import org.pt.dsl.pt.Statement;
import org.pt.dsl.pt.Strategy;
import org.pt.dsl.pt.StrategyDecl;
import org.pt.dsl.pt.TableOffsetStrategy;
import org.pt.dsl.pt.WindowStrategy;
import org.pt.engine.analysis.Subject;
import org.pt.engine.model.Layout;
import org.pt.engine.model.Machine;
import org.pt.engine.model.Operation;
import org.pt.engine.model.Query;
import org.pt.engine.model.Region;
import org.pt.engine.model.SpaceSpec;
import org.pt.engine.model.StrategySpec;

/**
 * A space: its layout, its strategy ({@code tables via}), the space it shares the kernel half with, and its statements
 * ({@link StatementTranslator}). A second {@code tables via} or {@code share} (the mapping validator reports it) breaks
 * the space.
 */
final class SpaceTranslator {
    private static final PtPackage PT = PtPackage.eINSTANCE;

    private final Context cx;
    private final StatementTranslator statements;

    SpaceTranslator(Context cx, StatementTranslator statements) {
        this.cx = cx;
        this.statements = statements;
    }

    /** Space {@code s}; {@code path} holds the spaces whose sharing led here (sharing with one of them is a cycle). */
    Optional<SpaceSpec> translate(org.pt.dsl.pt.Space s, Set<org.pt.dsl.pt.Space> path) {
        String name = cx.elements.name(s);
        cx.trace.put(new Subject.SpaceRef(name), Located.at(s, PT.getSpace_Name()));
        cx.trace.put(new Subject.StrategyRef(name), Located.at(s, PT.getSpace_Name()));
        cx.trace.put(new Subject.ShareRef(name), Located.at(s, PT.getSpace_Name()));
        org.pt.dsl.pt.Layout l = s.getLayout();
        boolean layoutOk = cx.usable(l, s, PT.getSpace_Layout(), "layout", "space '" + s.getName() + "'");
        Layout layout = layoutOk ? cx.layouts.get(l) : null;
        Map<EObject, Region> regions = layoutOk ? cx.regions.get(l) : Map.of();
        Machine machineOfLayout = l == null || l.eIsProxy() ? null : cx.machines.get(l.getMachine());
        StatementTranslator.Where where = new StatementTranslator.Where(name, l, regions,
                machineOfLayout == null ? null : machineOfLayout.format());
        Optional<StrategySpec> strategy = Optional.empty();
        boolean hasStrategy = false;
        Optional<String> share = Optional.empty();
        boolean hasShare = false;
        OptionalLong rootAt = OptionalLong.empty();
        boolean hasRoot = false;
        List<Operation> ops = new ArrayList<>();
        List<Query> queries = new ArrayList<>();
        List<Statement> all = s.getStatements();
        for (int i = 0; i < all.size(); i++) {
            Statement st = all.get(i);
            if (st instanceof StrategyDecl d) {
                if (hasStrategy) {
                    cx.problems.breakSilently(d);
                    continue;
                }
                hasStrategy = true;
                cx.trace.put(new Subject.StrategyRef(name), Located.at(d, PT.getStrategyDecl_Strategy()));
                strategy = strategy(d.getStrategy(), s);
            } else if (st instanceof Share sh) {
                if (hasShare) {
                    cx.problems.breakSilently(sh);
                    continue;
                }
                hasShare = true;
                cx.trace.put(new Subject.ShareRef(name), Located.at(sh, PT.getShare_Space()));
                org.pt.dsl.pt.Space other = sh.getSpace();
                if (other == s || (other != null && !other.eIsProxy() && path.contains(other))) {
                    share = Optional.of(cx.elements.name(other)); // itself or a cycle: the engine reports it
                } else if (cx.usable(other, sh, PT.getShare_Space(), "space", "space '" + s.getName() + "'")) {
                    share = Optional.of(cx.elements.name(other));
                }
            } else if (st instanceof RootAt ra) {
                if (hasRoot) {
                    cx.problems.breakSilently(ra);
                    continue;
                }
                hasRoot = true;
                cx.trace.put(new Subject.RootRef(name), Located.at(ra, PT.getRootAt_Address()));
                rootAt = cx.numbers.address(ra.getAddress());
                if (rootAt.isEmpty()) {
                    cx.problems.breakSilently(ra);
                }
            } else {
                statements.translate(i, st, where, ops, queries);
            }
        }
        if (layout == null || cx.brokenness.broken(s)) {
            return Optional.empty();
        }
        return Optional.of(new SpaceSpec(name, layout, strategy, share, ops, queries, rootAt));
    }

    private Optional<StrategySpec> strategy(Strategy s, org.pt.dsl.pt.Space space) {
        return switch (s) {
            case Recursive r -> {
                Optional<String> region = cx.regionName(r.getRegion(), space);
                long slot = r.getForeignSlot();
                if (Long.compareUnsigned(slot, Integer.MAX_VALUE) > 0) {
                    cx.problems.breakSilently(space); // the strategy validator reports it
                    yield Optional.empty();
                }
                OptionalInt foreign = Numbers.isSet(r, PT.getRecursive_ForeignSlot()) ? OptionalInt.of((int) slot)
                        : OptionalInt.empty();
                yield region.map(n -> new StrategySpec.Recursive(n, foreign));
            }
            case DirectMapStrategy d -> cx.regionName(d.getRegion(), space).map(StrategySpec.DirectMap::new);
            case IdentityStrategy i -> Optional.of(new StrategySpec.Identity());
            case TableOffsetStrategy t -> cx.regionName(t.getRegion(), space).map(StrategySpec.TableOffset::new);
            case WindowStrategy w -> {
                Optional<String> region = cx.regionName(w.getRegion(), space);
                Optional<StrategySpec> bootstrap = Optional.empty();
                if (w.getBootstrap() != null) {
                    bootstrap = strategy(w.getBootstrap(), space);
                    if (bootstrap.isEmpty()) {
                        yield Optional.empty();
                    }
                }
                Optional<StrategySpec> b = bootstrap;
                yield region.map(n -> new StrategySpec.Window(n, w.isPerCpu(), b));
            }
            case null, default -> {
                cx.problems.breakSilently(space);
                yield Optional.empty();
            }
        };
    }
}
