package org.pt.engine.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.pt.engine.format.Access;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.Geometry;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.space.AddressSpace;
import org.pt.engine.space.MappingError;
import org.pt.engine.space.OpResult;
import org.pt.engine.space.PageSizePolicy;
import org.pt.engine.space.Simulation;
import org.pt.engine.walk.Translation;
import org.pt.engine.walk.WalkStep;
import org.pt.engine.walk.WalkTrace;

/**
 * Properties every paging format must have, on mappings that reach the edges: the top page of each part of each
 * half, PAs up to the full physical width, every page size. The expected entries come from {@link ManualEntries} and
 * the expected leaves from {@link Mapping#greedy()}, both written without the codec or the builder.
 */
class MappingPropertiesTest {

    @Provide
    Arbitrary<Mapping> mappings() {
        return Mapping.any();
    }

    private static void applied(OpResult r, Mapping m) {
        if (r instanceof OpResult.Rejected rej) {
            throw new AssertionError(m + ": " + rej.error().message());
        }
    }

    /** A fresh space with the mapping applied. */
    private static AddressSpace built(Mapping m) {
        AddressSpace s = Mapping.space(m.simulation());
        applied(m.map(s), m);
        return s;
    }

    /** Offsets to check: both ends, the edges of every leaf of the plan, and a few inside. */
    private static List<Long> offsets(Mapping m, List<Mapping.Leaf> leaves) {
        List<Long> out = new ArrayList<>(List.of(0L, m.size() - 1));
        for (Mapping.Leaf l : leaves) {
            out.add(l.va() - m.va());
            out.add(l.va() - m.va() + l.size() - 1);
            out.add(l.va() - m.va() + (l.size() >>> 1) + 8);
        }
        return out.size() > 64 ? out.subList(0, 64) : out;
    }

    private static Mapping.Leaf leafAt(List<Mapping.Leaf> leaves, long va) {
        for (Mapping.Leaf l : leaves) {
            if (Long.compareUnsigned(va - l.va(), l.size()) < 0) {
                return l;
            }
        }
        throw new AssertionError("no leaf of the plan holds " + Long.toHexString(va));
    }

    /** The raw leaf entry the walk of {@code va} read last. */
    private static long leafEntry(WalkTrace t) {
        List<WalkStep> steps = t.steps();
        return steps.get(steps.size() - 1).entry().raw();
    }

    private static void mapsAsTheManualSays(AddressSpace s, Mapping m, List<Mapping.Leaf> leaves, Attributes attrs,
            long off) {
        long va = m.va() + off;
        Mapping.Leaf leaf = leafAt(leaves, va);
        WalkTrace t = s.walk(va, null);
        Translation.Mapped got = assertInstanceOf(Translation.Mapped.class, t.result(), m::toString);
        assertEquals(m.pa() + off, got.pa(), m::toString);
        assertEquals(leaf.size(), got.pageSize(), m::toString);
        assertEquals(leaf.depth() + 1, t.steps().size(), m::toString);
        PagingFormat f = m.format();
        int level = m.half().geometry().level(leaf.depth()).archLevel();
        long want = ManualEntries.leaf(f, attrs, level, leaf.size(), leaf.pa());
        assertEquals(Long.toHexString(want), Long.toHexString(leafEntry(t)), () -> m + " at " + Long.toHexString(va));
    }

    private static boolean allowed(AddressSpace s, long va, Access a) {
        return s.translate(va, a) instanceof Translation.Mapped;
    }

    @Property(tries = 600)
    void everyByteMapsAsTheManualSaysOrTheMapIsRefused(@ForAll("mappings") Mapping m) {
        Simulation sim = m.simulation();
        AddressSpace s = Mapping.space(sim);
        int roots = sim.memory().tableCount();
        List<Mapping.Leaf> leaves = m.greedy();
        OpResult r = m.map(s);
        if (leaves == null) {
            // some part needs a leaf whose entry cannot hold its PA: refused, nothing allocated
            assertInstanceOf(MappingError.UnreachablePhysical.class, assertInstanceOf(OpResult.Rejected.class, r,
                    m::toString).error(), m::toString);
            assertEquals(roots, sim.memory().tableCount(), m::toString);
            return;
        }
        applied(r, m);
        for (long off : offsets(m, leaves)) {
            mapsAsTheManualSays(s, m, leaves, m.attrs(), off);
        }
        Attributes a = m.attrs();
        long va = m.va();
        if (a.user()) {
            assertEquals(a.read(), allowed(s, va, Access.USER_READ), m::toString);
            assertEquals(a.write(), allowed(s, va, Access.USER_WRITE), m::toString);
            assertEquals(a.execute(), allowed(s, va, Access.USER_EXECUTE), m::toString);
        } else {
            assertFalse(allowed(s, va, Access.USER_READ), m::toString);
            assertEquals(a.write(), allowed(s, va, Access.KERNEL_WRITE), m::toString);
            assertEquals(a.execute(), allowed(s, va, Access.KERNEL_EXECUTE), m::toString);
        }
        assertFalse(s.translate(m.va() - m.smallest(), null) instanceof Translation.Mapped, m::toString);
        assertFalse(s.translate(m.last() + 1, null) instanceof Translation.Mapped, m::toString);
    }

    @Property(tries = 300)
    void onePagePastTheEndOfAPartIsRefusedCleanly(@ForAll("mappings") Mapping m) {
        Simulation sim = m.simulation();
        AddressSpace s = Mapping.space(sim);
        int roots = sim.memory().tableCount();
        long top = m.part().last() - (m.smallest() - 1);
        // the last page of the part maps; one page more runs past it (into a hole, the other half, or past 2^64)
        applied(s.map(top, m.smallest(), 0, m.attrs(), PageSizePolicy.LARGEST, false), m);
        assertEquals(0x10, assertInstanceOf(Translation.Mapped.class,
                s.translate(m.part().last() - (m.smallest() - 1) + 0x10, null), m::toString).pa());
        int tables = sim.memory().tableCount();
        OpResult past = s.map(top - m.smallest(), 2 * m.smallest() + m.smallest(), 0, m.attrs(), PageSizePolicy.LARGEST,
                true);
        MappingError e = assertInstanceOf(OpResult.Rejected.class, past, m::toString).error();
        assertTrue(e instanceof MappingError.InvalidRange || e instanceof MappingError.Untranslatable
                || e instanceof MappingError.CrossesHalves, () -> m + ": " + e);
        assertEquals(tables, sim.memory().tableCount(), m::toString);
        assertFalse(s.translate(m.part().last() + 1, null) instanceof Translation.Mapped, m::toString);
        applied(s.unmap(top, m.smallest()), m);
        assertEquals(roots, sim.memory().tableCount(), m::toString);
    }

    @Property(tries = 200)
    void unmapLeavesNeighboursUntouched(@ForAll("mappings") Mapping m) {
        List<Mapping.Leaf> leaves = m.greedy();
        if (leaves == null) {
            return;
        }
        AddressSpace s = built(m);
        long page = m.smallest();
        long pages = m.size() / page;
        long from = page * (pages / 3);
        long count = Math.max(1, pages / 3);
        OpResult r = s.unmap(m.va() + from, count * page);
        if (r instanceof OpResult.Rejected rej) {
            // only a split that would need leaves whose entries cannot hold the PA may be refused
            assertInstanceOf(MappingError.UnreachablePhysical.class, rej.error(), m::toString);
            return;
        }
        for (long off : offsets(m, leaves)) {
            Translation t = s.translate(m.va() + off, null);
            if (off >= from && off < from + count * page) {
                assertInstanceOf(Translation.NotMapped.class, t, m::toString);
            } else {
                assertEquals(m.pa() + off, assertInstanceOf(Translation.Mapped.class, t, m::toString).pa(), m::toString);
            }
        }
    }

    @Property(tries = 200)
    void protectChangesOnlyTheProtectedPageAsTheManualSays(@ForAll("mappings") Mapping m) {
        List<Mapping.Leaf> leaves = m.greedy();
        if (leaves == null) {
            return;
        }
        AddressSpace s = built(m);
        // attributes whose entry differs from the mapping's (else protect has nothing to change and splits nothing)
        long page = m.smallest();
        int leafLevel = m.half().geometry().leafLevel().archLevel();
        long was = ManualEntries.leaf(m.format(), m.attrs(), leafLevel, page, 0);
        List<Attributes> choices = Mapping.expressible(m.format()).stream()
                .filter(a -> ManualEntries.leaf(m.format(), a, leafLevel, page, 0) != was).toList();
        Attributes other = choices.get(Math.floorMod(Long.hashCode(m.va() ^ m.pa()), choices.size()));
        long from = page * (m.size() / page / 2);
        OpResult r = s.protect(m.va() + from, page, other);
        if (r instanceof OpResult.Rejected rej) {
            assertInstanceOf(MappingError.UnreachablePhysical.class, rej.error(), m::toString);
            return;
        }
        Geometry g = m.half().geometry();
        List<Mapping.Leaf> now = new ArrayList<>();
        now.add(new Mapping.Leaf(m.va() + from, m.pa() + from, page, g.depth() - 1));
        for (long off : offsets(m, leaves)) {
            long va = m.va() + off;
            if (off >= from && off < from + page) {
                mapsAsTheManualSays(s, m, now, other, off);
                continue;
            }
            // the leaves around it may have been split; each still says what the manual says for the old attributes
            WalkTrace t = s.walk(va, null);
            Translation.Mapped got = assertInstanceOf(Translation.Mapped.class, t.result(), m::toString);
            assertEquals(m.pa() + off, got.pa(), m::toString);
            int level = g.level(t.steps().size() - 1).archLevel();
            long base = got.pa() & -got.pageSize();
            assertEquals(Long.toHexString(ManualEntries.leaf(m.format(), m.attrs(), level, got.pageSize(), base)),
                    Long.toHexString(leafEntry(t)), m::toString);
        }
    }

    @Property(tries = 300)
    void tableCountEqualsAnIndependentGreedyCount(@ForAll("mappings") Mapping m) {
        List<Mapping.Leaf> leaves = m.greedy();
        if (leaves == null) {
            return;
        }
        Simulation sim = m.simulation();
        AddressSpace s = Mapping.space(sim);
        int roots = sim.memory().tableCount();
        applied(m.map(s), m);
        Geometry g = m.half().geometry();
        Set<String> tables = new HashSet<>();
        for (Mapping.Leaf l : leaves) {
            for (int k = 1; k <= l.depth(); k++) {
                tables.add(k + ":" + Long.toHexString(l.va() >>> g.level(k - 1).shift()));
            }
        }
        assertEquals(tables.size(), sim.memory().tableCount() - roots, m::toString);
    }

    @Property(tries = 200)
    void nonOverlappingMapsInAnyOrderGiveTheSameTables(@ForAll("mappings") Mapping m) {
        long page = m.smallest();
        long pages = m.size() / page;
        long third = Math.max(1, pages / 3) * page;
        long[][] parts = {{0, third}, {third, Math.min(third, m.size() - third)}, {2 * third, m.size() - 2 * third}};
        for (long[] p : parts) {
            if (p[1] > 0 && new Mapping(m.format(), m.half(), m.part(), m.va() + p[0], p[1], m.pa() + p[0], m.attrs(),
                    m.policy()).greedy() == null) {
                return;
            }
        }
        Simulation a = m.simulation();
        Simulation b = m.simulation();
        AddressSpace sa = Mapping.space(a);
        AddressSpace sb = Mapping.space(b);
        for (int i = 0; i < parts.length; i++) {
            long[] p = parts[i];
            long[] q = parts[parts.length - 1 - i];
            if (p[1] > 0) {
                applied(sa.map(m.va() + p[0], p[1], m.pa() + p[0], m.attrs(), m.policy(), false), m);
            }
            if (q[1] > 0) {
                applied(sb.map(m.va() + q[0], q[1], m.pa() + q[0], m.attrs(), m.policy(), false), m);
            }
        }
        assertEquals(CanonicalTables.of(sa), CanonicalTables.of(sb), m::toString);
        assertEquals(a.memory().tableCount(), b.memory().tableCount(), m::toString);
    }
}
