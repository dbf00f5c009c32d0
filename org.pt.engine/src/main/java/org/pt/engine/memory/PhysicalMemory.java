package org.pt.engine.memory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.pt.engine.core.AddressRange;
import org.pt.engine.core.Unsigned;

/**
 * Simulated physical memory holding page tables. Only the frames that hold tables exist; every other
 * physical address reads as zero. Frames are {@code long[]} arrays (no object per entry); 4-byte entries
 * are packed two per {@code long}, little-endian, so table memory equals the real table bytes.
 *
 * <p>Tables are allocated from pools (physical ranges) lowest address first with a bitmap of allocation
 * units, so allocation is deterministic and a released reservation leaves the allocator exactly as it was.
 * Tables smaller than a frame (PAE PDPTs, ARMv7 second-level tables, small AArch64 roots) share frames.
 *
 * <p>{@link #fork} copies a memory in the time it takes to copy its bookkeeping: the two share every frame
 * copy-on-write (a frame is copied by whichever of them first writes it), so that an analysis can keep the memory as
 * it was after some spaces were built and start later builds from it ({@code AnalysisMemo}).
 */
public final class PhysicalMemory implements EntryReader {

    private static final int CHUNK_SHIFT = 16;
    private static final int CHUNK_MASK = (1 << CHUNK_SHIFT) - 1;
    /**
     * The most frames one pool may have: 2^36 (256 TiB of 4 KiB frames), so that its bookkeeping arrays stay small
     * however large a pool is written. A larger pool is refused ({@link #tracks}); the analysis reports it.
     */
    public static final long MAX_POOL_FRAMES = 1L << 36;

    private final int entryBytes;
    private final int frameShift;
    private final int unitShift;
    private final Pool[] pools;
    private final long frameBudget;
    private final TableIndex tables = new TableIndex();
    private long framesInUse;
    /** Frames that hold words (see {@link Pool#linear}): this memory's own or shared with a fork. */
    private long framesWithWords;
    private long tableBytesInUse;
    private Pool lastPool;
    /** The 8-byte words of a frame, less one: the index of a word in its frame from a pool offset. */
    private final int wordMask;

    /** The undo log of the operation under way, or null (see {@link #beginJournal}). */
    private Journal journal;
    /** Journals started so far: each stamps the frames it records with its own number. */
    private long generations;
    /** Test hook: changes left before the journaled operation fails (negative: never). */
    private int failAfter = -1;
    /**
     * Whether this memory shares frames with another ({@link #fork}): then a frame is written in place only when this
     * memory owns it (created or copied it since), every other is copied first.
     */
    private boolean copyOnWrite;
    /** Whether some pool owns a frame ({@link Pool#owned}): a fork then has to give the frames up first. */
    private boolean ownsAny;

    /**
     * The undo log of one operation: each pre-existing frame's content before its first change, the allocator's
     * counters, and the allocations, frees and reference changes in order (a primitive log: a table address with the
     * kind of change in its two low bits, which table alignment leaves free). Frames the operation creates are only
     * stamped with its generation: undoing their allocations drops them again, so filling new tables copies nothing.
     */
    private final class Journal {
        static final int ALLOC = 0;
        static final int FREE = 1;
        static final int REF = 2;
        static final int UNREF = 3;

        final long generation = ++generations;
        final List<Saved> frames = new ArrayList<>();
        long[] log = new long[64];
        int logSize;
        final List<TableInfo> freed = new ArrayList<>();
        final long framesInUse = PhysicalMemory.this.framesInUse;
        final long tableBytesInUse = PhysicalMemory.this.tableBytesInUse;
        final long[] firstFree = new long[pools.length];
        /** The frame last recorded: consecutive writes into it need no lookup. */
        long[] last;

        Journal() {
            for (int i = 0; i < pools.length; i++) {
                firstFree[i] = pools[i].firstFree;
            }
        }

        void log(long pa, int kind) {
            if (logSize == log.length) {
                log = java.util.Arrays.copyOf(log, logSize * 2);
            }
            log[logSize++] = pa | kind;
        }

        /** Records frame {@code index} of {@code p} (null: absent) before its first change in this operation. */
        void save(Pool p, long index, long[] data) {
            if (data != null && data == last) {
                return;
            }
            if (p.stamp(index, generation) != generation) {
                frames.add(new Saved(p, index, data == null ? null : data.clone(), p.linearFirst(index),
                        p.linear(index)));
            }
            last = data;
        }
    }

    /** A frame as it was: its words (null: none held, see {@link Pool#linear}) and its linear run, if any. */
    private record Saved(Pool pool, long index, long[] data, long first, long increment) {
    }

    /** Bookkeeping of one table: its level, size and how many entries (in any table or root register) point at it. */
    public static final class TableInfo {
        private final long pa;
        private final int bytes;
        private final int archLevel;
        private int references;

        TableInfo(long pa, int bytes, int archLevel) {
            this.pa = pa;
            this.bytes = bytes;
            this.archLevel = archLevel;
        }

        public long pa() {
            return pa;
        }

        public int bytes() {
            return bytes;
        }

        public int archLevel() {
            return archLevel;
        }

        public int references() {
            return references;
        }
    }

    /**
     * Table bookkeeping by physical address: open addressing with linear probing on a {@code long[]} of keys, so the
     * lookup a traversal makes for every table entry it follows neither boxes nor chases a bucket list.
     */
    private static final class TableIndex {
        private long[] keys = new long[64];
        private TableInfo[] values = new TableInfo[64];
        private int size;

        /**
         * Tables are allocated lowest address first, so whole-frame tables take consecutive slots (a build touches the
         * index in address order, cache line after cache line); tables inside one frame (PAE's PDPTs, ARMv7's 1 KiB
         * L2 tables) are spread by their offset.
         */
        private int slot(long pa, int mask) {
            return (int) ((pa >>> 12) ^ (pa >>> 40) ^ ((pa & 0xFFF) * 0x9E37_79B9L)) & mask;
        }

        TableInfo get(long pa) {
            int mask = keys.length - 1;
            for (int i = slot(pa, mask);; i = (i + 1) & mask) {
                TableInfo v = values[i];
                if (v == null || keys[i] == pa) {
                    return v;
                }
            }
        }

        void put(long pa, TableInfo info) {
            if ((size + 1) * 4L > keys.length * 3L) {
                long[] oldKeys = keys;
                TableInfo[] oldValues = values;
                keys = new long[oldKeys.length * 2];
                values = new TableInfo[oldKeys.length * 2];
                size = 0;
                for (int i = 0; i < oldKeys.length; i++) {
                    if (oldValues[i] != null) {
                        put(oldKeys[i], oldValues[i]);
                    }
                }
            }
            int mask = keys.length - 1;
            int i = slot(pa, mask);
            while (values[i] != null && keys[i] != pa) {
                i = (i + 1) & mask;
            }
            if (values[i] == null) {
                size++;
            }
            keys[i] = pa;
            values[i] = info;
        }

        /** Removes {@code pa}, shifting later entries of its probe sequence back so no lookup stops early. */
        TableInfo remove(long pa) {
            int mask = keys.length - 1;
            int i = slot(pa, mask);
            while (values[i] != null && keys[i] != pa) {
                i = (i + 1) & mask;
            }
            TableInfo removed = values[i];
            if (removed == null) {
                return null;
            }
            size--;
            int hole = i;
            for (int j = (i + 1) & mask; values[j] != null; j = (j + 1) & mask) {
                int home = slot(keys[j], mask);
                // the entry at j may fill the hole when its home does not lie in the cyclic range (hole, j]
                if (((j - home) & mask) >= ((j - hole) & mask)) {
                    keys[hole] = keys[j];
                    values[hole] = values[j];
                    hole = j;
                }
            }
            values[hole] = null;
            return removed;
        }

        int size() {
            return size;
        }

        List<TableInfo> values() {
            List<TableInfo> out = new ArrayList<>(size);
            for (TableInfo v : values) {
                if (v != null) {
                    out.add(v);
                }
            }
            return out;
        }
    }

    private final class Pool {
        final long base;
        final long bytes;
        final long units;
        final long[][][] frames;
        final long[][] used;
        /** Per frame, the generation of the last journal that recorded or created it. */
        final long[][] stamps;
        /** A bitmap of the frames this memory may write in place while {@link #copyOnWrite}. */
        final long[][] owned;
        /**
         * Per frame, the increment of the one {@link #writeLinear} run that last wrote the whole frame (its k-th word
         * is its first plus k increments), or 0: unknown. Any other write of the frame sets it to 0. Such a frame may
         * hold no words at all: then {@link #linearFirst} holds its first word and reads compute the others.
         */
        final long[][] linear;
        /** Per frame with a {@link #linear} increment, its first word. */
        final long[][] linearFirst;
        long firstFree;

        Pool(AddressRange range) {
            this.base = range.start();
            this.bytes = range.size();
            this.units = bytes >>> unitShift;
            long frameCount = (bytes + (1L << frameShift) - 1) >>> frameShift;
            if (!tracks(range, frameShift)) {
                throw new IllegalArgumentException("table pool " + range + " is larger than the "
                        + org.pt.engine.core.SizeUnit.format(MAX_POOL_FRAMES << frameShift) + " PT simulates per pool");
            }
            this.frames = new long[(int) ((frameCount + CHUNK_MASK) >>> CHUNK_SHIFT)][][];
            long words = (units + 63) >>> 6;
            this.used = new long[(int) ((words + CHUNK_MASK) >>> CHUNK_SHIFT)][];
            this.stamps = new long[(int) ((frameCount + CHUNK_MASK) >>> CHUNK_SHIFT)][];
            this.owned = new long[(int) ((((frameCount + 63) >>> 6) + CHUNK_MASK) >>> CHUNK_SHIFT)][];
            this.linear = new long[(int) ((frameCount + CHUNK_MASK) >>> CHUNK_SHIFT)][];
            this.linearFirst = new long[linear.length][];
        }

        /** A copy of {@code from} that shares its frames (owning none) and starts with no journal stamps. */
        Pool(Pool from) {
            this.base = from.base;
            this.bytes = from.bytes;
            this.units = from.units;
            this.frames = new long[from.frames.length][][];
            for (int c = 0; c < frames.length; c++) {
                frames[c] = from.frames[c] == null ? null : from.frames[c].clone();
            }
            this.used = new long[from.used.length][];
            for (int c = 0; c < used.length; c++) {
                used[c] = from.used[c] == null ? null : from.used[c].clone();
            }
            this.stamps = new long[from.stamps.length][];
            this.owned = new long[from.owned.length][];
            this.linear = new long[from.linear.length][];
            this.linearFirst = new long[from.linearFirst.length][];
            for (int c = 0; c < linear.length; c++) {
                linear[c] = from.linear[c] == null ? null : from.linear[c].clone();
                linearFirst[c] = from.linearFirst[c] == null ? null : from.linearFirst[c].clone();
            }
            this.firstFree = from.firstFree;
        }

        /** The increment frame {@code index} is known to step by ({@link #linear}), or 0. */
        long linear(long index) {
            long[] chunk = linear[(int) (index >>> CHUNK_SHIFT)];
            return chunk == null ? 0 : chunk[(int) (index & CHUNK_MASK)];
        }

        /** The first word of frame {@code index} when it has a {@link #linear} increment. */
        long linearFirst(long index) {
            long[] chunk = linearFirst[(int) (index >>> CHUNK_SHIFT)];
            return chunk == null ? 0 : chunk[(int) (index & CHUNK_MASK)];
        }

        /** Records that frame {@code index} steps by {@code increment} (0: no longer known to). */
        void linear(long index, long increment) {
            linear(index, linearFirst(index), increment);
        }

        /** Records that frame {@code index} steps by {@code increment} from {@code first} (increment 0: unknown). */
        void linear(long index, long first, long increment) {
            int c = (int) (index >>> CHUNK_SHIFT);
            if (linear[c] == null) {
                if (increment == 0) {
                    return;
                }
                linear[c] = new long[1 << CHUNK_SHIFT];
                linearFirst[c] = new long[1 << CHUNK_SHIFT];
            }
            linear[c][(int) (index & CHUNK_MASK)] = increment;
            linearFirst[c][(int) (index & CHUNK_MASK)] = increment == 0 ? 0 : first;
        }

        /**
         * Frame {@code index}, which holds a table, as words this memory may write: made when it holds none (zeros,
         * or its linear run written out), copied first when it is shared ({@link #writable}).
         */
        long[] words(long index) {
            long[] f = frame(index);
            if (f != null) {
                return writable(index, f);
            }
            f = new long[1 << (frameShift - 3)];
            long increment = linear(index);
            long first = linearFirst(index);
            long v = first;
            for (int j = 0; increment != 0 && j < f.length; j++, v += increment) {
                f[j] = v;
            }
            setFrame(index, f);
            linear(index, first, increment); // the same words
            return f;
        }

        /** Word {@code word} of frame {@code index}, which holds no words: its linear run's, or zero. */
        long absentWord(long index, int word) {
            long increment = linear(index);
            return increment == 0 ? 0 : linearFirst(index) + word * increment;
        }

        /** Whether bit {@code index} of a chunked bitmap is set. */
        boolean bit(long[][] bitmap, long index) {
            long[] chunk = bitmap[(int) (index >>> (CHUNK_SHIFT + 6))];
            return chunk != null && (chunk[(int) ((index >>> 6) & CHUNK_MASK)] & (1L << index)) != 0;
        }

        /** Frame {@code index} ({@code f}, not null) as this memory may write it: copied first when it is shared. */
        long[] writable(long index, long[] f) {
            if (!copyOnWrite || bit(owned, index)) {
                return f;
            }
            long[] copy = f.clone();
            long increment = linear(index);
            long first = linearFirst(index);
            setFrame(index, copy);
            linear(index, first, increment); // the same words
            return copy;
        }

        /** Stamps frame {@code index} with {@code generation} and returns its previous stamp. */
        long stamp(long index, long generation) {
            int c = (int) (index >>> CHUNK_SHIFT);
            if (stamps[c] == null) {
                stamps[c] = new long[1 << CHUNK_SHIFT];
            }
            long was = stamps[c][(int) (index & CHUNK_MASK)];
            stamps[c][(int) (index & CHUNK_MASK)] = generation;
            return was;
        }

        /** Sets or clears bit {@code index} of a chunked bitmap and returns its previous value. */
        boolean flag(long[][] bitmap, long index, boolean value) {
            int c = (int) (index >>> (CHUNK_SHIFT + 6));
            if (bitmap[c] == null) {
                bitmap[c] = new long[1 << CHUNK_SHIFT];
            }
            int w = (int) ((index >>> 6) & CHUNK_MASK);
            boolean was = (bitmap[c][w] & (1L << index)) != 0;
            bitmap[c][w] = value ? bitmap[c][w] | (1L << index) : bitmap[c][w] & ~(1L << index);
            return was;
        }

        long[] frame(long index) {
            long[][] chunk = frames[(int) (index >>> CHUNK_SHIFT)];
            return chunk == null ? null : chunk[(int) (index & CHUNK_MASK)];
        }

        void setFrame(long index, long[] data) {
            int c = (int) (index >>> CHUNK_SHIFT);
            if (frames[c] == null) {
                frames[c] = new long[1 << CHUNK_SHIFT][];
            }
            long[] was = frames[c][(int) (index & CHUNK_MASK)];
            framesWithWords += (data != null ? 1 : 0) - (was != null ? 1 : 0);
            frames[c][(int) (index & CHUNK_MASK)] = data;
            linear(index, 0);
            if (copyOnWrite && data != null) {
                flag(owned, index, true); // created, copied or restored here: this memory's own
                ownsAny = true;
            }
        }

        boolean isUsed(long unit) {
            return bit(used, unit);
        }

        void mark(long unit, boolean value) {
            flag(used, unit, value);
        }

        /**
         * Lowest unit index of a free run of {@code n} units whose address is aligned to {@code align} bytes and that
         * ends at or below {@code last} (unsigned), or -1.
         */
        long find(long n, long align, long last) {
            long below = unitsBelow(last);
            long u = alignUnit(firstFree, align);
            while (u >= 0 && u + n <= below) {
                long busy = -1;
                for (long k = u + n - 1; k >= u; k--) {
                    if (isUsed(k)) {
                        busy = k;
                        break;
                    }
                }
                if (busy < 0) {
                    return u;
                }
                u = alignUnit(busy + 1, align);
            }
            return -1;
        }

        /** How many units, from the pool's first, end at or below {@code last} (unsigned). */
        long unitsBelow(long last) {
            if (Long.compareUnsigned(base, last) > 0) {
                return 0;
            }
            return Long.compareUnsigned(last - base, bytes - 1) >= 0 ? units : (last - base + 1) >>> unitShift;
        }

        private long alignUnit(long unit, long align) {
            long pa = base + (unit << unitShift);
            long aligned = (pa + align - 1) & -align;
            if (Long.compareUnsigned(aligned, pa) < 0) {
                return -1;
            }
            return (aligned - base) >>> unitShift;
        }

        boolean frameEmpty(long frame) {
            long first = (frame << frameShift) >>> unitShift;
            long count = 1L << (frameShift - unitShift);
            for (long u = first; u < first + count && u < units; u++) {
                if (isUsed(u)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Whether a pool of {@code range} has at most {@link #MAX_POOL_FRAMES} frames of {@code 1 << frameShift} bytes. */
    public static boolean tracks(AddressRange range, int frameShift) {
        long bytes = range.size();
        return bytes != 0 && Long.compareUnsigned((bytes >>> frameShift) + ((bytes & ((1L << frameShift) - 1)) == 0 ? 0 : 1),
                MAX_POOL_FRAMES) <= 0;
    }

    /** The largest pool PT tracks, in bytes: {@link #MAX_POOL_FRAMES} frames of {@code 1 << frameShift} bytes. */
    public static long maxPoolBytes(int frameShift) {
        return MAX_POOL_FRAMES << frameShift;
    }

    /**
     * @param entryBytes  4 or 8
     * @param frameShift  log2 of the frame (granule) size, 12 to 16
     * @param unitShift   log2 of the smallest table allocation, at most frameShift
     * @param poolRanges  where tables may be allocated; must not overlap
     * @param frameBudget the most frames tables may occupy at once
     */
    public PhysicalMemory(int entryBytes, int frameShift, int unitShift, List<AddressRange> poolRanges, long frameBudget) {
        if (entryBytes != 4 && entryBytes != 8) {
            throw new IllegalArgumentException("entry size must be 4 or 8 bytes, not " + entryBytes);
        }
        if (unitShift < 3 || unitShift > frameShift || frameShift > 20) {
            throw new IllegalArgumentException("bad frame/unit shift " + frameShift + "/" + unitShift);
        }
        if (poolRanges.isEmpty()) {
            throw new IllegalArgumentException("at least one table pool is needed");
        }
        this.entryBytes = entryBytes;
        this.frameShift = frameShift;
        this.unitShift = unitShift;
        this.frameBudget = frameBudget;
        List<AddressRange> sorted = new ArrayList<>(poolRanges);
        sorted.sort(Comparator.comparing(AddressRange::start, Long::compareUnsigned));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i - 1).overlaps(sorted.get(i))) {
                throw new IllegalArgumentException("table pools overlap: " + sorted.get(i - 1) + " and " + sorted.get(i));
            }
        }
        this.pools = new Pool[sorted.size()];
        for (int i = 0; i < pools.length; i++) {
            AddressRange r = sorted.get(i);
            if (!Unsigned.isAligned(r.start(), 1L << unitShift) || !Unsigned.isAligned(r.size(), 1L << unitShift)) {
                throw new IllegalArgumentException("table pool " + r + " is not aligned to " + (1L << unitShift) + " bytes");
            }
            pools[i] = new Pool(r);
        }
        this.lastPool = pools[0];
        this.wordMask = (1 << (frameShift - 3)) - 1;
    }

    /** A copy of {@code from}'s tables, contents and allocator, sharing its frames copy-on-write. */
    private PhysicalMemory(PhysicalMemory from) {
        this.entryBytes = from.entryBytes;
        this.frameShift = from.frameShift;
        this.unitShift = from.unitShift;
        this.frameBudget = from.frameBudget;
        this.wordMask = from.wordMask;
        this.pools = new Pool[from.pools.length];
        for (int i = 0; i < pools.length; i++) {
            pools[i] = new Pool(from.pools[i]);
        }
        this.lastPool = pools[0];
        for (TableInfo t : from.tables.values()) {
            TableInfo copy = new TableInfo(t.pa, t.bytes, t.archLevel);
            copy.references = t.references;
            tables.put(t.pa, copy);
        }
        this.framesInUse = from.framesInUse;
        this.framesWithWords = from.framesWithWords;
        this.tableBytesInUse = from.tableBytesInUse;
        this.copyOnWrite = true;
    }

    /**
     * An independent copy of this memory (tables, contents, references, allocator), made without copying a frame: the
     * two share every frame until one of them writes it, which copies it first. Reading either, even from several
     * threads, never copies; a memory that owns no frame (a fork not written since) is forked without being changed.
     * Not during an operation.
     */
    public PhysicalMemory fork() {
        if (journal != null) {
            throw new IllegalStateException("a memory is not forked during an operation");
        }
        if (!copyOnWrite || ownsAny) {
            for (Pool p : pools) {
                java.util.Arrays.fill(p.owned, null); // this memory's frames are the fork's too from now on
            }
            copyOnWrite = true;
            ownsAny = false;
        }
        return new PhysicalMemory(this);
    }

    public int entryBytes() {
        return entryBytes;
    }

    public int frameBytes() {
        return 1 << frameShift;
    }

    public long frameBudget() {
        return frameBudget;
    }

    /** Frames that hold at least one table. */
    public long framesInUse() {
        return framesInUse;
    }

    /**
     * The bytes of the frames that hold words: what the tables take of the heap, less the frames that one linear run
     * wrote whole (which hold only that run) and counting a frame a fork shares with this memory in both.
     */
    public long heldBytes() {
        return framesWithWords << frameShift;
    }

    /** Sum of the sizes of all live tables. */
    public long tableBytesInUse() {
        return tableBytesInUse;
    }

    public int tableCount() {
        return tables.size();
    }

    public List<AddressRange> pools() {
        List<AddressRange> out = new ArrayList<>();
        for (Pool p : pools) {
            out.add(AddressRange.ofSize(p.base, p.bytes));
        }
        return out;
    }

    /** Bytes still free in all pools (ignoring fragmentation). */
    public long freeBytes() {
        return freeBytes(64);
    }

    /** Bytes still free below {@code 2^addressBits} (ignoring fragmentation): the room for tables placed there. */
    public long freeBytes(int addressBits) {
        long last = addressBits >= 64 ? -1L : (1L << addressBits) - 1;
        long free = 0;
        for (Pool p : pools) {
            long below = p.unitsBelow(last);
            long usedUnits = 0;
            long words = (below + 63) >>> 6;
            for (long w = 0; w < words; w++) {
                long[] chunk = p.used[(int) (w >>> CHUNK_SHIFT)];
                if (chunk == null) {
                    w |= CHUNK_MASK; // no unit of this chunk is in use
                    continue;
                }
                long inside = below - (w << 6) >= 64 ? -1L : (1L << (below - (w << 6))) - 1;
                usedUnits += Long.bitCount(chunk[(int) (w & CHUNK_MASK)] & inside);
            }
            free += (below - usedUnits) << unitShift;
        }
        return free;
    }

    private Pool pool(long pa) {
        Pool p = lastPool;
        if (Long.compareUnsigned(pa - p.base, p.bytes) < 0) {
            return p;
        }
        for (Pool q : pools) {
            if (Long.compareUnsigned(pa - q.base, q.bytes) < 0) {
                lastPool = q;
                return q;
            }
        }
        return null;
    }

    // ---- all-or-nothing operations ------------------------------------------------------------------

    /**
     * Starts recording every change (writes, allocations, frees, references) so that {@link #rollback} can undo them;
     * {@link #commit} keeps them. One operation at a time.
     */
    public void beginJournal() {
        if (journal != null) {
            throw new IllegalStateException("an operation is already journaled");
        }
        journal = new Journal();
    }

    /** Keeps the changes since {@link #beginJournal}. */
    public void commit() {
        journal = null;
        failAfter = -1;
    }

    /** Undoes every change since {@link #beginJournal}: tables, contents, references and allocator as they were. */
    public void rollback() {
        Journal j = journal;
        journal = null;
        failAfter = -1;
        int freed = j.freed.size();
        for (int k = j.logSize - 1; k >= 0; k--) {
            long pa = j.log[k] & ~3L;
            switch ((int) (j.log[k] & 3)) {
                case Journal.ALLOC -> unallocate(pa);
                case Journal.FREE -> {
                    TableInfo t = j.freed.get(--freed);
                    markUnits(pa, t.bytes, true);
                    tables.put(pa, t);
                }
                case Journal.REF -> tables.get(pa).references--;
                default -> tables.get(pa).references++;
            }
        }
        for (Saved f : j.frames) {
            f.pool().setFrame(f.index(), f.data());
            f.pool().linear(f.index(), f.first(), f.increment());
        }
        framesInUse = j.framesInUse;
        tableBytesInUse = j.tableBytesInUse;
        for (int i = 0; i < pools.length; i++) {
            pools[i].firstFree = j.firstFree[i];
        }
    }

    /**
     * Test hook: the journaled operation throws at its {@code n+1}-th change (a write, a run of writes, an allocation,
     * a free or a reference).
     */
    void failAfter(int n) {
        failAfter = n;
    }

    /** Sets or clears the allocation bits of the table of {@code bytes} at {@code pa}. */
    private void markUnits(long pa, int bytes, boolean used) {
        Pool p = pool(pa);
        long u = (pa - p.base) >>> unitShift;
        for (long k = u; k < u + ((bytes + (1L << unitShift) - 1) >>> unitShift); k++) {
            p.mark(k, used);
        }
    }

    /** Undoes an allocation: the units free again, and frames it created (holding nothing else) dropped. */
    private void unallocate(long pa) {
        TableInfo t = tables.remove(pa);
        markUnits(pa, t.bytes, false);
        Pool p = pool(pa);
        long first = (pa - p.base) >>> frameShift;
        long last = (pa - p.base + t.bytes - 1) >>> frameShift;
        for (long fr = first; fr <= last; fr++) {
            if (p.frameEmpty(fr)) {
                p.setFrame(fr, null);
            }
        }
    }

    /** Counts one change of a journaled operation; throws where the test hook says. */
    private void changing() {
        if (failAfter >= 0 && failAfter-- == 0) {
            throw new IllegalStateException("injected failure");
        }
    }

    /**
     * Reads the entry at {@code pa}; memory that holds no table reads as zero. Written small (the pool last used
     * first, any other through {@link #readOtherPool}), since every walk inlines it once per level.
     */
    @Override
    public long read(long pa) {
        Pool p = lastPool;
        long off = pa - p.base;
        if (Long.compareUnsigned(off, p.bytes) >= 0) {
            return readOtherPool(pa);
        }
        long[] f = p.frame(off >>> frameShift);
        long w = f == null ? p.absentWord(off >>> frameShift, (int) (off >>> 3) & wordMask)
                : f[(int) (off >>> 3) & wordMask];
        return entryBytes == 8 ? w : (w >>> ((off & 4) << 3)) & 0xFFFF_FFFFL;
    }

    private long readOtherPool(long pa) {
        return pool(pa) == null ? 0 : read(pa);
    }

    /**
     * {@link #read} for the walks of formats whose entries are 8 bytes (which a caller checks with
     * {@link #entryBytes}): one branch less, and a method of its own, so that the compiler sees only walks in its
     * profile and compiles the paths walks never take (another pool, a frame that holds no table) as rare. Like
     * {@link #read} it changes no table and keeps no state of the walk, so any number of threads may walk at once.
     */
    public long readWord(long pa) {
        Pool p = lastPool;
        long off = pa - p.base;
        if (Long.compareUnsigned(off, p.bytes) >= 0) {
            return read(pa);
        }
        long index = off >>> frameShift;
        long[][] chunk = p.frames[(int) (index >>> CHUNK_SHIFT)];
        long[] f = chunk == null ? null : chunk[(int) (index & CHUNK_MASK)];
        // the word's index must not wait for the frame's length (another cache line than the word's)
        return f == null ? p.absentWord(index, (int) (off >>> 3) & wordMask) : f[(int) (off >>> 3) & wordMask];
    }

    /** Writes the entry at {@code pa}, which must lie inside an allocated table. */
    public void write(long pa, long value) {
        if (journal != null) {
            changing();
        }
        put(pa, value);
    }

    /** {@link #write} as part of a change already counted. */
    private void put(long pa, long value) {
        Pool p = tableFrame(pa);
        long index = (pa - p.base) >>> frameShift;
        if (journal != null) {
            journal.save(p, index, p.frame(index));
        }
        long[] f = p.words(index);
        p.linear(index, 0);
        int byteOff = (int) ((pa - p.base) & ((1L << frameShift) - 1));
        if (entryBytes == 8) {
            f[byteOff >>> 3] = value;
        } else {
            int shift = (byteOff & 4) << 3;
            long w = f[byteOff >>> 3];
            f[byteOff >>> 3] = (w & ~(0xFFFF_FFFFL << shift)) | ((value & 0xFFFF_FFFFL) << shift);
        }
    }

    /**
     * Reads entries {@code from} to {@code from + count - 1} of the table at {@code table} into the same positions of
     * {@code into}: what {@link #read} returns for each, without finding the pool and frame once per entry.
     */
    /** The pool of {@code pa}, which must lie in a frame that holds a table. */
    private Pool tableFrame(long pa) {
        Pool p = pool(pa);
        if (p == null || p.frameEmpty((pa - p.base) >>> frameShift)) {
            throw new IllegalStateException("write outside every table: " + Unsigned.hex(pa));
        }
        return p;
    }

    public void readEntries(long table, int from, int count, long[] into) {
        int k = from;
        int end = from + count;
        long frameMask = (1L << frameShift) - 1;
        while (k < end) {
            long at = table + (long) k * entryBytes;
            Pool p = pool(at);
            int byteOff = (int) ((p == null ? at : at - p.base) & frameMask);
            long[] f = p == null ? null : p.frame((at - p.base) >>> frameShift);
            int inFrame = Math.min(end - k, ((1 << frameShift) - byteOff) / entryBytes);
            if (f == null) {
                long index = p == null ? 0 : (at - p.base) >>> frameShift;
                long increment = p == null ? 0 : p.linear(index);
                long v = increment == 0 ? 0 : p.linearFirst(index) + (byteOff >>> 3) * increment;
                for (int j = k; j < k + inFrame; j++, v += increment) {
                    into[j] = v; // (a frame of 4-byte entries holds words whenever it holds anything but zeros)
                }
            } else if (entryBytes == 8) {
                System.arraycopy(f, byteOff >>> 3, into, k, inFrame);
            } else {
                for (int j = 0; j < inFrame; j++, byteOff += 4) {
                    into[k + j] = (f[byteOff >>> 3] >>> ((byteOff & 4) << 3)) & 0xFFFF_FFFFL;
                }
            }
            k += inFrame;
        }
    }

    /**
     * Writes {@code count} entries from {@code pa}, the k-th being {@code first + k * increment}: a run of leaves
     * whose encoding is linear in the address. Runs may cross frames.
     */
    public void writeLinear(long pa, long count, long first, long increment) {
        if (journal != null) {
            changing();
        }
        long v = first;
        if (entryBytes != 8) {
            for (long k = 0; k < count; k++, v += increment) {
                put(pa + k * 4, v);
            }
            return;
        }
        long at = pa;
        long left = count;
        int wordsPerFrame = 1 << (frameShift - 3);
        while (left > 0) {
            Pool p = tableFrame(at);
            long index = (at - p.base) >>> frameShift;
            if (journal != null) {
                journal.save(p, index, p.frame(index));
            }
            int w = (int) (((at - p.base) & ((1L << frameShift) - 1)) >>> 3);
            int n = (int) Math.min(left, wordsPerFrame - w);
            if (n == wordsPerFrame && increment != 0) {
                // the whole frame: no words, its run alone (reads compute each word, a write makes them)
                p.setFrame(index, null);
                p.linear(index, v, increment);
                v += n * increment;
            } else {
                long[] f = p.words(index);
                for (int j = 0; j < n; j++) {
                    f[w + j] = v;
                    v += increment;
                }
                p.linear(index, 0);
            }
            left -= n;
            at += (long) n * 8;
        }
    }

    /**
     * Whether the frame at {@code pa} (a frame's first byte, 8-byte entries) is known, without reading it, to hold
     * entries that step by {@code increment} (not 0) from its first: one {@link #writeLinear} run wrote all of it and
     * nothing has written it since. False says nothing: the frame may be linear all the same.
     */
    public boolean isLinearFrame(long pa, long increment) {
        Pool p = pool(pa);
        if (p == null || entryBytes != 8 || increment == 0 || ((pa - p.base) & ((1L << frameShift) - 1)) != 0) {
            return false;
        }
        return p.linear((pa - p.base) >>> frameShift) == increment;
    }

    /** True when {@code pa} lies inside a live table. */
    public boolean isTableMemory(long pa) {
        Pool p = pool(pa);
        return p != null && p.isUsed((pa - p.base) >>> unitShift);
    }

    public TableInfo table(long pa) {
        return tables.get(pa);
    }

    /**
     * Allocates a zeroed table (free units always read zero: {@link #freeTable} clears them) of {@code bytes} aligned to {@code align}, lowest address first, or returns -1
     * when no pool has room. Does not check the frame budget; callers reserve first.
     */
    public long allocateTable(int bytes, int align, int archLevel) {
        return allocateTable(bytes, align, archLevel, 64);
    }

    /**
     * As {@link #allocateTable(int, int, int)}, placing the table wholly below {@code 2^addressBits}: where the entry or
     * register that will point at it holds only that many address bits (x86-32 PDEs and CR3, ARMv7 TTBR and L1
     * descriptors: 32).
     */
    public long allocateTable(int bytes, int align, int archLevel, int addressBits) {
        long last = addressBits >= 64 ? -1L : (1L << addressBits) - 1;
        long unitBytes = 1L << unitShift;
        long n = (bytes + unitBytes - 1) >>> unitShift;
        long alignment = Math.max(align, unitBytes);
        for (Pool p : pools) {
            long u = p.find(n, alignment, last);
            if (u < 0) {
                continue;
            }
            return take(p, u, n, bytes, archLevel);
        }
        return -1;
    }

    /**
     * Allocates a zeroed table of {@code bytes} at exactly {@code pa} (a pinned root), or says why it cannot be there:
     * outside every pool, not aligned to {@code align} (that {@code name}, a level's table name, needs), or overlapping a
     * table already placed. Does not check the frame budget.
     */
    public java.util.Optional<String> allocateTableAt(long pa, int bytes, int align, int archLevel, String name) {
        if (!Unsigned.isAligned(pa, align)) {
            return java.util.Optional.of("is not aligned to the " + org.pt.engine.core.SizeUnit.format(align)
                    + " its " + name + " needs (" + Unsigned.hex(pa & (align - 1)) + " past a boundary)");
        }
        for (Pool p : pools) {
            if (Long.compareUnsigned(pa - p.base, p.bytes) >= 0) {
                continue;
            }
            if (Long.compareUnsigned(p.bytes - (pa - p.base), bytes) < 0) {
                return java.util.Optional.of("runs past the end of the table pool " + AddressRange.ofSize(p.base, p.bytes));
            }
            long n = (bytes + (1L << unitShift) - 1) >>> unitShift;
            long u = (pa - p.base) >>> unitShift;
            for (long k = u; k < u + n; k++) {
                if (p.isUsed(k)) {
                    long at = p.base + (k << unitShift);
                    for (TableInfo t : tables.values()) {
                        if (Long.compareUnsigned(at - t.pa, t.bytes) < 0) {
                            return java.util.Optional.of("overlaps the table at " + Unsigned.hex(t.pa)
                                    + " already placed there");
                        }
                    }
                    return java.util.Optional.of("overlaps a table already placed at " + Unsigned.hex(at));
                }
            }
            take(p, u, n, bytes, archLevel);
            return java.util.Optional.empty();
        }
        StringBuilder in = new StringBuilder();
        for (Pool p : pools) {
            in.append(in.length() == 0 ? "" : ", ").append(AddressRange.ofSize(p.base, p.bytes));
        }
        return java.util.Optional.of("is in no table pool (" + in + ")");
    }

    /** Takes units [u, u+n) of pool p for a table of {@code bytes}: its frames zeroed, counted, journalled. */
    private long take(Pool p, long u, long n, int bytes, int archLevel) {
        if (journal != null) {
            changing();
            journal.log(p.base + (u << unitShift), Journal.ALLOC);
        }
        long firstFrame = (u << unitShift) >>> frameShift;
        long lastFrame = ((u + n) << unitShift) - 1 >>> frameShift;
        for (long fr = firstFrame; fr <= lastFrame; fr++) {
            if (p.frameEmpty(fr)) {
                // a frame that holds a table from now on: zeros, and no words until it is written
                if (journal != null) {
                    p.stamp(fr, journal.generation); // created here: the undone allocation drops it
                }
                p.setFrame(fr, null);
                framesInUse++;
            }
        }
        for (long k = u; k < u + n; k++) {
            p.mark(k, true);
        }
        if (u == p.firstFree) {
            p.firstFree = u + n;
        }
        long pa = p.base + (u << unitShift);
        tableBytesInUse += bytes;
        tables.put(pa, new TableInfo(pa, bytes, archLevel));
        return pa;
    }

    private void clear(Pool p, long unit, long n) {
        long end = (unit + n) << unitShift;
        long frameMask = (1L << frameShift) - 1;
        for (long b = unit << unitShift; b < end; b += 8) {
            long index = b >>> frameShift;
            if ((b & frameMask) == 0 && end - b > frameMask) {
                p.setFrame(index, null); // the whole frame: zeros, no words
                b += frameMask + 1 - 8;
                continue;
            }
            if (p.frame(index) == null && p.linear(index) == 0) {
                continue; // zeros already
            }
            long[] f = p.words(index);
            p.linear(index, 0);
            f[(int) ((b & frameMask) >>> 3)] = 0;
        }
    }

    /** Frees a table; its memory reads as zero again. */
    public void freeTable(long pa) {
        if (journal != null) {
            changing();
        }
        TableInfo t = tables.remove(pa);
        if (t == null) {
            throw new IllegalStateException("no table at " + Unsigned.hex(pa));
        }
        Pool p = pool(pa);
        long u = (pa - p.base) >>> unitShift;
        long n = (t.bytes + (1L << unitShift) - 1) >>> unitShift;
        if (journal != null) {
            for (long fr = (u << unitShift) >>> frameShift; fr <= ((u + n) << unitShift) - 1 >>> frameShift; fr++) {
                journal.save(p, fr, p.frame(fr));
            }
            journal.log(pa, Journal.FREE);
            journal.freed.add(t);
        }
        clear(p, u, n);
        for (long k = u; k < u + n; k++) {
            p.mark(k, false);
        }
        if (u < p.firstFree) {
            p.firstFree = u;
        }
        long firstFrame = (u << unitShift) >>> frameShift;
        long lastFrame = ((u + n) << unitShift) - 1 >>> frameShift;
        for (long fr = firstFrame; fr <= lastFrame; fr++) {
            if (p.frameEmpty(fr)) {
                p.setFrame(fr, null);
                framesInUse--;
            }
        }
        tableBytesInUse -= t.bytes;
    }

    /** Adds a reference (an entry or a root register pointing at the table). */
    public void reference(long pa) {
        TableInfo t = tables.get(pa);
        if (journal != null) {
            changing();
            journal.log(pa, Journal.REF);
        }
        t.references++;
    }

    /** Drops a reference and returns how many remain. */
    public int unreference(long pa) {
        TableInfo t = tables.get(pa);
        if (journal != null) {
            changing();
            journal.log(pa, Journal.UNREF);
        }
        return --t.references;
    }

    /** Every live table, lowest address first. */
    public List<TableInfo> tables() {
        List<TableInfo> all = tables.values();
        all.sort(Comparator.comparing(TableInfo::pa, Long::compareUnsigned));
        return all;
    }
}
