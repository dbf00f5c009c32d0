package org.pt.tests.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.pt.engine.format.Access;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.Formats;
import org.pt.engine.format.Geometry;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.space.AddressSpace;
import org.pt.engine.space.OpResult;
import org.pt.engine.space.PageSizePolicy;
import org.pt.engine.space.Simulation;
import org.pt.engine.walk.Translation;

/** Properties every paging format must have, checked on random mappings of every standard format. */
class MappingPropertiesTest {

    @Provide
    Arbitrary<Scenario> scenarios() {
        List<PagingFormat> all = Formats.all();
        return Arbitraries.of(all).flatMap(f -> Arbitraries.longs().map(seed -> Scenario.of(f, seed)));
    }

    private static Translation.Mapped mapped(AddressSpace s, long va, Scenario sc) {
        Translation t = s.translate(va, null);
        if (!(t instanceof Translation.Mapped m)) {
            throw new AssertionError(sc + ": " + t);
        }
        return m;
    }

    private static void applied(OpResult r, Scenario sc) {
        if (r instanceof OpResult.Rejected rej) {
            throw new AssertionError(sc + ": " + rej.error().message());
        }
    }

    @Property(tries = 300)
    void everyMappedByteTranslatesToItsPhysicalByteWithTheRequestedAttributes(@ForAll("scenarios") Scenario sc) {
        Simulation sim = sc.simulation();
        AddressSpace s = Scenario.space(sim);
        applied(sc.map(s), sc);
        PagingFormat f = sc.format();
        Geometry.Level leaf = sc.half().geometry().leafLevel();
        Attributes want = f.normalize(sc.attrs(), leaf.archLevel(), leaf.entrySize());
        for (long off : sc.offsets(leaf.entrySize())) {
            Translation.Mapped m = mapped(s, sc.va() + off, sc);
            assertEquals(sc.pa() + off, m.pa(), sc::toString);
            assertEquals(want, m.attributes(), sc::toString);
            Access read = new Access(want.read() ? Access.Kind.READ : Access.Kind.EXECUTE, want.user());
            assertInstanceOf(Translation.Mapped.class, s.translate(sc.va() + off, read), sc::toString);
        }
        assertInstanceOf(Translation.NotMapped.class, s.translate(sc.va() - leaf.entrySize(), null), sc::toString);
        assertInstanceOf(Translation.NotMapped.class, s.translate(sc.last() + 1, null), sc::toString);
    }

    @Property(tries = 300)
    void unmapLeavesNeighboursUntouched(@ForAll("scenarios") Scenario sc) {
        AddressSpace s = Scenario.space(sc.simulation());
        applied(sc.map(s), sc);
        long page = sc.half().geometry().smallestPage();
        long pages = sc.size() / page;
        long from = page * (pages / 3);
        long count = Math.max(1, pages / 3);
        applied(s.unmap(sc.va() + from, count * page), sc);
        for (long off : sc.offsets(page)) {
            Translation t = s.translate(sc.va() + off, null);
            if (off >= from && off < from + count * page) {
                assertInstanceOf(Translation.NotMapped.class, t, sc::toString);
            } else {
                assertEquals(sc.pa() + off, mapped(s, sc.va() + off, sc).pa(), sc::toString);
            }
        }
    }

    @Property(tries = 300)
    void protectKeepsEveryPhysicalAddress(@ForAll("scenarios") Scenario sc) {
        AddressSpace s = Scenario.space(sc.simulation());
        applied(sc.map(s), sc);
        PagingFormat f = sc.format();
        Geometry.Level leaf = sc.half().geometry().leafLevel();
        long page = leaf.entrySize();
        List<Attributes> choices = Scenario.expressible(f);
        Attributes other = choices.get(Math.floorMod(sc.seed() >>> 7, choices.size()));
        long from = page * (sc.size() / page / 2);
        applied(s.protect(sc.va() + from, page, other), sc);
        Attributes was = f.normalize(sc.attrs(), leaf.archLevel(), page);
        Attributes now = f.normalize(other, leaf.archLevel(), page);
        for (long off : sc.offsets(page)) {
            Translation.Mapped m = mapped(s, sc.va() + off, sc);
            assertEquals(sc.pa() + off, m.pa(), sc::toString);
            assertEquals(off >= from && off < from + page ? now : was, m.attributes(), sc::toString);
        }
    }

    @Property(tries = 300)
    void tableCountEqualsAnIndependentGreedyCount(@ForAll("scenarios") Scenario sc) {
        Simulation sim = sc.simulation();
        AddressSpace s = Scenario.space(sim);
        int roots = sim.memory().tableCount();
        applied(sc.map(s), sc);
        assertEquals(independentCount(sc), sim.memory().tableCount() - roots, sc::toString);
    }

    /** Largest leaf that fits at each position, and every table on its path: a second, simpler algorithm. */
    private static long independentCount(Scenario sc) {
        Geometry g = sc.half().geometry();
        Set<String> tables = new HashSet<>();
        long cur = sc.va();
        long pa = sc.pa();
        long left = sc.size();
        while (left > 0) {
            int depth = -1;
            long size = 0;
            for (int d = 0; d < g.depth() && depth < 0; d++) {
                for (long s : g.level(d).leafSizes()) {
                    if ((cur & (s - 1)) == 0 && (pa & (s - 1)) == 0 && Long.compareUnsigned(left, s) >= 0) {
                        depth = d;
                        size = s;
                        break;
                    }
                }
            }
            for (int k = 1; k <= depth; k++) {
                tables.add(k + ":" + Long.toHexString(cur >>> g.level(k - 1).shift()));
            }
            cur += size;
            pa += size;
            left -= size;
        }
        return tables.size();
    }

    @Property(tries = 200)
    void nonOverlappingMapsInAnyOrderGiveTheSameTables(@ForAll("scenarios") Scenario sc) {
        long page = sc.half().geometry().smallestPage();
        long pages = sc.size() / page;
        long third = Math.max(1, pages / 3) * page;
        long[][] parts = {{0, third}, {third, Math.min(third, sc.size() - third)}, {2 * third, sc.size() - 2 * third}};
        Simulation a = sc.simulation();
        Simulation b = sc.simulation();
        AddressSpace sa = Scenario.space(a);
        AddressSpace sb = Scenario.space(b);
        for (int i = 0; i < parts.length; i++) {
            long[] p = parts[i];
            long[] q = parts[parts.length - 1 - i];
            if (p[1] > 0) {
                applied(sa.map(sc.va() + p[0], p[1], sc.pa() + p[0], sc.attrs(), PageSizePolicy.LARGEST, false), sc);
            }
            if (q[1] > 0) {
                applied(sb.map(sc.va() + q[0], q[1], sc.pa() + q[0], sc.attrs(), PageSizePolicy.LARGEST, false), sc);
            }
        }
        assertEquals(CanonicalTables.of(sa), CanonicalTables.of(sb), sc::toString);
        assertEquals(a.memory().tableCount(), b.memory().tableCount(), sc::toString);
    }
}
