package org.pt.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.pt.engine.analysis.Specs.MIB;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pt.engine.core.AddressRange;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.Formats;
import org.pt.engine.image.AccessFormula;
import org.pt.engine.model.Layout;
import org.pt.engine.model.Machine;
import org.pt.engine.model.Output;
import org.pt.engine.model.Query;
import org.pt.engine.model.SpaceSpec;
import org.pt.engine.model.StrategySpec;
import org.pt.engine.model.SystemModel;
import org.pt.engine.strategy.DirectMap;
import org.pt.engine.strategy.Location;
import org.pt.engine.strategy.SoftwareWalk;

/**
 * A direct map whose first byte holds a physical base (Linux's PHYS_OFFSET at PAGE_OFFSET): physical p at
 * {@code start + (p - base)} in {@code map all ram}, the strategy, the offset check and the accessors; RAM below the
 * base, past the region, and a base off a page or off a huge-page boundary.
 */
class PhysicalBaseTest {

    private static final Set<Code> MINE = EnumSet.of(Code.DIRECT_MAP_INCOMPLETE, Code.RAM_BELOW_PHYSICAL_BASE,
            Code.PHYSICAL_BASE_MISALIGNED, Code.DIRECT_MAP_OFFSET_MISMATCH, Code.STRATEGY_MISSES_TABLE,
            Code.WALK_EXPECTATION_FAILED, Code.MAPPING_OUTSIDE_REGIONS, Code.INVALID_RANGE, Code.MISALIGNED);
    private static final Attributes RW = Attributes.KERNEL_RW;

    /** A 32-bit ARM board: 512 MiB of RAM at 1 GiB, tables 64 MiB into it. */
    private static final Machine BOARD = Specs.machine("board", Formats.standard("armv7").orElseThrow())
            .ram(0x4000_0000L, 512 * MIB).tables(0x4400_0000L, 1 * MIB).build();

    private static Layout lowmem(long size, long base) {
        return Specs.layout("split", BOARD).directMap("lowmem", 0xC000_0000L, size, base).build();
    }

    private static SpaceSpec kernel(Layout l) {
        return Specs.space("k", l).strategy(new StrategySpec.DirectMap("lowmem")).allRam("lowmem", RW)
                .walk(0xC000_1234L, 0x4000_1234L).walk(0xDFFF_FFFCL, 0x5FFF_FFFCL).reach(0xC000_0000L, "k").build();
    }

    private static List<Finding> mine(Layout l, SpaceSpec s) {
        AnalysisResult r = Specs.analyse(List.of(BOARD), List.of(l), List.of(s));
        return r.findings().stream().filter(f -> MINE.contains(f.code())).toList();
    }

    private static Subject op(int index) {
        return new Subject.OperationRef("k", index);
    }

    @Test
    void allRamLiesAtTheRegionStartPlusItsDistanceFromTheBase() {
        Layout l = lowmem(512 * MIB, 0x4000_0000L);
        SpaceSpec s = kernel(l);
        AnalysisResult r = Specs.analyse(List.of(BOARD), List.of(l), List.of(s));
        assertEquals(List.of(), r.findings().stream().filter(f -> f.severity() != Severity.INFO).toList());
        Answer.Reach reach = (Answer.Reach) Analysis.answer(r, "k", new Query.Reach(3, 0xC000_0000L, "k"));
        SoftwareWalk.Result walk = ((Answer.Reached.Walked) reach.outcome()).walk();
        // the root at 0x4400_0000, entry 3072 at +0x3000: read at 0xc000_0000 + (0x4400_3000 - 0x4000_0000)
        assertEquals(0xC400_3000L, Location.vaOf(walk.steps().get(0).location()));
    }

    @Test
    void withoutTheBaseTheSameRamIsRefused() {
        // the check can fail: base 0 (what every layout had before) puts physical 0 at 0xc000_0000
        Layout l = lowmem(512 * MIB, 0);
        assertEquals(List.of(new Finding(Severity.ERROR, Code.DIRECT_MAP_INCOMPLETE, "region 'lowmem' 0xc000_0000 ..= "
                + "0xdfff_ffff (512 MiB) is too small for all RAM: it covers physical 0x0 ..= 0x1fff_ffff (512 MiB), but ram "
                + "0x4000_0000 ..= 0x5fff_ffff (512 MiB) lies above", List.of(op(0), new Subject.RegionRef("split", "lowmem"),
                        new Subject.PhysicalRef("board", 0)), Map.of("neededSize", "1536 MiB"))),
                mine(l, Specs.space("k", l).allRam("lowmem", RW).build()));
    }

    @Test
    void ramBelowTheBaseIsAnErrorNamingTheFirstRamByte() {
        Layout l = lowmem(512 * MIB, 0x5000_0000L);
        List<Finding> found = mine(l, Specs.space("k", l).allRam("lowmem", RW).build());
        assertEquals(List.of(new Finding(Severity.ERROR, Code.RAM_BELOW_PHYSICAL_BASE, "ram 0x4000_0000 ..= 0x4fff_ffff "
                + "(256 MiB) lies below physical 0x5000_0000, the first byte of region 'lowmem' 0xc000_0000 ..= 0xdfff_ffff "
                + "(512 MiB), and cannot be mapped into it: write 'from physical 0x4000_0000' on the region to start it at "
                + "the first RAM byte", List.of(op(0), new Subject.RegionBaseRef("split", "lowmem"),
                        new Subject.PhysicalRef("board", 0)), Map.of("base", "0x4000_0000"))), found);
    }

    @Test
    void ramPastTheRegionIsCountedFromTheBase() {
        Layout l = lowmem(256 * MIB, 0x4000_0000L);
        assertEquals(List.of(new Finding(Severity.ERROR, Code.DIRECT_MAP_INCOMPLETE, "region 'lowmem' 0xc000_0000 ..= "
                + "0xcfff_ffff (256 MiB) is too small for all RAM: it covers physical 0x4000_0000 ..= 0x4fff_ffff (256 MiB), "
                + "but ram 0x5000_0000 ..= 0x5fff_ffff (256 MiB) lies above", List.of(op(0),
                        new Subject.RegionRef("split", "lowmem"), new Subject.PhysicalRef("board", 0)),
                Map.of("neededSize", "512 MiB"))), mine(l, Specs.space("k", l).allRam("lowmem", RW).build()));
    }

    @Test
    void aBaseOffAPageIsAnErrorOnTheBaseAndMapsNothing() {
        Layout l = lowmem(512 * MIB, 0x4000_0800L);
        assertEquals(List.of(Finding.error(Code.PHYSICAL_BASE_MISALIGNED, "physical base 0x4000_0800 of region 'lowmem' "
                + "is 0x800 past a 4 KiB boundary: the region's first page must map a whole physical page",
                new Subject.RegionBaseRef("split", "lowmem"), new Subject.RegionRef("split", "lowmem"))
                .withData("base", "0x4000_0000")), LayoutChecks.check(l));
        SpaceSpec s = Specs.space("k", l).allRam("lowmem", RW).build();
        // the RAM below the base is still named, and no mapping is refused for its alignment (pt.misaligned)
        assertEquals(List.of(Code.PHYSICAL_BASE_MISALIGNED, Code.RAM_BELOW_PHYSICAL_BASE),
                mine(l, s).stream().map(Finding::code).toList());
    }

    @Test
    void aBaseOffAHugePageBoundaryWarnsWithThePagesItCosts() {
        // 0x4010_0000 is 1 MiB past a 16 MiB boundary, 0xc000_0000 is on one: no supersection fits
        Machine m = Specs.machine("board", Formats.standard("armv7").orElseThrow()).ram(0x4010_0000L, 64 * MIB)
                .tables(0x4400_0000L, 1 * MIB).build();
        Layout l = Specs.layout("split", m).directMap("lowmem", 0xC000_0000L, 512 * MIB, 0x4010_0000L).build();
        SpaceSpec s = Specs.space("k", l).allRam("lowmem", RW).build();
        List<Finding> found = Specs.analyse(List.of(m), List.of(l), List.of(s)).findings().stream()
                .filter(f -> f.code() == Code.PHYSICAL_BASE_MISALIGNED).toList();
        assertEquals(List.of(Finding.warning(Code.PHYSICAL_BASE_MISALIGNED, "map all ram into 'lowmem' can use no 16 MiB "
                + "page: region start 0xc000_0000 holds physical 0x4010_0000, and PA 0x4010_0000 is 0x10_0000 past a 16 MiB "
                + "boundary (VA 0xc000_0000 is on one); a physical base as far from a 16 MiB boundary as the region's start "
                + "would map 3 of them", op(0), new Subject.RegionBaseRef("split", "lowmem")).withData("alignment",
                        "0x100_0000")), found);
    }

    @Test
    void anExplicitMappingKeepsTheOffsetFromTheBase() {
        Layout l = lowmem(512 * MIB, 0x4000_0000L);
        SpaceSpec good = Specs.space("k", l).mapRegion("lowmem", 2 * MIB, 0x4000_0000L, RW).build();
        assertEquals(List.of(), mine(l, good));
        SpaceSpec bad = Specs.space("k", l).mapRegion("lowmem", 2 * MIB, 0, RW).build();
        assertEquals(List.of(Finding.warning(Code.DIRECT_MAP_OFFSET_MISMATCH, "mapping 0xc000_0000 ..= 0xc01f_ffff "
                + "(2 MiB) puts physical 0x0 at 0xc000_0000 in direct_map region 'lowmem' 0xc000_0000 ..= 0xdfff_ffff "
                + "(512 MiB), where the direct map holds physical 0x4000_0000", op(0), new Subject.RegionRef("split",
                        "lowmem")).withData("pa", "0x4000_0000")), mine(l, bad));
    }

    @Test
    void theStrategyLocatesTablesFromTheBaseAndSaysWhyOthersAreUnreachable() {
        DirectMap dm = new DirectMap("lowmem", AddressRange.ofSize(0xC000_0000L, 512 * MIB), 0x4000_0000L);
        assertEquals(new Location.At(0xC400_0010L), dm.locate(null, null, null, 0, 0, 0x4400_0010L));
        assertEquals(new Location.Unreachable("0x3fff_f000 lies below physical 0x4000_0000, the first byte of 'lowmem'"),
                dm.locate(null, null, null, 0, 0, 0x3FFF_F000L));
        assertEquals(new Location.Unreachable("0x6000_0000 lies past what 'lowmem' holds: physical 0x4000_0000 ..= "
                + "0x5fff_ffff (512 MiB)"), dm.locate(null, null, null, 0, 0, 0x6000_0000L));
        assertEquals("VA = 0xc000_0000 + PA - 0x4000_0000", dm.vaUse().note());
    }

    @Test
    void aTableBelowTheBaseIsMissedByTheStrategy() {
        Machine m = Specs.machine("board", Formats.standard("armv7").orElseThrow()).ram(0x4000_0000L, 512 * MIB)
                .tables(0x4000_0000L, 1 * MIB).build();
        Layout l = Specs.layout("split", m).directMap("lowmem", 0xC000_0000L, 256 * MIB, 0x5000_0000L).build();
        SpaceSpec s = Specs.space("k", l).strategy(new StrategySpec.DirectMap("lowmem")).build();
        List<Finding> found = Specs.analyse(List.of(m), List.of(l), List.of(s)).findings().stream()
                .filter(f -> f.code() == Code.STRATEGY_MISSES_TABLE).toList();
        assertEquals(1, found.size());
        assertEquals("table L1 at 0x4000_0000 of space 'k' is not reachable by direct map 'lowmem': 0x4000_0000 lies "
                + "below physical 0x5000_0000, the first byte of 'lowmem'; 'lowmem' maps no physical memory",
                found.get(0).message());
    }

    @Test
    void theAccessorFormulaSubtractsTheBase() {
        Layout l = lowmem(512 * MIB, 0x4000_0000L);
        SpaceSpec k = Specs.space("k", l).strategy(new StrategySpec.DirectMap("lowmem")).allRam("lowmem", RW).build();
        AnalysisResult r = Analysis.run(new SystemModel(List.of(BOARD), List.of(l), List.of(k), List.of(new Output(0,
                Output.Kind.C, List.of("k"), OptionalLong.empty(), Optional.empty()))));
        AccessFormula.Offset f = (AccessFormula.Offset) r.image(0).orElseThrow().spaces().get(0).access();
        assertEquals(0x4000_0000L, f.paBase());
        assertEquals(0xC400_0000L, f.virt(0x4400_0000L));
        assertEquals(-1L, f.virt(0x3FFF_F000L));
    }
}
