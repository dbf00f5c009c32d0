package org.pt.engine.format;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalLong;
import org.pt.engine.core.AddressRange;
import org.pt.engine.core.SizeUnit;
import org.pt.engine.core.Unsigned;
import org.pt.engine.memory.EntryReader;
import org.pt.engine.memory.PhysicalMemory;
import org.pt.engine.walk.FaultKind;
import org.pt.engine.walk.WalkResult;
import org.pt.engine.walk.WalkStep;

/**
 * x86 paging (Intel SDM vol. 3A ch. 4): 32-bit (2 levels, 4-byte entries, 4 MiB PSE pages, PSE-36), PAE (4-entry
 * PDPT, 8-byte entries), 4-level (48-bit VA) and 5-level (LA57, 57-bit VA). Architectural levels: PML5=5, PML4=4,
 * PDPT=3, PD=2, PT=1.
 *
 * <p>Memory types go through the PAT: the entry's PAT:PCD:PWT bits select one of eight PAT entries. The PAT bit
 * is bit 7 in a 4 KiB entry and bit 12 in a 2 MiB / 4 MiB / 1 GiB entry.
 */
public final class X86Format extends PagingFormat {

    /** The four x86 paging modes. */
    public enum Mode {
        LEGACY_32("x86-32"), PAE("x86-pae"), LONG_4("x86_64"), LONG_5("x86_64-la57");

        private final String formatName;

        Mode(String formatName) {
            this.formatName = formatName;
        }

        public String formatName() {
            return formatName;
        }
    }

    /** Memory types a PAT entry can hold. */
    public enum PatType {
        UC, WC, WT, WP, WB, UC_MINUS
    }

    /** The PAT after reset: WB, WT, UC-, UC, repeated. */
    public static final List<PatType> POWER_ON_PAT = List.of(PatType.WB, PatType.WT, PatType.UC_MINUS, PatType.UC,
            PatType.WB, PatType.WT, PatType.UC_MINUS, PatType.UC);

    /** The PAT Linux programs: WB, WC, UC-, UC, WB, WP, UC-, WT. */
    public static final List<PatType> LINUX_PAT = List.of(PatType.WB, PatType.WC, PatType.UC_MINUS, PatType.UC,
            PatType.WB, PatType.WP, PatType.UC_MINUS, PatType.WT);

    static final long P = 1L;
    static final long RW = 1L << 1;
    static final long US = 1L << 2;
    static final long PWT = 1L << 3;
    static final long PCD = 1L << 4;
    static final long A = 1L << 5;
    static final long D = 1L << 6;
    static final long PS = 1L << 7;
    static final long PAT_4K = 1L << 7;
    static final long G = 1L << 8;
    static final long PAT_LARGE = 1L << 12;
    static final long XD = 1L << 63;
    static final long ADDR_64 = 0x000F_FFFF_FFFF_F000L;
    /** A table entry that restricts nothing below it: present, writable, user, executable (no PS, nothing reserved). */
    static final long TRANSPARENT = P | RW | US;

    private static final Set<Feature> X86_FEATURES = EnumSet.of(Feature.NX, Feature.PAGE_1G, Feature.PSE, Feature.PSE36,
            Feature.GLOBAL_PAGES, Feature.SMEP, Feature.SMAP);

    private final Mode mode;
    private final List<PatType> pat;

    // Walk tables, computed once: the walk is on the hot path (tens of millions per second).
    /** Effective permissions by (rw, us, xd). */
    private final Permissions[] permissionTable = new Permissions[8];
    /** Leaf attributes by layout (1 = 4 KiB entry, 2 = large-page entry) and the nine attribute bits. */
    private final Attributes[][] attributeTable = new Attributes[3][];
    /** The memory type of each PAT index. */
    private final MemoryType.Pat[] patTable = new MemoryType.Pat[8];
    // Per depth of the one geometry, root first: index shift and mask, reserved bits without and with PS, ...
    private final Geometry.Level[] walkLevel;
    private final int[] walkShift;
    private final long[] walkIndexMask;
    private final long[] walkReservedNoPs;
    private final long[] walkReservedPs;
    /** Whether an entry with PS=1 is a leaf; the last depth's entries always are. */
    private final boolean[] walkLargeLeaf;
    private final long[] walkSize;
    /** The PAE PDPTE depth, whose entries have no RW, US or XD. */
    private final int pdpteDepth;
    private final int entryShift;
    private final long tableAddressMask;
    /** XD when NX is on (EFER.NXE), else 0: without NX bit 63 is reserved, never read as XD. */
    private final long nxBit;
    /** Whether {@link #quickWalk} walks this mode (4- and 5-level paging). */
    private final boolean quickWalks;
    /** The reserved bits of every entry without PS in 4- and 5-level paging, whatever its level. */
    private final long quickReserved;
    /** The VA bits above the translated ones (16 or 7), which {@link #quickWalk} checks are copies of the top one. */
    private final int quickUnusedBits;
    /** The root level as {@link #quickWalk} reads it; each level links the next. */
    private final QuickStop quickRoot;
    /**
     * The accesses each {@link #permissionTable} entry allows: bit {@code (kind.ordinal() * 2 + (user ? 1 : 0)) * 8 + key}
     * (a constant rather than a table, so that the walk's permission check reads no array).
     */
    private final long quickAllowed;

    /**
     * A level as {@link #quickWalk} reads it: its index shift; the bits of a table entry there that restricts nothing
     * ({@link #TRANSPARENT} among P, PS, RW, US, XD and the reserved bits; none at the last level, where every entry ends
     * the walk); the bits of a leaf there without a reserved bit ({@code leaf} among {@code leafBits}: P and PS above
     * the last level, P at it; never above it where no large leaf may be); its leaf size; the level below (null at the
     * last). Linked rather than in an array, so that the walk checks no index.
     */
    private record QuickStop(Geometry.Level level, int shift, long tableBits, long leafBits, long leaf, long size,
            QuickStop below) {
    }

    private X86Format(Mode mode, int physicalBits, Set<Feature> features, List<PatType> pat, List<Half> halves) {
        super(mode.formatName(), Family.X86, physicalBits, mode == Mode.LEGACY_32 ? 4 : 8, features, halves);
        this.mode = mode;
        this.pat = List.copyOf(pat);
        for (int i = 0; i < 8; i++) {
            patTable[i] = new MemoryType.Pat(i, this.pat.get(i));
        }
        long allowedBits = 0;
        for (int k = 0; k < 8; k++) {
            permissionTable[k] = permissions((k & 1) != 0, (k & 2) != 0, (k & 4) != 0);
            for (Access.Kind kind : Access.Kind.values()) {
                for (int user = 0; user < 2; user++) {
                    if (permissionTable[k].allows(new Access(kind, user == 1))) {
                        allowedBits |= 1L << ((kind.ordinal() << 1 | user) << 3 | k);
                    }
                }
            }
        }
        quickAllowed = allowedBits;
        Geometry g = halves.get(0).geometry();
        int n = g.depth();
        walkLevel = g.levels().toArray(new Geometry.Level[0]);
        walkShift = new int[n];
        walkIndexMask = new long[n];
        walkReservedNoPs = new long[n];
        walkReservedPs = new long[n];
        walkLargeLeaf = new boolean[n];
        walkSize = new long[n];
        for (int d = 0; d < n; d++) {
            int level = walkLevel[d].archLevel();
            walkShift[d] = walkLevel[d].shift();
            walkIndexMask[d] = walkLevel[d].entries() - 1;
            walkReservedNoPs[d] = reservedMask(0, level);
            walkReservedPs[d] = reservedMask(PS, level);
            walkLargeLeaf[d] = largeCapable(level) && !(mode == Mode.PAE && level == 3);
            walkSize[d] = leafSize(0, level);
        }
        pdpteDepth = mode == Mode.PAE ? 0 : -1;
        entryShift = mode == Mode.LEGACY_32 ? 2 : 3;
        tableAddressMask = mode == Mode.LEGACY_32 ? 0xFFFF_F000L : ADDR_64;
        nxBit = has(Feature.NX) ? XD : 0;
        quickWalks = mode == Mode.LONG_4 || mode == Mode.LONG_5;
        quickReserved = reservedMask(0, 1);
        quickUnusedBits = mode == Mode.LONG_5 ? 7 : 16;
        QuickStop stop = null;
        for (int d = n - 1; d >= 0; d--) {
            boolean last = d == n - 1;
            long leafBits = last ? P | quickReserved : walkLargeLeaf[d] ? P | PS | walkReservedPs[d] : P;
            long leaf = last ? P : walkLargeLeaf[d] ? P | PS : PS; // PS alone: no entry with P there is a leaf
            stop = new QuickStop(walkLevel[d], walkShift[d], last ? 0 : P | PS | RW | US | nxBit | quickReserved,
                    leafBits, leaf, walkSize[d], stop);
        }
        quickRoot = stop;
        for (int layout = 1; layout <= 2; layout++) {
            Attributes[] t = new Attributes[1 << 9];
            for (int key = 0; key < t.length; key++) {
                t[key] = leafAttributes(entryOfKey(key, layout), layout);
            }
            attributeTable[layout] = t;
        }
    }

    /** The nine attribute bits of a leaf (RW, US, PWT, PCD, A, D, G, PAT, XD) as a table index. */
    private static int attributeKey(long e, int level) {
        long pat = level == 1 ? (e >>> 7) & 1 : (e >>> 12) & 1;
        return (int) (((e >>> 1) & 0x3F) | ((e >>> 8) & 1) << 6 | pat << 7 | ((e >>> 63) & 1) << 8);
    }

    private static long entryOfKey(int key, int level) {
        long e = ((long) key & 0x3F) << 1 | ((long) (key >>> 6) & 1) << 8 | ((long) (key >>> 8) & 1) << 63;
        long pat = (key >>> 7) & 1;
        return e | (level == 1 ? pat << 7 : pat << 12 | PS);
    }

    /**
     * @param physicalBits MAXPHYADDR: 32 for 32-bit paging (up to 40 with PSE-36), up to 52 otherwise
     * @param pat          the eight PAT entries the kernel programs
     */
    public static X86Format of(Mode mode, int physicalBits, Set<Feature> features, List<PatType> pat) {
        if (pat.size() != 8) {
            throw new IllegalArgumentException("the PAT has 8 entries, not " + pat.size());
        }
        for (Feature f : features) {
            if (!X86_FEATURES.contains(f)) {
                throw new IllegalArgumentException(mode.formatName() + " has no feature " + f.name().toLowerCase(java.util.Locale.ROOT)
                        + " (x86 features: nx, page_1g, pse, pse36, global_pages, smep, smap)");
            }
        }
        if (mode == Mode.LEGACY_32 && features.contains(Feature.NX)) {
            throw new IllegalArgumentException("x86-32 has no nx: the execute-disable bit needs PAE or long mode");
        }
        if (mode != Mode.LEGACY_32 && (features.contains(Feature.PSE) || features.contains(Feature.PSE36))) {
            throw new IllegalArgumentException(mode.formatName() + " has no " + (features.contains(Feature.PSE) ? "pse" : "pse36")
                    + ": 4 MiB pages exist only in 32-bit paging (" + mode.formatName() + " has 2 MiB pages)");
        }
        if (mode != Mode.LONG_4 && mode != Mode.LONG_5 && features.contains(Feature.PAGE_1G)) {
            throw new IllegalArgumentException(mode.formatName() + " has no page_1g: 1 GiB pages exist only in 4- and 5-level paging");
        }
        if (features.contains(Feature.PSE36) && !features.contains(Feature.PSE)) {
            throw new IllegalArgumentException("pse36 needs pse: it widens the addresses of 4 MiB pages");
        }
        int max = mode == Mode.LEGACY_32 ? (features.contains(Feature.PSE36) ? 40 : 32) : 52;
        if (physicalBits < 32 || physicalBits > max) {
            throw new IllegalArgumentException(mode.formatName() + " supports 32 to " + max + " physical address bits, not "
                    + physicalBits);
        }
        Set<Feature> f = features.isEmpty() ? EnumSet.noneOf(Feature.class) : EnumSet.copyOf(features);
        return new X86Format(mode, physicalBits, f, pat, List.of(half(mode, f)));
    }

    /** x86_64 4-level with NX, 1 GiB pages, global pages, 46 physical bits, the power-on PAT. */
    public static X86Format x86_64() {
        return of(Mode.LONG_4, 46, EnumSet.of(Feature.NX, Feature.PAGE_1G, Feature.GLOBAL_PAGES), POWER_ON_PAT);
    }

    private static Half half(Mode mode, Set<Feature> f) {
        List<Geometry.Level> levels = new ArrayList<>();
        long[] none = {};
        int[] noSpan = {};
        switch (mode) {
            case LEGACY_32:
                levels.add(new Geometry.Level(2, "PD", 22, 1024, 4096, 4096,
                        f.contains(Feature.PSE) ? new long[] {4L << 20} : none, f.contains(Feature.PSE) ? new int[] {1} : noSpan));
                levels.add(new Geometry.Level(1, "PT", 12, 1024, 4096, 4096, new long[] {4096}, new int[] {1}));
                return new Half(0, "CR3", List.of(AddressRange.inclusive(0, 0xFFFF_FFFFL)), new Geometry(levels));
            case PAE:
                levels.add(new Geometry.Level(3, "PDPT", 30, 4, 32, 32, none, noSpan));
                levels.add(new Geometry.Level(2, "PD", 21, 512, 4096, 4096, new long[] {2L << 20}, new int[] {1}));
                levels.add(new Geometry.Level(1, "PT", 12, 512, 4096, 4096, new long[] {4096}, new int[] {1}));
                return new Half(0, "CR3", List.of(AddressRange.inclusive(0, 0xFFFF_FFFFL)), new Geometry(levels));
            default:
                if (mode == Mode.LONG_5) {
                    levels.add(new Geometry.Level(5, "PML5", 48, 512, 4096, 4096, none, noSpan));
                }
                levels.add(new Geometry.Level(4, "PML4", 39, 512, 4096, 4096, none, noSpan));
                levels.add(new Geometry.Level(3, "PDPT", 30, 512, 4096, 4096,
                        f.contains(Feature.PAGE_1G) ? new long[] {1L << 30} : none, f.contains(Feature.PAGE_1G) ? new int[] {1} : noSpan));
                levels.add(new Geometry.Level(2, "PD", 21, 512, 4096, 4096, new long[] {2L << 20}, new int[] {1}));
                levels.add(new Geometry.Level(1, "PT", 12, 512, 4096, 4096, new long[] {4096}, new int[] {1}));
                int vaBits = mode == Mode.LONG_5 ? 57 : 48;
                long lowLast = (1L << (vaBits - 1)) - 1;
                return new Half(0, "CR3", List.of(AddressRange.inclusive(0, lowLast), AddressRange.inclusive(~lowLast, -1L)),
                        new Geometry(levels));
        }
    }

    public Mode mode() {
        return mode;
    }

    public List<PatType> pat() {
        return pat;
    }

    @Override
    public int frameShift() {
        return 12;
    }

    @Override
    public String untranslatableReason(long va) {
        if (mode == Mode.LEGACY_32 || mode == Mode.PAE) {
            return Unsigned.hex(va) + " is above the 32-bit address space of " + name();
        }
        int vaBits = mode == Mode.LONG_5 ? 57 : 48;
        return Unsigned.hex(va) + " is non-canonical: bits 63:" + (vaBits - 1) + " must all equal bit " + (vaBits - 1);
    }

    // ---- codec -----------------------------------------------------------------------------------

    private boolean largeCapable(int level) {
        switch (mode) {
            case LEGACY_32:
                return level == 2 && has(Feature.PSE);
            case PAE:
                return level == 2;
            default:
                return level == 2 || (level == 3 && has(Feature.PAGE_1G));
        }
    }

    @Override
    public EntryKind kind(long e, int level) {
        if ((e & P) == 0) {
            return EntryKind.INVALID;
        }
        if (level == 1 || ((e & PS) != 0 && largeCapable(level) && !(mode == Mode.PAE && level == 3))) {
            return EntryKind.LEAF;
        }
        return EntryKind.TABLE;
    }

    @Override
    public long tableEntry(long tablePa, int level) {
        if (mode == Mode.PAE && level == 3) {
            return tablePa | P;
        }
        return tablePa | P | RW | US | A;
    }

    private int patIndex(CacheType c) {
        PatType want;
        switch (c) {
            case WRITE_BACK:
                want = PatType.WB;
                break;
            case WRITE_THROUGH:
                want = PatType.WT;
                break;
            case UNCACHED:
                want = PatType.UC_MINUS;
                break;
            case WRITE_COMBINING:
                want = PatType.WC;
                break;
            default:
                want = PatType.UC;
                break;
        }
        return pat.indexOf(want);
    }

    @Override
    public Optional<AttributeError> check(Attributes a) {
        String why = null;
        if (!a.read()) {
            why = a.write() ? "write without read" : a.execute() ? "execute-only pages" : "a present page that cannot be read";
            why += " (every present x86 page is readable)";
        } else if (!a.execute() && mode == Mode.LEGACY_32) {
            why = "no-execute (32-bit paging has no XD bit; use PAE or x86_64 with NX)";
        } else if (!a.execute() && !has(Feature.NX)) {
            why = "no-execute without the NX feature (EFER.NXE)";
        } else if (a.global() && !has(Feature.GLOBAL_PAGES)) {
            why = "global pages without the global-pages feature (CR4.PGE)";
        } else if (patIndex(a.cache()) < 0) {
            why = "memory type " + a.cache().keyword() + " (no PAT entry is programmed as " + wantName(a.cache())
                    + "; the PAT is " + pat + ")";
        }
        return why == null ? Optional.empty() : Optional.of(new AttributeError(name(), a, why));
    }

    private static String wantName(CacheType c) {
        switch (c) {
            case WRITE_BACK:
                return "WB";
            case WRITE_THROUGH:
                return "WT";
            case UNCACHED:
                return "UC_MINUS";
            case WRITE_COMBINING:
                return "WC";
            default:
                return "UC";
        }
    }

    @Override
    public long leafTemplate(Attributes a, int level, long leafSize) {
        long e = P;
        if (a.write()) {
            e |= RW;
        }
        if (a.user()) {
            e |= US;
        }
        if (a.accessed()) {
            e |= A;
        }
        if (a.dirty()) {
            e |= D;
        }
        if (a.global()) {
            e |= G;
        }
        if (!a.execute() && mode != Mode.LEGACY_32) {
            e |= XD;
        }
        int idx = patIndex(a.cache());
        if ((idx & 1) != 0) {
            e |= PWT;
        }
        if ((idx & 2) != 0) {
            e |= PCD;
        }
        if (level == 1) {
            if ((idx & 4) != 0) {
                e |= PAT_4K;
            }
        } else {
            e |= PS;
            if ((idx & 4) != 0) {
                e |= PAT_LARGE;
            }
        }
        return e;
    }

    /**
     * Places the output address. In 32-bit paging a 4 MiB PDE holds PA[31:22] at 31:22 and, with PSE-36, PA[39:32] at
     * 20:13; a 4 KiB PTE holds PA[31:12] only (SDM Vol. 3A tables 4-4 and 4-6), so a page at or above 4 GiB is
     * refused here rather than silently truncated.
     */
    @Override
    public long withAddress(long template, long pa, int level, long leafSize) {
        if (mode == Mode.LEGACY_32 && level == 2) {
            return template | (pa & 0xFFC0_0000L) | (((pa >>> 32) & 0xFF) << 13);
        }
        if (!leafReaches(level, leafSize, pa)) {
            throw new IllegalArgumentException(name() + " cannot map physical address " + Unsigned.hex(pa) + " with a "
                    + SizeUnit.format(leafSize) + " page: " + PTE_REACH);
        }
        return template | pa;
    }

    private static final String PTE_REACH = "a 4 KiB PTE holds physical address bits 31:12 only";

    /** In 32-bit paging only a 4 MiB page (PSE-36) reaches physical addresses at or above 4 GiB. */
    @Override
    public boolean leafReaches(int level, long leafSize, long pa) {
        return mode != Mode.LEGACY_32 || level == 2 || Unsigned.fitsBits(pa, 32);
    }

    @Override
    public String unreachableReason(long pa) {
        if (mode != Mode.LEGACY_32) {
            return super.unreachableReason(pa);
        }
        return "physical address " + Unsigned.hex(pa) + " is above 4 GiB, which only 4 MiB pages reach (" + PTE_REACH
                + "; VA, PA and size must be 4 MiB aligned)";
    }

    /** 32-bit paging: CR3 and PDEs hold table addresses 31:12; PAE: CR3 holds the PDPT's address 31:5 (SDM 4.3, 4.4.1). */
    @Override
    public int tableAddressBits(int level) {
        return mode == Mode.LEGACY_32 || (mode == Mode.PAE && level == 3) ? 32 : physicalBits();
    }

    @Override
    public long linearIncrement(int level, long leafSize) {
        return mode == Mode.LEGACY_32 && level == 2 ? 0 : leafSize;
    }

    @Override
    public long address(long e, int level) {
        if (mode == Mode.LEGACY_32) {
            if (level == 2 && kind(e, level) == EntryKind.LEAF) {
                return (e & 0xFFC0_0000L) | (((e >>> 13) & 0xFF) << 32);
            }
            return e & 0xFFFF_F000L;
        }
        if (kind(e, level) == EntryKind.LEAF && level > 1) {
            return e & ADDR_64 & -leafSize(e, level);
        }
        return e & ADDR_64;
    }

    @Override
    public long leafSize(long e, int level) {
        switch (level) {
            case 1:
                return 4096;
            case 2:
                return mode == Mode.LEGACY_32 ? 4L << 20 : 2L << 20;
            default:
                return 1L << 30;
        }
    }

    /** Intel SDM vol. 3A 13.12.3: PAT index = PAT * 4 + PCD * 2 + PWT; PAT is bit 7 in a 4 KiB entry, 12 above. */
    @Override
    public MemoryType memoryType(long e, int level) {
        return patTable[(int) ((e >>> 3) & 3 | (level == 1 ? (e >>> 5) & 4 : (e >>> 10) & 4))];
    }

    /** From the table of every attribute combination: a walk's answer allocates nothing when asked either. */
    @Override
    public Attributes walkAttributes(long e, int level) {
        return attributeTable[level == 1 ? 1 : 2][attributeKey(e, level)];
    }

    @Override
    public Attributes leafAttributes(long e, int level) {
        boolean exec = mode == Mode.LEGACY_32 || (e & XD) == 0;
        return new Attributes(true, (e & RW) != 0, exec, (e & US) != 0, (e & G) != 0, memoryType(e, level).cache(),
                Shareability.INNER, (e & A) != 0, (e & D) != 0);
    }

    @Override
    public DecodedEntry decode(long e, int level) {
        List<DecodedEntry.Field> f = new ArrayList<>();
        EntryKind k = kind(e, level);
        boolean wide = mode != Mode.LEGACY_32;
        boolean pdpte = mode == Mode.PAE && level == 3;
        if (wide && !pdpte) {
            f.add(bit("XD", e, 63));
            if (k == EntryKind.LEAF) {
                f.add(new DecodedEntry.Field("PK", 59, 4, (e >>> 59) & 0xF));
            }
        }
        if (k == EntryKind.LEAF && level > 1) {
            f.add(bit("PAT", e, 12));
        }
        if (!pdpte) {
            if (k == EntryKind.LEAF) {
                f.add(bit("G", e, 8));
            }
            f.add(bit(level == 1 ? "PAT" : "PS", e, 7));
            if (k == EntryKind.LEAF) {
                f.add(bit("D", e, 6));
            }
            f.add(bit("A", e, 5));
        }
        f.add(bit("PCD", e, 4));
        f.add(bit("PWT", e, 3));
        if (!pdpte) {
            f.add(bit("US", e, 2));
            f.add(bit("RW", e, 1));
        }
        f.add(bit("P", e, 0));
        return DecodedEntry.of(this, e, level, f);
    }

    /** The reserved bits of a present entry that are set (those {@link #walk} faults on with RSVD). */
    @Override
    public long reservedBits(long e, int level) {
        return (e & P) == 0 ? 0 : e & reservedMask(e, level);
    }

    static DecodedEntry.Field bit(String name, long e, int bit) {
        return new DecodedEntry.Field(name, bit, 1, (e >>> bit) & 1);
    }

    // ---- walk ------------------------------------------------------------------------------------

    /** Reserved bits of a present entry, for the RSVD fault. */
    private long reservedMask(long e, int level) {
        if (mode == Mode.LEGACY_32) {
            if (level == 2 && (e & PS) != 0 && has(Feature.PSE)) {
                int extra = has(Feature.PSE36) ? physicalBits() - 32 : 0;
                return bits(21, 13 + extra);
            }
            return 0;
        }
        long rsv = bits(51, physicalBits());
        if (!has(Feature.NX)) {
            rsv |= XD;
        }
        if (mode == Mode.PAE && level == 3) {
            return rsv | XD | 0x1E6L;
        }
        boolean ps = (e & PS) != 0;
        if (level == 4 || level == 5 || (level == 3 && ps && !has(Feature.PAGE_1G))) {
            return rsv | (ps ? PS : 0);
        }
        if (ps && level == 2) {
            return rsv | bits(20, 13);
        }
        if (ps && level == 3) {
            return rsv | bits(29, 13);
        }
        return rsv;
    }

    /** Bits hi..lo inclusive (empty when hi < lo). */
    private static long bits(int hi, int lo) {
        if (hi < lo) {
            return 0;
        }
        long upper = hi == 63 ? -1L : (1L << (hi + 1)) - 1;
        return upper & -(1L << lo);
    }

    @Override
    protected boolean walk(EntryReader mem, long rootPa, Half half, long va, Access access, List<WalkStep> trace,
            WalkResult out, boolean explain) {
        if (trace == null && quickWalks && mem instanceof PhysicalMemory pm && pm.entryBytes() == 8) {
            int quick = quickWalk(pm, rootPa, va, access, out);
            if (quick >= 0) {
                return quick > 0;
            }
        }
        return fullWalk(mem, rootPa, half, va, access, trace, out, explain);
    }

    /**
     * The walk of 4- and 5-level paging straight from {@link PhysicalMemory} (one receiver, so its read inlines), for
     * the outcomes a translation mostly has: a mapping allowed (1), or an entry not present (0). -1, having written
     * nothing, when it meets anything else (a non-canonical VA, a reserved bit, an access denied, a table entry that
     * clears RW or US or sets XD, which only {@link #fullWalk} combines with the leaf's): the full walk then walks again
     * and says what is wrong. Kept small, so that the compiler inlines it into its callers: one loop
     * that only reads, and whatever the entry it stops at means decided once, after it, by {@link #quickEnd}. Its
     * state is in locals only (formats and memories are shared by every thread that walks).
     */
    private int quickWalk(PhysicalMemory mem, long rootPa, long va, Access access, WalkResult out) {
        int unused = quickUnusedBits;
        if (va << unused >> unused != va) {
            return -1;
        }
        long table = rootPa;
        QuickStop at;
        QuickStop below = quickRoot;
        long e;
        boolean next;
        // One test, at the bottom, of a value computed without a branch out of the loop: a loop whose first block may
        // leave it has that block copied in front of it by the compiler, which would double the inlined reads.
        do {
            at = below;
            e = mem.readWord(table + ((va >>> at.shift() & 511) << 3));
            table = e & ADDR_64;
            next = (e & at.tableBits()) == TRANSPARENT;
            below = at.below();
        } while (next);
        return quickEnd(e, at, va, access, out);
    }

    /**
     * What entry {@code e}, where {@link #quickWalk} stopped, means: not present, a leaf that allows {@code access}, or
     * (-1) anything {@link #fullWalk} must explain; as {@link #quickWalk}. Every entry above it was a table entry that
     * restricts nothing, so the leaf's own RW, US and XD are the walk's permissions.
     */
    private int quickEnd(long e, QuickStop at, long va, Access access, WalkResult out) {
        if ((e & at.leafBits()) != at.leaf()) {
            if ((e & P) == 0) {
                out.notMapped(va, at.level(), e);
                return 0;
            }
            return -1;
        }
        int key = (int) ((e >>> 1 & 3) | (e & nxBit) >>> 61);
        if (access != null && (quickAllowed >>> ((access.kind().ordinal() << 1 | (access.user() ? 1 : 0)) << 3 | key)
                & 1) == 0) {
            return -1;
        }
        long size = at.size();
        out.mapped(va, (e & ADDR_64 & -size) | (va & (size - 1)), size, at.level(), permissionTable[key], e, this);
        return 1;
    }

    /** The walk as the manual describes it, for every mode, with a trace and the fault explained. */
    private boolean fullWalk(EntryReader mem, long rootPa, Half half, long va, Access access, List<WalkStep> trace,
            WalkResult out, boolean explain) {
        if (!translates(va)) {
            FaultKind kind = mode == Mode.LONG_4 || mode == Mode.LONG_5 ? FaultKind.NON_CANONICAL : FaultKind.OUTSIDE_ADDRESS_SPACE;
            return out.faulted(va, kind, null, 0, explain ? untranslatableReason(va) : "");
        }
        long table = rootPa;
        long all = -1L; // the AND of the entries with RW, US and XD: RW and US survive only if every level sets them
        long any = 0; // their OR: XD set at any level
        for (int d = 0; d < walkLevel.length; d++) {
            int idx = (int) ((va >>> walkShift[d]) & walkIndexMask[d]);
            long entryPa = table + ((long) idx << entryShift);
            long e = mem.read(entryPa);
            if (trace != null) {
                trace.add(new WalkStep(walkLevel[d].name(), table, idx, entryPa, decode(e, walkLevel[d].archLevel())));
            }
            if ((e & P) == 0) {
                return out.notMapped(va, walkLevel[d], e);
            }
            boolean ps = (e & PS) != 0;
            long rsv = e & (ps ? walkReservedPs[d] : walkReservedNoPs[d]);
            if (rsv != 0) {
                return out.faulted(va, FaultKind.RESERVED_BIT, walkLevel[d], e,
                        explain ? reservedDetail(rsv, walkLevel[d].archLevel(), e) : "");
            }
            if (d == pdpteDepth) {
                table = e & ADDR_64;
                continue;
            }
            all &= e;
            any |= e;
            if (d == walkLevel.length - 1 || (ps && walkLargeLeaf[d])) {
                int level = walkLevel[d].archLevel();
                long size = walkSize[d];
                long base = mode == Mode.LEGACY_32 ? address(e, level) : e & ADDR_64 & -size;
                Permissions perm = permissionTable[(int) (all >>> 1) & 3 | (int) ((any & nxBit) >>> 61)];
                if (access != null && !perm.allows(access)) {
                    return out.faulted(va, FaultKind.PERMISSION, walkLevel[d], e,
                            explain ? access + " not allowed (" + perm + ")" : "");
                }
                return out.mapped(va, base + (va & (size - 1)), size, walkLevel[d], perm, e, this);
            }
            table = e & tableAddressMask;
        }
        throw new IllegalStateException("walk ended without a leaf");
    }

    /** Whether {@code va} is canonical (4- and 5-level paging) or below 4 GiB (32-bit and PAE paging). */
    private boolean translates(long va) {
        return switch (mode) {
            case LEGACY_32, PAE -> va >>> 32 == 0;
            case LONG_4 -> va << 16 >> 16 == va;
            case LONG_5 -> va << 7 >> 7 == va;
        };
    }

    private Permissions permissions(boolean rw, boolean us, boolean xd) {
        boolean smap = us && has(Feature.SMAP);
        boolean smep = us && has(Feature.SMEP);
        return new Permissions(!smap, rw && !smap, !xd && !smep, us, us && rw, us && !xd);
    }

    private String reservedDetail(long rsv, int level, long e) {
        int bit = 63 - Long.numberOfLeadingZeros(rsv);
        if (bit == 63) {
            return "bit 63 (XD) is reserved without NX (EFER.NXE)";
        }
        if (bit == 7) {
            return "bit 7 (PS) is reserved at this level";
        }
        if (mode != Mode.LEGACY_32 && bit >= physicalBits() && bit <= 51) {
            return "bit " + bit + " is beyond the " + physicalBits() + "-bit physical address width";
        }
        if ((e & PS) != 0 && bit >= 13 && bit <= 29) {
            return "bit " + bit + ": the " + SizeUnit.format(leafSize(e, level)) + " page address is misaligned";
        }
        return "bit " + bit + " is reserved";
    }

    // ---- recursive (self-referencing) slots --------------------------------------------------------

    /**
     * A recursive or foreign slot holds {@code P | RW | A | D}, plus XD when NX is on, and no US (Linux's
     * {@code _KERNPG_TABLE}). Read as a table entry it is an ordinary supervisor table entry (A and D are ignored
     * there; bit 7, PS, is 0). Read as the last-level entry that maps a table through the slot: US=0 keeps user mode
     * out (US is ANDed over the walk, Intel SDM vol. 3A 4.6.1), XD makes every page under the slot non-executable
     * (4.6.2), A and D set spare the CPU from setting them, G (bit 8) stays 0 so the mapping belongs to this space
     * only, and PAT/PCD/PWT stay 0: PAT entry 0, write-back after reset and in Linux. 32-bit paging has no XD, so
     * tables reached through its slot are executable. On PAE the slots are page-directory entries ({@code archLevel}
     * 2); a PDPTE cannot be one (its RW and US bits are reserved).
     */
    @Override
    public OptionalLong selfMapEntry(long tablePa, int level) {
        long e = tablePa | P | RW | A | D;
        if (mode != Mode.LEGACY_32 && has(Feature.NX)) {
            e |= XD;
        }
        return OptionalLong.of(e);
    }
}
