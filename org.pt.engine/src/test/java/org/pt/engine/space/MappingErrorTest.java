package org.pt.engine.space;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pt.engine.core.AddressRange;
import org.pt.engine.format.AttributeError;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.X86Format;

/** One rendering per variant: the message names every value the variant carries. */
class MappingErrorTest {

    private static final AddressRange PAGE = AddressRange.ofSize(0xFFFF_8880_0000_1000L, 0x1000);

    @Test
    void everyVariantRendersItsValues() {
        assertEquals("empty range at 0x1000", new MappingError.InvalidRange(0x1000, 0, false).message());
        assertEquals("range 0xffff_ffff_ffff_f000 size 8 KiB wraps past 2^64",
                new MappingError.InvalidRange(0xFFFF_FFFF_FFFF_F000L, 0x2000, false).message());
        assertEquals("physical range 0xffff_ffff_ffff_f000 size 8 KiB wraps past 2^64",
                new MappingError.InvalidRange(0xFFFF_FFFF_FFFF_F000L, 0x2000, true).message());
        assertEquals("size 0x1001 is not aligned to 4 KiB", new MappingError.Misaligned("size", 0x1001, 4096).message());
        assertEquals("physical address 0x4000_0000_0fff is beyond the 46-bit physical address width",
                new MappingError.PhysicalBeyondWidth(0x4000_0000_0FFFL, 46).message());
        assertEquals("0x8000_0000_0000 is non-canonical: bits 63:47 must all equal bit 47",
                new MappingError.Untranslatable(0x8000_0000_0000L, X86Format.x86_64()).message());
        assertEquals("range 0x7fff_ffff_f000 ..= 0xffff_8000_0000_0fff (18014123631575048 KiB) crosses the gap between the translated "
                + "halves of the address space",
                new MappingError.CrossesHalves(AddressRange.inclusive(0x7FFF_FFFF_F000L, 0xFFFF_8000_0000_0FFFL)).message());
        assertEquals("the tables needed for " + PAGE + " cannot be counted in 64 bits",
                new MappingError.TableCountOverflow(PAGE).message());
        assertEquals("x86_64 cannot express '-w- kernel wb': write without read",
                new MappingError.UnsupportedAttributes(new AttributeError("x86_64", Attributes.of("w"),
                        "write without read")).message());
        assertEquals("x86_64 has no 8 KiB pages; its page sizes are 1 GiB, 2 MiB, 4 KiB",
                new MappingError.UnsupportedPageSize("x86_64", 8192, List.of(1L << 30, 2L << 20, 4096L)).message());
        assertEquals("cannot map 0x4000_0000 to 0x1_0000_0000: only supersections reach it",
                new MappingError.UnreachablePhysical(0x4000_0000L, 0x1_0000_0000L, "only supersections reach it").message());
        assertEquals("0xffff_8880_0000_1000 ..= 0xffff_8880_0000_1fff (4 KiB) is already mapped to 0x1000 rw- kernel wb; "
                + "the new mapping wants 0x1000 r-x kernel wb (say remap to replace it)",
                new MappingError.AlreadyMapped(PAGE, 0x1000, Attributes.KERNEL_RW, 0x1000, Attributes.KERNEL_RX).message());
        assertEquals("0xffff_8880_0000_1000 ..= 0xffff_8880_0000_1fff (4 KiB) is not mapped",
                new MappingError.NotMapped(PAGE).message());
        assertEquals("needs 3 more table frames but the budget of 3 has 2 left (1 in use)",
                new MappingError.BudgetExceeded(3, 1, 3).message());
        assertEquals("needs 1 more table frame but the budget of 3 has 0 left (4 in use)",
                new MappingError.BudgetExceeded(1, 4, 3).message());
        assertEquals("needs 3 more tables (12 KiB) but the table pools have 4 KiB free",
                new MappingError.PoolExhausted(3, 12 << 10, 4 << 10).message());
        assertEquals("a space named 'k' already exists", new MappingError.DuplicateSpace("k").message());
        assertEquals("space 'init' cannot share with 'kernel', which belongs to another machine",
                new MappingError.ShareAcrossMachines("init", "kernel").message());
        assertEquals("space 'k' cannot share with itself", new MappingError.ShareWithSelf("k").message());
        assertEquals("space 'init' already has mappings in " + PAGE + "; share before mapping",
                new MappingError.ShareAfterMapping("init", PAGE).message());
        assertEquals("PD[508] of space 'kernel' is already in use (0x8000000002001063)",
                new MappingError.EntryInUse("kernel", "PD", 508, 0x8000_0000_0200_1063L).message());
        assertEquals("PML4 has no entry 512 (it has 512)", new MappingError.NoSuchEntry("PML4", 512, 512).message());
        assertEquals("no table level at depth 4 below CR3 (depths 1 to 3)", new MappingError.NoSuchDepth("CR3", 4, 3).message());
        assertEquals("0x70000063 is not a table entry of x86_64 pointing at a table",
                new MappingError.NotATableEntry("x86_64", 0x7000_0063L).message());
        assertEquals("PD entry 0x70000027 for 0xffff_8880_0000_0000 points at 0x7000_0000, which holds no table",
                new MappingError.MalformedEntry("PD", 0xFFFF_8880_0000_0000L, 0x7000_0027L,
                        "points at 0x7000_0000, which holds no table").message());
    }
}
