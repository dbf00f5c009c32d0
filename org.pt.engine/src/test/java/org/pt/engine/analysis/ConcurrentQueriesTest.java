package org.pt.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.pt.engine.analysis.Specs.GIB;
import static org.pt.engine.analysis.Specs.KIB;
import static org.pt.engine.analysis.Specs.MIB;
import static org.pt.engine.analysis.Specs.TIB;
import static org.pt.engine.analysis.Specs.layout;
import static org.pt.engine.analysis.Specs.machine;
import static org.pt.engine.analysis.Specs.space;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.Formats;
import org.pt.engine.memory.PhysicalMemory;
import org.pt.engine.model.Layout;
import org.pt.engine.model.Machine;
import org.pt.engine.model.Purpose;
import org.pt.engine.model.Query;
import org.pt.engine.model.SpaceSpec;
import org.pt.engine.model.StrategySpec;
import org.pt.engine.model.SystemModel;

/**
 * Queries never write: walks, reaches (through a foreign slot, a window, a recursive slot on AArch64) and reports
 * asked from 8 threads at once against one analysed system give the answers a single thread gives, and leave every
 * table of every simulated machine as it was.
 */
class ConcurrentQueriesTest {

    private static final Attributes RW = Attributes.KERNEL_RW;
    private static final Attributes USER_RW = Attributes.of("rw").withUser(true);
    private static final long DIRECT = 0xFFFF_8880_0000_0000L;
    private static final long KERNEL = 0xFFFF_FFFF_8000_0000L;

    private static final Machine PC = machine("pc", Formats.standard("x86_64").orElseThrow()).ram(0, 8 * GIB)
            .tables(0x200_0000L, 4 * MIB).cpus(4).build();
    private static final Layout HH = layout("hh", PC)
            .region("user", Purpose.USER, 0, 128 * TIB)
            .region("direct_map", Purpose.DIRECT_MAP, DIRECT, 64 * TIB)
            .region("window", Purpose.WINDOW, 0xFFFF_FE00_0000_0000L, 64 * KIB)
            .slot("self", 510)
            .region("kernel", Purpose.KERNEL, KERNEL, 512 * MIB)
            .build();
    private static final Machine ARM = machine("arm64", Formats.standard("aarch64-4k").orElseThrow())
            .ram(0x4000_0000L, 2 * GIB).tables(0x4200_0000L, 4 * MIB).build();
    private static final Layout ARM_L = layout("arm64", ARM).region("user", Purpose.USER, 0, 256 * TIB).slot("self", 511)
            .build();

    private static SystemModel model() {
        SpaceSpec kernel = space("kernel", HH).strategy(new StrategySpec.Recursive("self", OptionalInt.of(509)))
                .map(KERNEL, 16 * MIB, 0x100_0000L, RW).map(0x40_0000L, 64 * KIB, 0x800_0000L, USER_RW).build();
        SpaceSpec init = space("init", HH).shareKernelWith("kernel").map(0x40_0000L, 8 * KIB, 0x900_0000L, USER_RW).build();
        SpaceSpec windowed = space("windowed", HH)
                .strategy(new StrategySpec.Window("window", false, Optional.of(new StrategySpec.DirectMap("direct_map"))))
                .allRam("direct_map", RW).map(0x40_0000L, 4 * KIB, 0x80_0000L, RW).build();
        SpaceSpec arm = space("arm", ARM_L).strategy(new StrategySpec.Recursive("self", OptionalInt.of(510)))
                .map(0x40_0000L, 4 * KIB, 0x4010_0000L, USER_RW).build();
        return new SystemModel(List.of(PC, ARM), List.of(HH, ARM_L), List.of(kernel, init, windowed, arm));
    }

    private record Ask(String space, Query query) {
    }

    /** Walks and reaches over mapped, unmapped and untranslatable VAs, and every report aspect. */
    private static List<Ask> asks() {
        List<Ask> out = new ArrayList<>();
        long[] vas = {0x40_0000L, 0x40_1000L, 0x40_F000L, 0x50_0000L, KERNEL, KERNEL + 5 * MIB, 0x8000_0000_0000L};
        for (long va : vas) {
            out.add(new Ask("init", new Query.Walk(0, va, OptionalLong.empty(), false)));
            out.add(new Ask("init", new Query.Reach(0, va, "kernel")));
            out.add(new Ask("kernel", new Query.Reach(0, va, "kernel")));
            out.add(new Ask("windowed", new Query.Reach(0, va, "windowed")));
            out.add(new Ask("arm", new Query.Reach(0, va, "arm")));
            out.add(new Ask("arm", new Query.Walk(0, va, OptionalLong.of(0x4010_0000L), false)));
        }
        for (String s : List.of("kernel", "init", "windowed", "arm")) {
            out.add(new Ask(s, new Query.Report(0, Optional.empty())));
        }
        return out;
    }

    /** Every entry of every table of the machine, hashed. */
    private static long checksum(PhysicalMemory mem) {
        long sum = 17;
        for (PhysicalMemory.TableInfo t : mem.tables()) {
            for (long pa = t.pa(); pa < t.pa() + t.bytes(); pa += mem.entryBytes()) {
                sum = sum * 31 + (pa ^ mem.read(pa));
            }
        }
        return sum;
    }

    private static List<Object> answerAll(AnalysisResult r, List<Ask> asks) {
        List<Object> out = new ArrayList<>();
        for (Ask a : asks) {
            Answer answer = Analysis.answer(r, a.space(), a.query());
            out.add(answer);
            out.add(Messages.findings(new Subject.QueryRef(a.space(), 0), answer).toString());
        }
        return out;
    }

    @Test
    void queriesFromEightThreadsAnswerAsOneAndWriteNothing() throws Exception {
        AnalysisResult r = Analysis.run(model());
        List<Ask> asks = asks();
        long pc = checksum(r.simulations().get("pc").memory());
        long arm = checksum(r.simulations().get("arm64").memory());
        List<Object> single = answerAll(r, asks);
        // the answers include successful walks through the foreign slot and the window, so the overlay was used
        assertEquals(true, single.stream().anyMatch(o -> o.toString().contains("foreign-slot load")));
        assertEquals(true, single.stream().anyMatch(o -> o.toString().contains("remaps, 1 TLB invalidation")
                || o.toString().contains("4 remaps")));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<Object>>> runs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                runs.add(pool.submit(() -> {
                    List<Object> last = null;
                    for (int round = 0; round < 10; round++) {
                        last = answerAll(r, asks);
                    }
                    return last;
                }));
            }
            for (Future<List<Object>> f : runs) {
                assertEquals(single, f.get(120, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(pc, checksum(r.simulations().get("pc").memory()));
        assertEquals(arm, checksum(r.simulations().get("arm64").memory()));
    }

    @Test
    void theChecksumSeesAWrite() {
        AnalysisResult r = Analysis.run(model());
        PhysicalMemory mem = r.simulations().get("pc").memory();
        long before = checksum(mem);
        long root = r.space("kernel").orElseThrow().space().root(0);
        mem.write(root + 509 * 8, 0x1234_5027L);
        assertNotEquals(before, checksum(mem));
    }
}
