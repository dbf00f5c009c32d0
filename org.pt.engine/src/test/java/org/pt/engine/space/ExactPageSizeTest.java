package org.pt.engine.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.pt.engine.TestSpaces.applied;
import static org.pt.engine.TestSpaces.rejection;
import static org.pt.engine.TestSpaces.simulation;
import static org.pt.engine.TestSpaces.space;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pt.engine.core.AddressRange;
import org.pt.engine.format.Access;
import org.pt.engine.format.ArmV7ShortFormat;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.Feature;
import org.pt.engine.format.X86Format;
import org.pt.engine.walk.Translation;

/** {@code pages = SIZE}: every page of the mapping has that size, or the map is refused naming why, changing nothing. */
class ExactPageSizeTest {

    private static final long K = 0xFFFF_8880_0000_0000L;
    private static final long MIB = 1L << 20;
    private static final Attributes RW = Attributes.KERNEL_RW;

    private static Simulation x86() {
        return simulation(X86Format.x86_64(), 0x0200_0000L, 64 * MIB, 1 << 16);
    }

    private static List<Run> runs(AddressSpace s, long va, long size) {
        return s.runs(AddressRange.ofSize(va, size));
    }

    @Test
    void exactTwoMiBUsesTwoMiBPagesEvenWhereOneGiBWouldFit() {
        AddressSpace s = space(x86(), "k");
        applied(s.map(K, 1L << 30, 0x4000_0000L, RW, PageSizePolicy.exact(2 * MIB), false));
        List<Run> r = runs(s, K, 1L << 30);
        assertEquals(1, r.size());
        assertEquals(2 * MIB, r.get(0).pageSize());
        assertEquals(512, r.get(0).pages());
        // the same mapping by default takes one 1 GiB page: the exact size is what held it to 2 MiB
        AddressSpace d = space(x86(), "d");
        applied(d.map(K, 1L << 30, 0x4000_0000L, RW, PageSizePolicy.LARGEST, false));
        assertEquals(1L << 30, runs(d, K, 1L << 30).get(0).pageSize());
    }

    @Test
    void misalignedPhysicalAddressIsRefusedByHowMuchAndMapsNothing() {
        AddressSpace s = space(x86(), "k");
        MappingError e = rejection(s.map(K, 16 * MIB, 0x8030_0000L, RW, PageSizePolicy.exact(2 * MIB), false));
        assertEquals(new MappingError.PageSizeUnmet(2 * MIB, "PA 0x8030_0000 is 0x10_0000 past a 2 MiB boundary"), e);
        assertEquals("pages = 2 MiB cannot be met: PA 0x8030_0000 is 0x10_0000 past a 2 MiB boundary", e.message());
        assertInstanceOf(Translation.NotMapped.class, s.translate(K, Access.KERNEL_READ));
        // a cap maps the same range (with 4 KiB pages)
        applied(s.map(K, 16 * MIB, 0x8030_0000L, RW, PageSizePolicy.cap(2 * MIB), false));
        assertEquals(4096, runs(s, K, 16 * MIB).get(0).pageSize());
    }

    @Test
    void everyMisfitIsNamedVaPaThenSize() {
        AddressSpace s = space(x86(), "k");
        assertEquals(new MappingError.PageSizeUnmet(2 * MIB, "VA 0xffff_8880_0000_1000 is 0x1000 past a 2 MiB boundary"),
                rejection(s.map(K + 0x1000, 2 * MIB, 0x20_0000L, RW, PageSizePolicy.exact(2 * MIB), false)));
        assertEquals(new MappingError.PageSizeUnmet(2 * MIB, "size 3 MiB is 1 MiB past a multiple of 2 MiB"),
                rejection(s.map(K, 3 * MIB, 0x20_0000L, RW, PageSizePolicy.exact(2 * MIB), false)));
        assertEquals(new MappingError.PageSizeUnmet(1L << 30, "VA 0xffff_8880_0020_0000 is 0x20_0000 past a 1 GiB "
                + "boundary; PA 0x60_0000 is 0x60_0000 past a 1 GiB boundary; size 2 MiB is smaller than 1 GiB"),
                rejection(s.map(K + 2 * MIB, 2 * MIB, 0x60_0000L, RW, PageSizePolicy.exact(1L << 30), false)));
    }

    @Test
    void aSizeTheFormatDoesNotHaveIsRefusedListingItsSizes() {
        AddressSpace s = space(simulation(X86Format.of(X86Format.Mode.PAE, 36, Set.of(Feature.NX), X86Format.LINUX_PAT),
                0x0200_0000L, 4 * MIB, 1 << 10), "k");
        assertEquals("x86-pae has no 1 GiB pages; its page sizes are 2 MiB, 4 KiB",
                rejection(s.map(0xC000_0000L, 1L << 30, 0, RW, PageSizePolicy.exact(1L << 30), false)).message());
    }

    @Test
    void aTableAlreadyWhereThePageGoesRefusesARemap() {
        AddressSpace s = space(x86(), "k");
        applied(s.map(K, 2 * MIB, 0x20_0000L, RW, PageSizePolicy.SMALLEST, false));
        assertEquals(new MappingError.PageSizeUnmet(2 * MIB, "PD entry 0 for VA 0xffff_8880_0000_0000 already points "
                + "at a table"), rejection(s.map(K, 2 * MIB, 0x20_0000L, RW, PageSizePolicy.exact(2 * MIB), true)));
        assertEquals(4096, runs(s, K, 2 * MIB).get(0).pageSize(), "the 4 KiB pages are kept");
    }

    @Test
    void armv7LargePagesAndSupersectionsAreMetAndUnreachableSectionsAreNamed() {
        ArmV7ShortFormat f = ArmV7ShortFormat.of(40, Set.of(Feature.SUPERSECTIONS));
        AddressSpace s = space(simulation(f, 0x4000_0000L, MIB, 1 << 10), "k");
        applied(s.map(0xC000_0000L, 256 * 1024, 0x4010_0000L, RW, PageSizePolicy.exact(64 * 1024), false));
        assertEquals(64 * 1024, runs(s, 0xC000_0000L, 256 * 1024).get(0).pageSize());
        applied(s.map(0xD000_0000L, 32 * MIB, 0x1_0000_0000L, RW, PageSizePolicy.exact(16 * MIB), false));
        assertEquals(16 * MIB, runs(s, 0xD000_0000L, 32 * MIB).get(0).pageSize());
        // above 4 GiB only supersections hold the PA: 1 MiB sections cannot be met there
        assertEquals(new MappingError.PageSizeUnmet(MIB, "VA 0xe000_0000 to PA 0x1_0200_0000: physical address "
                + "0x1_0200_0000 is above 4 GiB, which only 16 MiB supersections reach (VA, PA and size must be 16 MiB "
                + "aligned)"), rejection(s.map(0xE000_0000L, 2 * MIB, 0x1_0200_0000L, RW, PageSizePolicy.exact(MIB), false)));
    }

    @Test
    void whereAPageCanGoIsArithmetic() {
        long p = 2 * MIB;
        assertEquals(Optional.empty(), PageFit.whyNowhere(K, 0x20_0000L, 4 * MIB, p));
        // congruent but offset: a 2 MiB page fits from the first boundary when the size leaves room
        assertEquals(Optional.empty(), PageFit.whyNowhere(K + 0x1000, 0x20_1000L, 4 * MIB, p));
        assertEquals(Optional.of("VA 0xffff_8880_0000_1000 size 3 MiB holds no whole 2 MiB page between 2 MiB "
                + "boundaries"), PageFit.whyNowhere(K + 0x1000, 0x20_1000L, 3 * MIB, p));
        assertEquals(Optional.of("PA 0x8030_0000 is 0x10_0000 past a 2 MiB boundary (VA 0xffff_8880_0000_0000 is on one)"),
                PageFit.whyNowhere(K, 0x8030_0000L, 16 * MIB, p));
        assertEquals(Optional.of("VA 0xffff_8880_0000_1000 is 0x1000 past a 2 MiB boundary (PA 0x20_0000 is on one)"),
                PageFit.whyNowhere(K + 0x1000, 0x20_0000L, 16 * MIB, p));
        assertEquals(Optional.of("VA 0xffff_8880_0000_1000 is 0x1000 past a 2 MiB boundary and PA 0x20_2000 is 0x2000 "
                + "past a 2 MiB boundary: no VA boundary meets a PA boundary"),
                PageFit.whyNowhere(K + 0x1000, 0x20_2000L, 16 * MIB, p));
        assertEquals(Optional.of("size 1 MiB is smaller than 2 MiB"), PageFit.whyNowhere(K, 0, MIB, p));
        assertEquals(4096, PageFit.largestFitting(K, 0x8030_0000L, 16 * MIB, 1L << 30, List.of(1L << 30, p, 4096L)));
        assertEquals(p, PageFit.largestFitting(K, 0x8020_0000L, 1L << 30, 1L << 30, List.of(1L << 30, p, 4096L)));
    }
}
