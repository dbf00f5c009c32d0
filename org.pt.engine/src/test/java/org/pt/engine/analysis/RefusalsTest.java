package org.pt.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.pt.engine.analysis.Specs.GIB;
import static org.pt.engine.analysis.Specs.MIB;
import static org.pt.engine.analysis.Specs.TIB;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pt.engine.core.AddressRange;
import org.pt.engine.format.AttributeError;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.Formats;
import org.pt.engine.format.X86Format;
import org.pt.engine.model.Layout;
import org.pt.engine.model.Machine;
import org.pt.engine.model.Purpose;
import org.pt.engine.space.MappingError;

/** A refused statement becomes a finding with its error's own code, its message and its values as data. */
class RefusalsTest {

    private static final AddressRange PAGE = AddressRange.ofSize(0x1000, 0x1000);

    /** One of each variant: the codes are all different, and no code of another concern is among them. */
    @Test
    void everyVariantHasItsOwnCode() {
        List<MappingError> all = List.of(new MappingError.InvalidRange(0, 0, false),
                new MappingError.Misaligned("size", 1, 4096), new MappingError.PhysicalBeyondWidth(1L << 46, 46),
                new MappingError.Untranslatable(1L << 47, X86Format.x86_64()), new MappingError.CrossesHalves(PAGE),
                new MappingError.TableCountOverflow(PAGE),
                new MappingError.UnsupportedAttributes(new AttributeError("x86_64", Attributes.of("w"), "why")),
                new MappingError.UnsupportedPageSize("x86_64", 8192, List.of(4096L)),
                new MappingError.PageSizeUnmet(2L << 20, "why"),
                new MappingError.UnreachablePhysical(0, 1L << 32, "why"),
                new MappingError.AlreadyMapped(PAGE, 0, Attributes.KERNEL_RW, 0x1000, Attributes.KERNEL_RW),
                new MappingError.NotMapped(PAGE), new MappingError.BudgetExceeded(3, 1, 3),
                new MappingError.PoolExhausted(3, 12288, 4096), new MappingError.DuplicateSpace("k"),
                new MappingError.RootMisplaced("k", "CR3", 0x800, "why"),
                new MappingError.ShareAcrossMachines("a", "b"), new MappingError.ShareWithSelf("a"),
                new MappingError.ShareAfterMapping("a", PAGE), new MappingError.EntryInUse("a", "PML4", 1, 3),
                new MappingError.NoSuchEntry("PML4", 512, 512), new MappingError.NoSuchDepth("CR3", 4, 3),
                new MappingError.NotATableEntry("x86_64", 0), new MappingError.MalformedEntry("PD", 0, 0, "why"));
        assertEquals(MappingError.class.getPermittedSubclasses().length, all.size(), "one sample per variant");
        Set<Code> codes = EnumSet.noneOf(Code.class);
        all.forEach(e -> codes.add(Code.of(e)));
        assertEquals(EnumSet.of(Code.INVALID_RANGE, Code.MISALIGNED, Code.PHYSICAL_BEYOND_WIDTH,
                Code.UNTRANSLATABLE_ADDRESS, Code.CROSSES_HALVES, Code.TABLE_COUNT_OVERFLOW, Code.UNSUPPORTED_ATTRIBUTES,
                Code.UNSUPPORTED_PAGE_SIZE, Code.PAGE_SIZE_UNMET, Code.PHYSICAL_UNREACHABLE, Code.MAPPING_CONFLICT, Code.NOT_MAPPED,
                Code.BUDGET_EXCEEDED, Code.POOL_EXHAUSTED, Code.DUPLICATE_SPACE, Code.ROOT_MISPLACED, Code.SHARE_ACROSS_MACHINES,
                Code.SHARE_WITH_SELF, Code.SHARE_AFTER_MAPPING, Code.ENTRY_IN_USE, Code.NO_SUCH_ENTRY, Code.NO_SUCH_DEPTH,
                Code.NOT_A_TABLE_ENTRY, Code.MALFORMED_ENTRY), codes);
    }

    @Test
    void aConflictingMapIsMappingConflictWithItsValuesAsData() {
        Machine pc = Specs.machine("pc", Formats.standard("x86_64").orElseThrow()).ram(0, 1 * GIB)
                .tables(0x200_0000, 4 * MIB).build();
        Layout l = Specs.layout("l", pc).region("user", Purpose.USER, 0, 128 * TIB).build();
        AnalysisResult r = Specs.analyse(List.of(pc), List.of(l), List.of(Specs.space("k", l)
                .map(0x40_0000, 0x1000, 0x10_0000, Attributes.KERNEL_RW)
                .map(0x40_0000, 0x1000, 0x20_0000, Attributes.KERNEL_RW).build()));
        Finding f = r.findings().stream().filter(x -> x.code() == Code.MAPPING_CONFLICT).findFirst().orElseThrow();
        assertEquals(new Finding(Severity.ERROR, Code.MAPPING_CONFLICT, "0x40_0000 ..= 0x40_0fff (4 KiB) is already mapped "
                + "to 0x10_0000 rw- kernel wb; the new mapping wants 0x20_0000 rw- kernel wb (say remap to replace it)",
                List.of(new Subject.OperationRef("k", 1)), Map.of("start", "0x40_0000", "last", "0x40_0fff",
                        "existingPa", "0x10_0000", "existing", "rw- kernel wb", "requestedPa", "0x20_0000",
                        "requested", "rw- kernel wb")), f);
    }

    @Test
    void theBudgetRefusesWithItsNumbers() {
        Machine pc = Specs.machine("pc", Formats.standard("x86_64").orElseThrow()).ram(0, 1 * GIB)
                .tables(0x200_0000, 4 * MIB).budget(3).build();
        Layout l = Specs.layout("l", pc).region("user", Purpose.USER, 0, 128 * TIB).build();
        AnalysisResult r = Specs.analyse(List.of(pc), List.of(l), List.of(Specs.space("k", l)
                .map(0x40_0000, 0x1000, 0x10_0000, Attributes.KERNEL_RW).build()));
        assertEquals(List.of("error: needs 3 more table frames but the budget of 3 has 2 left (1 in use) [BUDGET_EXCEEDED]"),
                Specs.lines(r, Code.BUDGET_EXCEEDED));
        assertEquals(Map.of("framesNeeded", "3", "framesInUse", "1", "budget", "3"),
                r.findings().stream().filter(x -> x.code() == Code.BUDGET_EXCEEDED).findFirst().orElseThrow().data());
    }

    /** Issue 12: a budget of 2^64 - 1 frames was "the budget of -1 has 0 left"; counts are unsigned, in text and data. */
    @Test
    void frameAndTableCountsAreNeverPrintedSigned() {
        MappingError most = new MappingError.BudgetExceeded(3, 5, -1L);
        assertEquals("needs 3 more table frames but the budget of 18446744073709551615 has 18446744073709551610 left "
                + "(5 in use)", most.message());
        assertEquals(Map.of("framesNeeded", "3", "framesInUse", "5", "budget", "18446744073709551615"),
                Refusals.data(most));
        assertEquals("needs 9223372036854775808 more table frames but the budget of 9223372036854775808 has "
                + "9223372036854775807 left (1 in use)", new MappingError.BudgetExceeded(Long.MIN_VALUE, 1,
                        Long.MIN_VALUE).message());
        assertEquals("needs 1 more table frame but the budget of 3 has 0 left (5 in use)",
                new MappingError.BudgetExceeded(1, 5, 3).message());
        MappingError pools = new MappingError.PoolExhausted(-1L, 4096, 0);
        assertEquals("needs 18446744073709551615 more tables (4 KiB) but the table pools have 0 B free",
                pools.message());
        assertEquals("18446744073709551615", Refusals.data(pools).get("tablesNeeded"));
    }
}
