package org.pt.engine.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.pt.engine.TestSpaces.applied;
import static org.pt.engine.TestSpaces.simulation;
import static org.pt.engine.TestSpaces.space;

import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pt.engine.core.AddressRange;
import org.pt.engine.format.AArch64Format;
import org.pt.engine.format.ArmV7ShortFormat;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.Feature;
import org.pt.engine.format.X86Format;
import org.pt.engine.memory.PhysicalMemory;

/**
 * {@code root at PA}: a space's first root table is created at exactly that address, the allocator placing every
 * other table around it; a root that cannot be there is refused, naming why, and changes nothing.
 */
class PinnedRootTest {

    private static final long MIB = 1L << 20;

    private static Simulation x86() {
        return simulation(X86Format.x86_64(), 0x0100_0000L, 4 * MIB, 1 << 10);
    }

    private static AddressSpace pinned(Simulation sim, String name, long pa) {
        Simulation.Created c = sim.createSpace(name, OptionalLong.of(pa));
        if (c instanceof Simulation.Created.Refused r) {
            throw new AssertionError(r.error().message());
        }
        return ((Simulation.Created.Ok) c).space();
    }

    private static MappingError refusal(Simulation sim, String name, long pa) {
        Simulation.Created c = sim.createSpace(name, OptionalLong.of(pa));
        if (c instanceof Simulation.Created.Refused r) {
            return r.error();
        }
        throw new AssertionError("expected a refusal, was created");
    }

    /** The PA of every table of {@code sim}, in address order. */
    private static List<Long> tables(Simulation sim) {
        return sim.memory().tables().stream().map(PhysicalMemory.TableInfo::pa).sorted(Long::compareUnsigned).toList();
    }

    @Test
    void thePinnedRootIsWhereItIsPinnedAndTheOtherTablesFillFromTheLowestFreeFrame() {
        Simulation sim = x86();
        AddressSpace k = pinned(sim, "k", 0x0100_3000L);
        assertEquals(0x0100_3000L, k.root(0));
        applied(k.map(0xFFFF_FFFF_8000_0000L, 4096, 0x10_0000L, Attributes.KERNEL_RW, PageSizePolicy.LARGEST, false));
        // PDPT, PD and PT take the three frames below the root; the next table goes above it
        assertEquals(List.of(0x0100_0000L, 0x0100_1000L, 0x0100_2000L, 0x0100_3000L), tables(sim));
        AddressSpace p = space(sim, "p");
        assertEquals(0x0100_4000L, p.root(0));
    }

    @Test
    void onlyTheFirstRootOfATwoRootFormatIsPinned() {
        Simulation sim = simulation(AArch64Format.linux4k48(), 0x4000_0000L, MIB, 1 << 10);
        AddressSpace k = pinned(sim, "k", 0x4000_2000L);
        assertEquals(0x4000_2000L, k.root(0));
        assertEquals(0x4000_0000L, k.root(1));
    }

    @Test
    void aMisalignedRootIsRefusedByHowMuchAndChangesNothing() {
        Simulation sim = x86();
        assertEquals(new MappingError.RootMisplaced("k", "CR3", 0x0100_0800L,
                "is not aligned to the 4 KiB its PML4 needs (0x800 past a boundary)"),
                refusal(sim, "k", 0x0100_0800L));
        assertEquals(0, sim.memory().framesInUse());
        assertEquals(List.of(), tables(sim));
        assertEquals(0x0100_0000L, space(sim, "k").root(0));
    }

    @Test
    void aRootOutsideEveryPoolIsRefusedListingThePools() {
        Simulation sim = new Simulation(X86Format.x86_64(), List.of(AddressRange.ofSize(0x0100_0000L, 4 * MIB),
                AddressRange.ofSize(0x0800_0000L, MIB)), 1 << 10);
        MappingError e = refusal(sim, "k", 0x0050_0000L);
        assertEquals("the root of 'k' (CR3) at 0x50_0000 is in no table pool (0x100_0000 ..= 0x13f_ffff (4 MiB), "
                + "0x800_0000 ..= 0x80f_ffff (1 MiB))", e.message());
        // the second pool is a pool too
        assertEquals(0x0800_0000L, pinned(sim, "k", 0x0800_0000L).root(0));
    }

    @Test
    void aRootOverATableAlreadyPlacedIsRefusedNamingThatTable() {
        Simulation sim = x86();
        space(sim, "k");
        assertEquals(new MappingError.RootMisplaced("p", "CR3", 0x0100_0000L,
                "overlaps the table at 0x100_0000 already placed there"), refusal(sim, "p", 0x0100_0000L));
        pinned(sim, "q", 0x0100_5000L);
        assertEquals("the root of 'r' (CR3) at 0x100_5000 overlaps the table at 0x100_5000 already placed there",
                refusal(sim, "r", 0x0100_5000L).message());
    }

    @Test
    void aRootRunningPastTheEndOfItsPoolIsRefused() {
        // ARMv7's first-level table is 16 KiB, aligned to 16 KiB: at 0x8000_4000 it needs 0x8000_4000 ..= 0x8000_7fff
        Simulation sim = simulation(ArmV7ShortFormat.standard(), 0x8000_0000L, 20 * 1024, 1 << 10);
        assertEquals(new MappingError.RootMisplaced("k", "TTBR0", 0x8000_4000L,
                "runs past the end of the table pool 0x8000_0000 ..= 0x8000_4fff (20 KiB)"),
                refusal(sim, "k", 0x8000_4000L));
        assertEquals(new MappingError.RootMisplaced("k", "TTBR0", 0x8000_1000L,
                "is not aligned to the 16 KiB its L1 needs (0x1000 past a boundary)"),
                refusal(sim, "k", 0x8000_1000L));
    }

    @Test
    void aPaeRootMustBeThirtyTwoByteAlignedAndBelowFourGiB() {
        X86Format pae = X86Format.of(X86Format.Mode.PAE, 36, Set.of(Feature.NX), X86Format.LINUX_PAT);
        Simulation sim = new Simulation(pae, List.of(AddressRange.ofSize(0x0100_0000L, MIB),
                AddressRange.ofSize(0x1_0000_0000L, MIB)), 1 << 10);
        assertEquals(new MappingError.RootMisplaced("a", "CR3", 0x0100_0010L,
                "is not aligned to the 32 B its PDPT needs (0x10 past a boundary)"),
                refusal(sim, "a", 0x0100_0010L));
        // CR3 holds bits 31:5 of the PDPT's address in PAE mode: a pool above 4 GiB cannot hold a root
        assertEquals(new MappingError.RootMisplaced("b", "CR3", 0x1_0000_0000L,
                "is above the 32 address bits CR3 holds"), refusal(sim, "b", 0x1_0000_0000L));
        assertEquals(0x0100_0020L, pinned(sim, "c", 0x0100_0020L).root(0));
    }

    @Test
    void aPinnedRootCountsAgainstTheFrameBudget() {
        Simulation sim = simulation(X86Format.x86_64(), 0x0100_0000L, 4 * MIB, 1);
        pinned(sim, "k", 0x0100_1000L);
        assertEquals(new MappingError.BudgetExceeded(1, 1, 1), refusal(sim, "p", 0x0100_2000L));
        assertEquals(List.of(0x0100_1000L), tables(sim));
    }
}
