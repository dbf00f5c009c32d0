package org.pt.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pt.engine.core.AddressRange;
import org.pt.engine.format.Feature;

/** The rules of {@code machine b extends a}: each with exact results, order included. */
class MachineExtensionTest {

    private static PhysicalRegion line(PhysicalKind kind, long start, long last, String label) {
        return new PhysicalRegion(0, kind, new AddressRange(start, last), label);
    }

    private static final PhysicalRegion LOW = line(PhysicalKind.RESERVED, 0x0, 0x7fff_ffff, "low");
    private static final PhysicalRegion RAM = line(PhysicalKind.RAM, 0x8000_0000L, 0xbfff_ffffL, "library RAM");
    private static final PhysicalRegion UART = line(PhysicalKind.MMIO, 0x1000_0000_0000L, 0x1000_0000_0fffL, "uart");

    @Test
    void aChildLineOverlappingAParentLineReplacesItInItsPlace() {
        PhysicalRegion bigger = line(PhysicalKind.RAM, 0x8020_0000L, 0x2_7fff_ffffL, "board RAM");
        MachineExtension.Merged<PhysicalRegion> m = MachineExtension.memory(List.of(LOW, RAM, UART),
                List.of(bigger), PhysicalRegion::range);
        assertEquals(List.of(LOW, bigger, UART), m.lines());
        assertEquals(List.of(RAM), m.replacedBy(bigger));
        assertEquals(List.of(), m.replacedBy(LOW));
    }

    @Test
    void aChildLineOverlappingNothingIsAddedAfterTheParentsLines() {
        PhysicalRegion gpio = line(PhysicalKind.MMIO, 0x2000_0000_0000L, 0x2000_0000_0fffL, "gpio");
        MachineExtension.Merged<PhysicalRegion> m = MachineExtension.memory(List.of(LOW, RAM), List.of(gpio),
                PhysicalRegion::range);
        assertEquals(List.of(LOW, RAM, gpio), m.lines());
        assertEquals(Map.of(), m.replaced());
    }

    @Test
    void aChildLineOverlappingTwoParentLinesReplacesBothAndStandsWhereTheFirstStood() {
        PhysicalRegion all = line(PhysicalKind.RAM, 0x0, 0xffff_ffffL, "all");
        MachineExtension.Merged<PhysicalRegion> m = MachineExtension.memory(List.of(LOW, RAM, UART), List.of(all),
                PhysicalRegion::range);
        assertEquals(List.of(all, UART), m.lines());
        assertEquals(List.of(LOW, RAM), m.replacedBy(all));
    }

    @Test
    void twoChildLinesOverlappingOneParentLineBothStaySoTheirOverlapCanBeReported() {
        PhysicalRegion a = line(PhysicalKind.RAM, 0x8000_0000L, 0x8fff_ffffL, "a");
        PhysicalRegion b = line(PhysicalKind.RESERVED, 0x8800_0000L, 0x8800_ffffL, "b");
        MachineExtension.Merged<PhysicalRegion> m = MachineExtension.memory(List.of(RAM), List.of(a, b),
                PhysicalRegion::range);
        assertEquals(List.of(a, b), m.lines(), "b overlaps a: the merged list keeps both for the overlap check");
        assertEquals(List.of(RAM), m.replacedBy(a));
        assertEquals(List.of(), m.replacedBy(b));
    }

    @Test
    void scalarsOfTheChildReplaceTheParentsAndTheOthersAreInherited() {
        assertEquals(Optional.of(4), MachineExtension.property(Optional.of(1), Optional.of(4)));
        assertEquals(Optional.of(1), MachineExtension.property(Optional.of(1), Optional.empty()));
        assertEquals(Optional.empty(), MachineExtension.property(Optional.empty(), Optional.<Integer>empty()));
    }

    @Test
    void featuresAddToTheParentsWithoutRepeats() {
        assertEquals(List.of(Feature.NX, Feature.GLOBAL_PAGES, Feature.SMEP),
                MachineExtension.features(List.of(Feature.NX, Feature.GLOBAL_PAGES),
                        List.of(Feature.SMEP, Feature.NX)));
    }

    @Test
    void poolsOfTheChildReplaceAllOfTheParents() {
        assertEquals(List.of("c"), MachineExtension.pools(List.of("p1", "p2"), List.of("c")));
        assertEquals(List.of("p1", "p2"), MachineExtension.pools(List.of("p1", "p2"), List.of()));
    }

    @Test
    void aCycleIsFoundFromEachOfItsMembersOnly() {
        Map<String, String> parents = Map.of("a", "b", "b", "c", "c", "b", "d", "d", "e", "a");
        assertEquals(Optional.of(List.of("b", "c", "b")), MachineExtension.cycle("b", s -> Optional.ofNullable(
                parents.get(s))));
        assertEquals(Optional.of(List.of("c", "b", "c")), MachineExtension.cycle("c", s -> Optional.ofNullable(
                parents.get(s))));
        assertEquals(Optional.empty(), MachineExtension.cycle("a", s -> Optional.ofNullable(parents.get(s))),
                "a runs into the cycle of b and c without being on it");
        assertEquals(Optional.of(List.of("d", "d")), MachineExtension.cycle("d", s -> Optional.ofNullable(
                parents.get(s))));
        assertEquals(Optional.empty(), MachineExtension.cycle("f", s -> Optional.ofNullable(parents.get(s))));
    }

    @Test
    void aChainThatEndsHasNoCycle() {
        Map<String, String> parents = Map.of("board", "soc", "soc", "std");
        assertEquals(Optional.empty(), MachineExtension.cycle("board", s -> Optional.ofNullable(parents.get(s))));
    }

    @Test
    void theMergedListIsImmutable() {
        MachineExtension.Merged<PhysicalRegion> m = MachineExtension.memory(List.of(RAM), List.of(), PhysicalRegion::range);
        assertSame(RAM, m.lines().get(0));
        org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class, () -> m.lines().add(LOW));
    }
}
