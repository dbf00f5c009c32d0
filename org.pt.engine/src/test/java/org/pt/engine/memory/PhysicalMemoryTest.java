package org.pt.engine.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pt.engine.core.AddressRange;

class PhysicalMemoryTest {

    private static PhysicalMemory memory(int entryBytes, int unitShift, long budget) {
        return new PhysicalMemory(entryBytes, 12, unitShift, List.of(AddressRange.ofSize(0x10_0000L, 1 << 20)), budget);
    }

    @Test
    void tablesAreAllocatedLowestAddressFirstAndReusedAfterFree() {
        PhysicalMemory m = memory(8, 12, 100);
        assertEquals(0x10_0000L, m.allocateTable(4096, 4096, 1));
        assertEquals(0x10_1000L, m.allocateTable(4096, 4096, 1));
        assertEquals(0x10_2000L, m.allocateTable(4096, 4096, 1));
        m.freeTable(0x10_1000L);
        assertEquals(0x10_1000L, m.allocateTable(4096, 4096, 1));
        assertEquals(3, m.framesInUse());
        assertEquals(3 * 4096, m.tableBytesInUse());
    }

    @Test
    void smallTablesShareAFrameAndLargeOnesAreAligned() {
        PhysicalMemory m = memory(4, 10, 100);
        assertEquals(0x10_0000L, m.allocateTable(1024, 1024, 2));
        assertEquals(0x10_4000L, m.allocateTable(16384, 16384, 1));
        assertEquals(0x10_0400L, m.allocateTable(1024, 1024, 2));
        assertEquals(0x10_0800L, m.allocateTable(1024, 1024, 2));
        assertEquals(0x10_0C00L, m.allocateTable(1024, 1024, 2));
        assertEquals(0x10_1000L, m.allocateTable(1024, 1024, 2));
        assertEquals(6, m.framesInUse());
        m.freeTable(0x10_0400L);
        assertEquals(6, m.framesInUse());
        m.freeTable(0x10_0000L);
        m.freeTable(0x10_0800L);
        m.freeTable(0x10_0C00L);
        assertEquals(5, m.framesInUse());
    }

    /** Every way of reading {@code n} entries from {@code t}, one line per way. */
    private static List<String> reads(PhysicalMemory m, long t, int n) {
        long[] one = new long[n];
        long[] word = new long[n];
        for (int k = 0; k < n; k++) {
            one[k] = m.read(t + 8L * k);
            word[k] = m.readWord(t + 8L * k);
        }
        long[] bulk = new long[n];
        m.readEntries(t, 0, n, bulk);
        long[] tail = new long[n];
        m.readEntries(t, 3, n - 3, tail);
        return List.of(java.util.Arrays.toString(one), java.util.Arrays.toString(word),
                java.util.Arrays.toString(bulk), java.util.Arrays.toString(java.util.Arrays.copyOfRange(tail, 3, n)));
    }

    private static long[] linear(long first, long increment, int n) {
        long[] out = new long[n];
        for (int k = 0; k < n; k++) {
            out[k] = first + k * increment;
        }
        return out;
    }

    /**
     * A frame written whole by one linear run holds no words (reads compute them); a write, a fork's write, a rollback
     * and a free each leave exactly the entries a frame of words would hold.
     */
    @Test
    void aFrameWrittenByOneRunReadsAsItsWordsThroughEveryChange() {
        PhysicalMemory m = memory(8, 12, 100);
        long t = m.allocateTable(4096, 4096, 1);
        m.writeLinear(t, 512, 0x8000_0000_0040_0063L, 0x1000);
        long[] run = linear(0x8000_0000_0040_0063L, 0x1000, 512);
        String whole = java.util.Arrays.toString(run);
        String tail = java.util.Arrays.toString(java.util.Arrays.copyOfRange(run, 3, 512));
        assertEquals(List.of(whole, whole, whole, tail), reads(m, t, 512));
        assertEquals(true, m.isLinearFrame(t, 0x1000));
        PhysicalMemory fork = m.fork();
        fork.write(t + 8, 5);
        run[1] = 5;
        assertEquals(java.util.Arrays.toString(run), reads(fork, t, 512).get(2));
        assertEquals(List.of(whole, whole, whole, tail), reads(m, t, 512), "the fork's write is its own");
        m.beginJournal();
        m.write(t + 16, 7);
        m.writeLinear(t, 512, 9, 1);
        assertEquals(java.util.Arrays.toString(linear(9, 1, 512)), reads(m, t, 512).get(0));
        m.rollback();
        assertEquals(List.of(whole, whole, whole, tail), reads(m, t, 512), "rolled back to the run");
        assertEquals(true, m.isLinearFrame(t, 0x1000));
        m.freeTable(t);
        assertEquals(t, m.allocateTable(4096, 4096, 1));
        String zeros = java.util.Arrays.toString(new long[512]);
        assertEquals(List.of(zeros, zeros, zeros, java.util.Arrays.toString(new long[509])), reads(m, t, 512));
        assertEquals(false, m.isLinearFrame(t, 0x1000));
    }

    @Test
    void fourByteEntriesArePackedLittleEndianTwoPerWord() {
        PhysicalMemory m = memory(4, 12, 100);
        long t = m.allocateTable(4096, 4096, 1);
        m.write(t, 0x1111_1111L);
        m.write(t + 4, 0xFFFF_FFFFL);
        assertEquals(0x1111_1111L, m.read(t));
        assertEquals(0xFFFF_FFFFL, m.read(t + 4));
        m.write(t, 0);
        assertEquals(0xFFFF_FFFFL, m.read(t + 4));
        assertEquals(0, m.read(t));
    }

    @Test
    void freedTablesReadAsZeroAndMemoryOutsideTablesReadsZero() {
        PhysicalMemory m = memory(8, 12, 100);
        long t = m.allocateTable(4096, 4096, 1);
        m.write(t + 8, 0x1234);
        m.freeTable(t);
        assertEquals(0, m.read(t + 8));
        assertEquals(0, m.read(0x5000));
        long again = m.allocateTable(4096, 4096, 1);
        assertEquals(0, m.read(again + 8));
    }

    @Test
    void writingOutsideATableIsAnInternalError() {
        PhysicalMemory m = memory(8, 12, 100);
        assertEquals("write outside every table: 0x10_0000",
                assertThrows(IllegalStateException.class, () -> m.write(0x10_0000L, 1)).getMessage());
    }

    @Test
    void aFullPoolReturnsNoAddress() {
        PhysicalMemory m = new PhysicalMemory(8, 12, 12, List.of(AddressRange.ofSize(0x10_0000L, 0x2000)), 100);
        m.allocateTable(4096, 4096, 1);
        m.allocateTable(4096, 4096, 1);
        assertEquals(-1, m.allocateTable(4096, 4096, 1));
        assertEquals(0, m.freeBytes());
    }

    @Test
    void overlappingPoolsAreRefused() {
        assertEquals("table pools overlap: 0x10_0000 ..= 0x10_ffff (64 KiB) and 0x10_8000 ..= 0x10_8fff (4 KiB)",
                assertThrows(IllegalArgumentException.class, () -> new PhysicalMemory(8, 12, 12,
                        List.of(AddressRange.ofSize(0x10_0000L, 0x1_0000), AddressRange.ofSize(0x10_8000L, 0x1000)), 10))
                        .getMessage());
    }

    @Test
    void tableLookupsSurviveGrowthAndRemovalsInAnyOrder() {
        PhysicalMemory m = new PhysicalMemory(8, 12, 12, List.of(AddressRange.ofSize(0x1_0000_0000L, 16L << 20)), 1 << 20);
        long[] pa = new long[3000];
        for (int k = 0; k < pa.length; k++) {
            pa[k] = m.allocateTable(4096, 4096, k % 4);
        }
        for (int k = 0; k < pa.length; k += 3) {
            m.freeTable(pa[k]);
        }
        for (int k = 0; k < pa.length; k++) {
            if (k % 3 == 0) {
                assertEquals(null, m.table(pa[k]), "freed " + k);
            } else {
                assertEquals(pa[k], m.table(pa[k]).pa());
                assertEquals(k % 4, m.table(pa[k]).archLevel());
            }
        }
        assertEquals(2000, m.tableCount());
        assertEquals(2000, m.tables().size());
        assertEquals(null, m.table(0x1_0000_0800L));
    }

    @Test
    void readEntriesEqualsReadingEachEntryAcrossFramesAndOutsideTables() {
        PhysicalMemory m = memory(4, 10, 100);
        long t = m.allocateTable(16384, 16384, 1);
        for (int i = 0; i < 4096; i++) {
            m.write(t + i * 4L, 0x8000_0000L | i * 7L);
        }
        long[] into = new long[4096];
        m.readEntries(t, 1020, 8, into);
        for (int i = 1020; i < 1028; i++) {
            assertEquals(0x8000_0000L | i * 7L, into[i], "entry " + i);
        }
        assertEquals(0, into[1019]);
        assertEquals(0, into[1028]);
        m.readEntries(0x20_0000L, 0, 4, into);
        assertEquals(List.of(0L, 0L, 0L, 0L), List.of(into[0], into[1], into[2], into[3]));
    }
}
