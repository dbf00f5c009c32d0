package org.pt.engine.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.pt.engine.TestSpaces.applied;
import static org.pt.engine.TestSpaces.simulation;
import static org.pt.engine.TestSpaces.space;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.pt.engine.format.Access;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.Permissions;
import org.pt.engine.format.X86Format;
import org.pt.engine.walk.FaultKind;
import org.pt.engine.walk.Translation;
import org.pt.engine.walk.WalkResult;

/**
 * Translation-only walks from several threads at once into their own {@link WalkResult}s, over one built x86_64 space
 * whose leaves are 4 KiB, 2 MiB and 1 GiB pages with differing RW, US and XD bits, give exactly the answers one thread
 * gives: the walk keeps no state of its own anywhere the threads share (format, memory, space).
 */
class ConcurrentTranslateTest {

    private static final long K = 0xFFFF_8880_0000_0000L;
    private static final long GIB = 1L << 30;
    private static final long MIB = 1L << 20;
    private static final Attributes RW = Attributes.KERNEL_RW;
    private static final Attributes RX = Attributes.KERNEL_RX;
    private static final Attributes USER_RW = RW.withUser(true);
    private static final Attributes USER_RX = RX.withUser(true);
    private static final List<Access> ACCESSES = List.of(Access.KERNEL_READ, Access.KERNEL_WRITE, Access.KERNEL_EXECUTE,
            Access.USER_READ, Access.USER_WRITE, Access.USER_EXECUTE);
    private static final int THREADS = 4;
    private static final int ROUNDS = 10000;

    /** A mapped range as the test maps it: what every VA in it must translate to, found without the walk. */
    private record Region(long va, long size, long pa, Attributes attrs, long pageSize) {
        boolean contains(long v) {
            return Long.compareUnsigned(v - va, size) < 0;
        }

        boolean allows(Access a) {
            boolean right = switch (a.kind()) {
                case READ -> attrs.read();
                case WRITE -> attrs.write();
                case EXECUTE -> attrs.execute();
            };
            return right && (!a.user() || attrs.user());
        }
    }

    private static final List<Region> REGIONS = List.of(
            new Region(K, 8 * MIB, 0x1000_0000L, RW, 4096),
            new Region(K + GIB, 8 * MIB, 0x2000_0000L, RX, 4096),
            new Region(0x40_0000L, 4 * MIB - 0x2000, 0x3000_0000L, USER_RW, 4096),
            new Region(K + 2 * GIB, 16 * MIB, 0x4000_0000L, RW, 2 * MIB),
            new Region(GIB, 16 * MIB, 0x5000_0000L, USER_RX, 2 * MIB),
            new Region(K + 4 * GIB, GIB, 0x1_0000_0000L, RW, GIB),
            new Region(K + 5 * GIB, GIB, 0x2_0000_0000L, RX, GIB));

    /** Unmapped VAs at every depth a walk can stop at (PML4E, PDPTE, PDE, PTE absent) and one non-canonical. */
    private static final long[] HOLES = {0x1000_0000_0000L, K + 3 * GIB, K + 8 * MIB + 0x5000, 0x40_0000L + 4 * MIB - 0x1000,
            0x0000_8000_0000_0000L};

    /** One walk's answer, every part a caller can ask a {@link WalkResult} for. */
    private record Answer(WalkResult.Status status, long pa, long pageSize, Permissions permissions, Attributes attributes,
            FaultKind fault) {
        static Answer of(WalkResult r) {
            return switch (r.status()) {
                case MAPPED -> new Answer(r.status(), r.pa(), r.pageSize(), r.permissions(), r.attributes(), null);
                case NOT_MAPPED -> new Answer(r.status(), 0, 0, null, null, null);
                case FAULTED -> new Answer(r.status(), 0, 0, null, null, r.fault());
            };
        }

        /** The same parts of the walk answered as a value (whose fault is explained besides). */
        static Answer of(Translation t) {
            return switch (t) {
                case Translation.Mapped m -> new Answer(WalkResult.Status.MAPPED, m.pa(), m.pageSize(), m.permissions(),
                        m.attributes(), null);
                case Translation.NotMapped n -> new Answer(WalkResult.Status.NOT_MAPPED, 0, 0, null, null, null);
                case Translation.Faulted f -> new Answer(WalkResult.Status.FAULTED, 0, 0, null, null, f.fault().kind());
            };
        }

        /** Whether {@code r} holds this answer (read in place: the threads should spend their time walking). */
        boolean in(WalkResult r) {
            return r.status() == status && switch (status) {
                case MAPPED -> r.pa() == pa && r.pageSize() == pageSize && r.permissions().equals(permissions)
                        && r.attributes().equals(attributes);
                case NOT_MAPPED -> true;
                case FAULTED -> r.fault() == fault;
            };
        }
    }

    private static AddressSpace built() {
        Simulation sim = simulation(X86Format.x86_64(), 0x0200_0000L, 16 * MIB, 4096);
        AddressSpace s = space(sim, "k");
        for (Region r : REGIONS) {
            applied(s.map(r.va(), r.size(), r.pa(), r.attrs(), PageSizePolicy.cap(r.pageSize()), false));
        }
        return s;
    }

    /** Both ends and six inner addresses of every region, and the holes. */
    private static long[] vas() {
        SplittableRandom rnd = new SplittableRandom(7);
        List<Long> out = new ArrayList<>();
        for (Region r : REGIONS) {
            out.add(r.va());
            out.add(r.va() + r.size() - 1);
            for (int k = 0; k < 6; k++) {
                out.add(r.va() + rnd.nextLong(r.size()));
            }
        }
        for (long h : HOLES) {
            out.add(h);
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** The answer the mapping calls for, worked out from {@link #REGIONS} alone. */
    private static void checkAgainstRegions(long va, Access a, Answer got) {
        String at = Long.toHexString(va) + " " + a;
        Region in = REGIONS.stream().filter(r -> r.contains(va)).findFirst().orElse(null);
        if (in == null) {
            boolean canonical = va << 16 >> 16 == va;
            assertEquals(canonical ? WalkResult.Status.NOT_MAPPED : WalkResult.Status.FAULTED, got.status(), at);
            return;
        }
        if (!in.allows(a)) {
            assertEquals(new Answer(WalkResult.Status.FAULTED, 0, 0, null, null, FaultKind.PERMISSION), got, at);
            return;
        }
        assertEquals(WalkResult.Status.MAPPED, got.status(), at);
        assertEquals(in.pa() + (va - in.va()), got.pa(), at);
        assertEquals(in.pageSize(), got.pageSize(), at);
        Attributes want = in.attrs();
        assertEquals(new Permissions(true, want.write(), want.execute(), want.user(), want.user() && want.write(),
                want.user() && want.execute()), got.permissions(), at);
        assertEquals(want, got.attributes(), at);
    }

    /** Every query's answer, walked by one thread. */
    private static Answer[][] reference(AddressSpace s, long[] vas) {
        Answer[][] reference = new Answer[vas.length][ACCESSES.size()];
        WalkResult r = new WalkResult();
        for (int v = 0; v < vas.length; v++) {
            for (int a = 0; a < ACCESSES.size(); a++) {
                s.translate(vas[v], ACCESSES.get(a), r);
                reference[v][a] = Answer.of(r);
            }
        }
        return reference;
    }

    /** Walks every query {@code rounds} times, starting at {@code first}; returns the first answer that differs, or "". */
    private static String walkAll(AddressSpace s, long[] vas, Answer[][] reference, int first, int rounds) {
        WalkResult r = new WalkResult();
        int queries = vas.length * ACCESSES.size();
        for (int round = 0; round < rounds; round++) {
            for (int q = 0; q < queries; q++) {
                int k = (first + q * 7) % queries; // threads meet different kinds of leaf at the same moment
                int v = k / ACCESSES.size();
                int a = k % ACCESSES.size();
                s.translate(vas[v], ACCESSES.get(a), r);
                Answer want = reference[v][a];
                if (!want.in(r)) {
                    return Long.toHexString(vas[v]) + " " + ACCESSES.get(a) + " in round " + round + ": "
                            + Answer.of(r) + ", alone " + want;
                }
            }
        }
        return "";
    }

    @Test
    void fourThreadsTranslatingMixedLeavesAnswerAsOneThread() throws Exception {
        AddressSpace s = built();
        long[] vas = vas();
        Answer[][] reference = reference(s, vas);
        for (int v = 0; v < vas.length; v++) {
            for (int a = 0; a < ACCESSES.size(); a++) {
                checkAgainstRegions(vas[v], ACCESSES.get(a), reference[v][a]);
                assertEquals(reference[v][a], Answer.of(s.translate(vas[v], ACCESSES.get(a))), "the value form agrees");
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<String>> runs = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int first = t * 11;
                runs.add(pool.submit((Callable<String>) () -> walkAll(s, vas, reference, first, ROUNDS)));
            }
            for (Future<String> f : runs) {
                assertEquals("", f.get(120, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The comparison can fail: a reference with one answer changed is caught by the first thread that walks it. */
    @Test
    void aChangedReferenceIsCaught() {
        AddressSpace s = built();
        long[] vas = vas();
        Answer[][] reference = reference(s, vas);
        Answer was = reference[3][0];
        reference[3][0] = new Answer(was.status(), was.pa() + 4096, was.pageSize(), was.permissions(), was.attributes(),
                null);
        String got = walkAll(s, vas, reference, 0, 1);
        assertEquals(Long.toHexString(vas[3]) + " kernel read in round 0: " + was + ", alone " + reference[3][0], got);
    }
}
