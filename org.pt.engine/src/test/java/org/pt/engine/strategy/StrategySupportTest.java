package org.pt.engine.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.pt.engine.TestSpaces.applied;
import static org.pt.engine.TestSpaces.rejection;
import static org.pt.engine.TestSpaces.simulation;
import static org.pt.engine.TestSpaces.space;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pt.engine.core.AddressRange;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.Formats;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.space.AddressSpace;
import org.pt.engine.space.Event;
import org.pt.engine.space.MappingError;
import org.pt.engine.space.PageSizePolicy;
import org.pt.engine.space.Simulation;

/** The two space operations the strategies need: allocating empty tables on a path, and writing a table entry. */
class StrategySupportTest {

    private static final long POOL = 0x200_0000L;
    private static final long WINDOW = 0xFFFF_FE00_0000_0000L;

    @Test
    void ensureTablesAllocatesTheMissingTablesOnceAndOnlyThem() {
        Simulation sim = simulation(Formats.standard("x86_64").orElseThrow(), POOL, 1L << 20, 64);
        AddressSpace k = space(sim, "kernel");
        assertEquals(List.of(new Event.TableAllocated("PDPT", 0x200_1000L, AddressRange.ofSize(WINDOW, 1L << 39)),
                new Event.TableAllocated("PD", 0x200_2000L, AddressRange.ofSize(WINDOW, 1L << 30)),
                new Event.TableAllocated("PT", 0x200_3000L, AddressRange.ofSize(WINDOW, 2L << 20))),
                applied(k.ensureTables(0, WINDOW + 0x5000, 3)).events());
        assertEquals(List.of(), applied(k.ensureTables(0, WINDOW, 3)).events());
        assertEquals(List.of(new Event.TableAllocated("PT", 0x200_4000L, AddressRange.ofSize(WINDOW + (2L << 20), 2L << 20))),
                applied(k.ensureTables(0, WINDOW + (2L << 20), 3)).events());
        assertEquals(5, sim.memory().tableCount());
    }

    @Test
    void ensureTablesRefusesALeafInTheWay() {
        Simulation sim = simulation(Formats.standard("x86_64").orElseThrow(), POOL, 1L << 20, 64);
        AddressSpace k = space(sim, "kernel");
        applied(k.map(WINDOW, 2L << 20, 0x4000_0000L, Attributes.KERNEL_RW, PageSizePolicy.LARGEST, false));
        assertEquals(new MappingError.MalformedEntry("PD", WINDOW, 0x8000_0000_4000_00E3L, "maps a page where a table is needed"),
                rejection(k.ensureTables(0, WINDOW, 3)));
        assertEquals(new MappingError.NoSuchDepth("CR3", 4, 3), rejection(k.ensureTables(0, WINDOW, 4)));
        assertEquals(new MappingError.NoSuchDepth("CR3", 0, 3), rejection(k.setTableEntry(0, WINDOW, 0, 0)));
        assertEquals(new MappingError.Untranslatable(0x8000_0000_0000L, sim.format()),
                rejection(k.ensureTables(0, 0x8000_0000_0000L, 1)));
    }

    @Test
    void setTableEntryWritesOnceAndRefusesAnEntryInUse() {
        PagingFormat pae = Formats.standard("x86-pae").orElseThrow();
        Simulation sim = simulation(pae, POOL, 1L << 20, 64);
        AddressSpace k = space(sim, "kernel");
        applied(k.ensureTables(0, 0, 1));
        long pd0 = 0x200_1000L;
        long raw = pae.selfMapEntry(pd0, 2).getAsLong();
        applied(k.setTableEntry(0, 0xFF80_0000L, 1, raw));
        assertEquals(raw, sim.memory().read(0x200_2000L + 508 * 8));
        assertEquals(2, sim.memory().table(pd0).references());
        applied(k.setTableEntry(0, 0xFF80_0000L, 1, raw));
        assertEquals(2, sim.memory().table(pd0).references(), "writing the same entry again changes nothing");
        assertEquals(new MappingError.EntryInUse("kernel", "PD", 508, raw),
                rejection(k.setTableEntry(0, 0xFF80_0000L, 1, pae.selfMapEntry(0x200_2000L, 2).getAsLong())));
        assertEquals(new MappingError.NotATableEntry("x86-pae", 0x1063),
                rejection(k.setTableEntry(0, 0xFF80_0000L + (2L << 20), 1, 0x1063)));
    }
}
