package org.pt.engine.format;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.pt.engine.core.AddressRange;
import org.pt.engine.core.SizeUnit;
import org.pt.engine.core.Unsigned;
import org.pt.engine.memory.EntryReader;
import org.pt.engine.walk.FaultKind;
import org.pt.engine.walk.WalkResult;
import org.pt.engine.walk.WalkStep;

/**
 * ARMv7-A short-descriptor translation tables (ARM DDI 0406C, B3.5 "Short-descriptor translation table format"),
 * with TTBCR.N = 0: TTBR0 translates the whole 32-bit VA space through a 16 KiB first-level table (4096 entries,
 * VA[31:20]) and 1 KiB second-level tables (256 entries, VA[19:12]). Architectural levels: L1 = 1, L2 = 2.
 *
 * <p>Leaves (B3.5.1): a 16 MiB supersection (optional, {@link Feature#SUPERSECTIONS}) and a 1 MiB section in L1, a
 * 64 KiB large page and a 4 KiB small page in L2. Supersections and large pages are written as 16 identical
 * consecutive entries, the first at a 16-entry boundary.
 *
 * <p>The machine modelled: SCTLR.AFE = 0 (the AP[2:0] access permission model of B3.7.1, no access flag), SCTLR.TRE
 * = 0 (TEX[2:0], C, B memory types of B3.8.2, no TEX remap), no PXN support (so bits[1:0] = 0b11 is not a
 * descriptor, and a page executable at PL0 is executable at PL1 too), every domain a client in DACR (permissions
 * are always checked; the builder writes domain 0), Non-secure bits written 0, and the extended supersection base
 * address (PA[39:32]) present only when {@link #physicalBits()} is above 32.
 *
 * <p>Abstract attributes (B3.7.1, B3.8.2):
 * <ul>
 * <li>kernel rw = AP[2:0] 0b001, kernel r = 0b101, user rw = 0b011, user r = 0b111 (a user page is also kernel
 * accessible); pages that cannot be read are refused (every AP encoding that grants an access grants read, and an
 * instruction fetch needs read permission);</li>
 * <li>execute = !XN; global = !nG;</li>
 * <li>write-back = TEX 0b001 C=1 B=1 (Normal, write-back write-allocate), write-through = TEX 0b000 C=1 B=0,
 * uncached and write-combining = TEX 0b001 C=0 B=0 (Normal non-cacheable: ARMv7 has no separate write-combining
 * type; it reads back as uncached), device = TEX 0b000 C=0 B=1 (Shareable Device);</li>
 * <li>S = 1 for inner or outer shareable Normal memory (without TEX remap the short descriptor only says
 * "Shareable"; it reads back as {@link Shareability#INNER}), S = 0 for non-shareable; Device memory writes S = 0
 * (ignored) and reads back as {@link Shareability#INNER};</li>
 * <li>accessed and dirty are not encoded (AFE = 0 and no dirty state): every entry reads back accessed and
 * dirty.</li>
 * </ul>
 */
public final class ArmV7ShortFormat extends PagingFormat {

    /** Level numbers. */
    static final int L1 = 1;
    static final int L2 = 2;

    static final long SMALL_PAGE = 4L << 10;
    static final long LARGE_PAGE = 64L << 10;
    static final long SECTION = 1L << 20;
    static final long SUPERSECTION = 16L << 20;

    /** Descriptor type, bits[1:0]. */
    static final long TYPE = 0b11;
    /** L1 page table descriptor base, bits[31:10]. */
    static final long TABLE_BASE = 0xFFFF_FC00L;
    /** L1 section / supersection: bit 18 selects a supersection. */
    static final long SUPER = 1L << 18;

    /** The memory type of each TEX:C:B. */
    private final MemoryType.TexCb[] texCbTable = new MemoryType.TexCb[32];
    /** Walk tables, computed once: permissions by AP[2:0] and XN, attributes by every field ({@link #fieldKey}). */
    private final Permissions[] permissionTable = new Permissions[16];
    private final Attributes[] attributeTable = new Attributes[1 << 11];

    private ArmV7ShortFormat(int physicalBits, Set<Feature> features, List<Half> halves) {
        super("armv7", Family.ARMV7, physicalBits, 4, features, halves);
        for (int i = 0; i < 32; i++) {
            texCbTable[i] = new MemoryType.TexCb(i >>> 2, (i & 2) != 0, (i & 1) != 0);
        }
        for (int k = 0; k < 16; k++) {
            permissionTable[k] = permissions(k >>> 1, (k & 1) != 0);
        }
        for (int k = 0; k < attributeTable.length; k++) {
            attributeTable[k] = leafAttributes(Fields.of(k));
        }
    }

    /**
     * @param physicalBits 32, or up to 40 with supersections (PA bits above 31 only reach supersections, B3.5.1)
     * @param features     {@link Feature#SUPERSECTIONS} or nothing
     */
    public static ArmV7ShortFormat of(int physicalBits, Set<Feature> features) {
        for (Feature f : features) {
            if (f != Feature.SUPERSECTIONS) {
                throw new IllegalArgumentException("armv7 has no feature " + f + "; its only optional feature is SUPERSECTIONS");
            }
        }
        boolean sup = features.contains(Feature.SUPERSECTIONS);
        int max = sup ? 40 : 32;
        if (physicalBits < 32 || physicalBits > max) {
            throw new IllegalArgumentException("armv7 supports " + (sup ? "32 to 40" : "exactly 32")
                    + " physical address bits" + (sup ? "" : " without supersections") + ", not " + physicalBits);
        }
        Set<Feature> f = features.isEmpty() ? EnumSet.noneOf(Feature.class) : EnumSet.copyOf(features);
        return new ArmV7ShortFormat(physicalBits, f, List.of(half(sup)));
    }

    /** 32-bit physical addresses with supersections. */
    public static ArmV7ShortFormat standard() {
        return of(32, EnumSet.of(Feature.SUPERSECTIONS));
    }

    private static Half half(boolean supersections) {
        List<Geometry.Level> levels = new ArrayList<>();
        // B3.5.4 with TTBCR.N = 0: 16 KiB first-level table aligned to 16 KiB, indexed by VA[31:20]
        levels.add(new Geometry.Level(L1, "L1", 20, 4096, 16 << 10, 16 << 10,
                supersections ? new long[] {SUPERSECTION, SECTION} : new long[] {SECTION},
                supersections ? new int[] {16, 1} : new int[] {1}));
        // second-level table: 256 entries, 1 KiB aligned, indexed by VA[19:12]
        levels.add(new Geometry.Level(L2, "L2", 12, 256, 1 << 10, 1 << 10, new long[] {LARGE_PAGE, SMALL_PAGE},
                new int[] {16, 1}));
        return new Half(0, "TTBR0", List.of(AddressRange.inclusive(0, 0xFFFF_FFFFL)), new Geometry(levels));
    }

    @Override
    public int frameShift() {
        return 12;
    }

    @Override
    public String untranslatableReason(long va) {
        return Unsigned.hex(va) + " is above the 32-bit address space of " + name();
    }

    // ---- the attribute fields, wherever a descriptor type keeps them -------------------------------

    /** The attribute fields of a leaf, independent of where its descriptor type places them. */
    private record Fields(int tex, boolean c, boolean b, boolean xn, int ap, boolean s, boolean ng) {
        /** The fields of a {@link #fieldKey}. */
        static Fields of(int key) {
            return new Fields(key >>> 8, bit(key, 7), bit(key, 6), bit(key, 0), key >>> 1 & 7, bit(key, 5), bit(key, 4));
        }

        private static boolean bit(int key, int b) {
            return (key >>> b & 1) != 0;
        }
    }

    private static boolean isSection(long e) {
        return (e & TYPE) == 0b10;
    }

    /** Whether an L1 entry is a supersection this machine reads as one (bit 18 with the feature). */
    private boolean isSupersection(long e) {
        return isSection(e) && (e & SUPER) != 0 && has(Feature.SUPERSECTIONS);
    }

    private static boolean isLargePage(long e) {
        return (e & TYPE) == 0b01;
    }

    private static boolean bitSet(long e, int bit) {
        return ((e >>> bit) & 1) != 0;
    }

    /**
     * The attribute fields of a leaf as one number, TEX:C:B (10:6), S (5), nG (4), AP[2:0] (3:1), XN (0), wherever
     * its descriptor type places them (B3.5.1 figures B3-4, section and supersection, and B3-5, large and small page).
     * Bits 10:6 index the memory type, bits 3:0 the permissions.
     */
    private static int fieldKey(long e, int level) {
        long tex;
        long xn;
        long ap;
        long s;
        long ng;
        if (level == L1) {
            tex = e >>> 12 & 7;
            xn = e >>> 4 & 1;
            ap = (e >>> 15 & 1) << 2 | e >>> 10 & 3;
            s = e >>> 16 & 1;
            ng = e >>> 17 & 1;
        } else {
            tex = isLargePage(e) ? e >>> 12 & 7 : e >>> 6 & 7;
            xn = isLargePage(e) ? e >>> 15 & 1 : e & 1;
            ap = (e >>> 9 & 1) << 2 | e >>> 4 & 3;
            s = e >>> 10 & 1;
            ng = e >>> 11 & 1;
        }
        return (int) (tex << 8 | (e >>> 3 & 1) << 7 | (e >>> 2 & 1) << 6 | s << 5 | ng << 4 | ap << 1 | xn);
    }

    private static long place(Fields f, int level, long leafSize) {
        long e = (f.b ? 1L << 2 : 0) | (f.c ? 1L << 3 : 0);
        int ap2 = (f.ap >>> 2) & 1;
        int ap10 = f.ap & 3;
        if (level == L1) {
            e |= 0b10 | (f.xn ? 1L << 4 : 0) | (long) ap10 << 10 | (long) f.tex << 12 | (long) ap2 << 15
                    | (f.s ? 1L << 16 : 0) | (f.ng ? 1L << 17 : 0);
            return leafSize == SUPERSECTION ? e | SUPER : e;
        }
        e |= (long) ap10 << 4 | (long) ap2 << 9 | (f.s ? 1L << 10 : 0) | (f.ng ? 1L << 11 : 0);
        if (leafSize == LARGE_PAGE) {
            return e | 0b01 | (long) f.tex << 12 | (f.xn ? 1L << 15 : 0);
        }
        return e | 0b10 | (long) f.tex << 6 | (f.xn ? 1L : 0);
    }

    // ---- codec -----------------------------------------------------------------------------------

    /** B3.5.1: L1 00 fault, 01 page table, 10 section/supersection, 11 reserved (a Translation fault without PXN). */
    @Override
    public EntryKind kind(long e, int level) {
        long t = e & TYPE;
        if (level == L1) {
            return t == 0b01 ? EntryKind.TABLE : t == 0b10 ? EntryKind.LEAF : EntryKind.INVALID;
        }
        return t == 0 ? EntryKind.INVALID : EntryKind.LEAF;
    }

    /** B3.5.1: an L1 descriptor of type 0b11 is reserved without PXN; the walk reads it as a translation fault. */
    @Override
    public Optional<String> reservedEncoding(long e, int level) {
        return level == L1 && (e & TYPE) == 0b11 ? Optional.of("type 0b11 is reserved in an L1 descriptor (without "
                + "the PXN extension): the walk reads it as a translation fault") : Optional.empty();
    }

    /** Page table descriptor: base | 0b01, Domain 0, NS 0, PXN 0 (B3.5.1). */
    @Override
    public long tableEntry(long tablePa, int level) {
        if (level != L1) {
            throw new IllegalArgumentException("armv7 has table descriptors only in L1, not at level " + level);
        }
        return (tablePa & TABLE_BASE) | 0b01;
    }

    @Override
    public Optional<AttributeError> check(Attributes a) {
        if (a.read()) {
            return Optional.empty();
        }
        String why = a.write() ? "write without read" : a.execute() ? "execute-only pages" : "a mapped page that cannot be read";
        why += " (every AP[2:0] encoding that grants an access grants read, and instruction fetch needs read permission)";
        return Optional.of(new AttributeError(name(), a, why));
    }

    private static Fields encode(Attributes a) {
        int ap = a.user() ? (a.write() ? 0b011 : 0b111) : (a.write() ? 0b001 : 0b101);
        int tex;
        boolean c;
        boolean b;
        switch (a.cache()) {
            case WRITE_BACK:
                tex = 0b001;
                c = true;
                b = true;
                break;
            case WRITE_THROUGH:
                tex = 0b000;
                c = true;
                b = false;
                break;
            case DEVICE:
                tex = 0b000;
                c = false;
                b = true;
                break;
            default:
                tex = 0b001;
                c = false;
                b = false;
                break;
        }
        boolean s = a.cache() != CacheType.DEVICE && a.shareability() != Shareability.NON_SHAREABLE;
        return new Fields(tex, c, b, !a.execute(), ap, s, !a.global());
    }

    @Override
    public long leafTemplate(Attributes a, int level, long leafSize) {
        checkLeaf(level, leafSize);
        return place(encode(a), level, leafSize);
    }

    private void checkLeaf(int level, long leafSize) {
        boolean ok = level == L1 ? leafSize == SECTION || (leafSize == SUPERSECTION && has(Feature.SUPERSECTIONS))
                : level == L2 && (leafSize == LARGE_PAGE || leafSize == SMALL_PAGE);
        if (!ok) {
            throw new IllegalArgumentException("armv7 has no " + SizeUnit.format(leafSize) + " leaf at level " + level);
        }
    }

    /**
     * Places the output address. Only a supersection holds PA bits above 31 (PA[35:32] at 23:20, PA[39:36] at 8:5);
     * a smaller leaf cannot map a PA at or above 4 GiB, which is refused here rather than silently truncated.
     */
    @Override
    public long withAddress(long template, long pa, int level, long leafSize) {
        if (level == L1 && leafSize == SUPERSECTION) {
            if (!physicalAddressFits(pa)) {
                throw new IllegalArgumentException("armv7 supersection base " + Unsigned.hex(pa) + " is beyond the "
                        + physicalBits() + "-bit physical address width");
            }
            return template | (pa & 0xFF00_0000L) | ((pa >>> 32) & 0xF) << 20 | ((pa >>> 36) & 0xF) << 5;
        }
        if (!Unsigned.fitsBits(pa, 32)) {
            throw new IllegalArgumentException("armv7 cannot map physical address " + Unsigned.hex(pa) + " with a "
                    + SizeUnit.format(leafSize) + " page: only 16 MiB supersections reach physical addresses above 4 GiB");
        }
        long mask = level == L1 ? 0xFFF0_0000L : leafSize == LARGE_PAGE ? 0xFFFF_0000L : 0xFFFF_F000L;
        return template | (pa & mask);
    }

    /** TTBR0 holds the L1 table's address bits 31:14 and an L1 table descriptor the L2 table's bits 31:10 (B4.1.154, B3.5.1). */
    @Override
    public int tableAddressBits(int level) {
        return 32;
    }

    /** Only a 16 MiB supersection holds physical address bits above 31. */
    @Override
    public boolean leafReaches(int level, long leafSize, long pa) {
        return leafSize == SUPERSECTION || Unsigned.fitsBits(pa, 32);
    }

    @Override
    public String unreachableReason(long pa) {
        return "physical address " + Unsigned.hex(pa) + " is above 4 GiB, which only 16 MiB supersections reach "
                + "(VA, PA and size must be 16 MiB aligned)";
    }

    /** Sections and small pages keep the address at its own bit position; supersections and large pages are span leaves. */
    @Override
    public long linearIncrement(int level, long leafSize) {
        return (level == L1 && leafSize == SECTION) || (level == L2 && leafSize == SMALL_PAGE) ? leafSize : 0;
    }

    @Override
    public long address(long e, int level) {
        if (level == L1) {
            if ((e & TYPE) == 0b01) {
                return e & TABLE_BASE;
            }
            if (isSupersection(e)) {
                return (e & 0xFF00_0000L) | ((e >>> 20) & 0xF) << 32 | ((e >>> 5) & 0xF) << 36;
            }
            return e & 0xFFF0_0000L;
        }
        return e & (isLargePage(e) ? 0xFFFF_0000L : 0xFFFF_F000L);
    }

    @Override
    public long leafSize(long e, int level) {
        if (level == L1) {
            return isSupersection(e) ? SUPERSECTION : SECTION;
        }
        return isLargePage(e) ? LARGE_PAGE : SMALL_PAGE;
    }

    /**
     * Reads the permission model back: AP 0b010 (PL1 read/write, PL0 read-only), which the abstract model cannot
     * produce, reads as a read-only user page; AP 0b000 and the reserved 0b100 (no access) read as unreadable.
     */
    @Override
    public Attributes leafAttributes(long e, int level) {
        return attributeTable[fieldKey(e, level)];
    }

    private Attributes leafAttributes(Fields f) {
        boolean readable = f.ap != 0b000 && f.ap != 0b100;
        boolean user = f.ap == 0b010 || f.ap == 0b011 || f.ap == 0b110 || f.ap == 0b111;
        boolean write = f.ap == 0b001 || f.ap == 0b011;
        CacheType cache = texCbTable[f.tex << 2 | (f.c ? 2 : 0) | (f.b ? 1 : 0)].cache();
        Shareability sh;
        if (cache == CacheType.DEVICE) {
            sh = f.tex == 0b010 ? Shareability.NON_SHAREABLE : Shareability.INNER;
        } else {
            sh = f.s ? Shareability.INNER : Shareability.NON_SHAREABLE;
        }
        return new Attributes(readable, write, readable && !f.xn, user, !f.ng, cache, sh, true, true);
    }

    /** B3.8.2 with TEX remap off: TEX[2:0], C and B of a section, supersection, large or small page. */
    @Override
    public MemoryType memoryType(long e, int level) {
        return texCbTable[fieldKey(e, level) >>> 6];
    }

    @Override
    public DecodedEntry decode(long e, int level) {
        List<DecodedEntry.Field> f = new ArrayList<>();
        EntryKind k = kind(e, level);
        if (level == L1) {
            long t = e & TYPE;
            if (t == 0b01) {
                f.add(bit("IMP", e, 9));
                f.add(new DecodedEntry.Field("Domain", 5, 4, (e >>> 5) & 0xF));
                f.add(bit("NS", e, 3));
                f.add(bit("PXN", e, 2));
            } else if (t == 0b10) {
                boolean sup = isSupersection(e);
                if (sup) {
                    f.add(new DecodedEntry.Field("PA[35:32]", 20, 4, (e >>> 20) & 0xF));
                }
                f.add(bit("NS", e, 19));
                f.add(bit("bit18", e, 18));
                f.add(bit("nG", e, 17));
                f.add(bit("S", e, 16));
                f.add(bit("AP[2]", e, 15));
                f.add(new DecodedEntry.Field("TEX", 12, 3, (e >>> 12) & 7));
                f.add(new DecodedEntry.Field("AP[1:0]", 10, 2, (e >>> 10) & 3));
                f.add(bit("IMP", e, 9));
                f.add(sup ? new DecodedEntry.Field("PA[39:36]", 5, 4, (e >>> 5) & 0xF)
                        : new DecodedEntry.Field("Domain", 5, 4, (e >>> 5) & 0xF));
                f.add(bit("XN", e, 4));
                f.add(bit("C", e, 3));
                f.add(bit("B", e, 2));
            }
            f.add(new DecodedEntry.Field("type", 0, 2, t));
        } else if (k == EntryKind.INVALID) {
            f.add(new DecodedEntry.Field("type", 0, 2, e & TYPE));
        } else if (isLargePage(e)) {
            f.add(bit("XN", e, 15));
            f.add(new DecodedEntry.Field("TEX", 12, 3, (e >>> 12) & 7));
            f.add(bit("nG", e, 11));
            f.add(bit("S", e, 10));
            f.add(bit("AP[2]", e, 9));
            f.add(new DecodedEntry.Field("AP[1:0]", 4, 2, (e >>> 4) & 3));
            f.add(bit("C", e, 3));
            f.add(bit("B", e, 2));
            f.add(new DecodedEntry.Field("type", 0, 2, e & TYPE));
        } else {
            f.add(bit("nG", e, 11));
            f.add(bit("S", e, 10));
            f.add(bit("AP[2]", e, 9));
            f.add(new DecodedEntry.Field("TEX", 6, 3, (e >>> 6) & 7));
            f.add(new DecodedEntry.Field("AP[1:0]", 4, 2, (e >>> 4) & 3));
            f.add(bit("C", e, 3));
            f.add(bit("B", e, 2));
            f.add(new DecodedEntry.Field("type", 1, 1, (e >>> 1) & 1));
            f.add(bit("XN", e, 0));
        }
        return DecodedEntry.of(this, e, level, f);
    }

    private static DecodedEntry.Field bit(String name, long e, int bit) {
        return new DecodedEntry.Field(name, bit, 1, (e >>> bit) & 1);
    }

    // ---- walk ------------------------------------------------------------------------------------

    /**
     * B3.5.5 / B3.7: the L1 descriptor at TTBR0[31:14]:VA[31:20]:00, then for a page table descriptor the L2
     * descriptor at base[31:10]:VA[19:12]:00. Bits[1:0] = 0b00 at either level, and 0b11 at L1 (reserved without PXN,
     * a section Translation fault: ARM1176JZF-S TRM 6.12.2 Table 6-14 "Reserved, results in translation fault"; QEMU's
     * get_phys_addr_v6 raises the same fault), stop the walk as not mapped.
     */
    @Override
    protected boolean walk(EntryReader mem, long rootPa, Half half, long va, Access access, List<WalkStep> trace,
            WalkResult out, boolean explain) {
        if (va >>> 32 != 0) {
            return out.faulted(va, FaultKind.OUTSIDE_ADDRESS_SPACE, null, 0, untranslatableReason(va));
        }
        Geometry g = half.geometry();
        Geometry.Level first = g.level(0);
        int i1 = (int) ((va >>> first.shift()) & (first.entries() - 1));
        long e1Pa = rootPa + (long) i1 * 4;
        long e1 = mem.read(e1Pa);
        if (trace != null) {
            trace.add(new WalkStep(first.name(), rootPa, i1, e1Pa, decode(e1, L1)));
        }
        EntryKind k1 = kind(e1, L1);
        if (k1 == EntryKind.INVALID) {
            return out.notMapped(va, first, e1);
        }
        if (k1 == EntryKind.LEAF) {
            String bad = sectionReserved(e1);
            if (bad != null) {
                return out.faulted(va, FaultKind.RESERVED_BIT, first, e1, bad);
            }
            return leaf(e1, L1, first, va, access, out);
        }
        Geometry.Level second = g.level(1);
        long table = address(e1, L1);
        int i2 = (int) ((va >>> second.shift()) & (second.entries() - 1));
        long e2Pa = table + (long) i2 * 4;
        long e2 = mem.read(e2Pa);
        if (trace != null) {
            trace.add(new WalkStep(second.name(), table, i2, e2Pa, decode(e2, L2)));
        }
        if (kind(e2, L2) == EntryKind.INVALID) {
            return out.notMapped(va, second, e2);
        }
        return leaf(e2, L2, second, va, access, out);
    }

    /**
     * A section-type L1 entry this machine cannot use: bit 18 without supersection support (the bit is then
     * reserved, B3.5.1), or a supersection whose extended base address (PA[35:32] at 23:20, PA[39:36] at 8:5) sets PA
     * bits beyond the physical address width.
     */
    private String sectionReserved(long e) {
        if ((e & SUPER) == 0) {
            return null;
        }
        if (!has(Feature.SUPERSECTIONS)) {
            return "bit 18 selects a supersection, which this implementation does not support";
        }
        long pa = address(e, L1);
        if (physicalAddressFits(pa)) {
            return null;
        }
        int top = 63 - Long.numberOfLeadingZeros(pa);
        int entryBit = top >= 36 ? top - 31 : top - 12;
        return "bit " + entryBit + " (PA[" + top + "]) is beyond the " + physicalBits() + "-bit physical address width";
    }

    private boolean leaf(long e, int level, Geometry.Level l, long va, Access access, WalkResult out) {
        long size = leafSize(e, level);
        long pa = address(e, level) + (va & (size - 1));
        int key = fieldKey(e, level);
        Permissions perm = permissionTable[key & 0xF];
        if (access != null && !perm.allows(access)) {
            return out.faulted(va, FaultKind.PERMISSION, l, e, access + " not allowed (" + perm + "; AP[2:0]=0b"
                    + binary3(key >>> 1 & 7) + " XN=" + (key & 1) + ")");
        }
        return out.mapped(va, pa, size, l, perm, attributeTable[key], texCbTable[key >>> 6]);
    }

    private static String binary3(int v) {
        return "" + ((v >>> 2) & 1) + ((v >>> 1) & 1) + (v & 1);
    }

    /**
     * B3.7.1 with SCTLR.AFE = 0: AP[2:0] 000 no access, 001 PL1 rw, 010 PL1 rw / PL0 r, 011 rw / rw, 100 reserved
     * (no access, as QEMU treats it), 101 PL1 r, 110 and 111 r / r. B3.7.2: an instruction fetch needs read
     * permission and XN = 0; without PXN the same XN bit governs both privilege levels.
     */
    static Permissions permissions(int ap, boolean xn) {
        boolean kr = false;
        boolean kw = false;
        boolean ur = false;
        boolean uw = false;
        switch (ap) {
            case 0b001:
                kr = true;
                kw = true;
                break;
            case 0b010:
                kr = true;
                kw = true;
                ur = true;
                break;
            case 0b011:
                kr = true;
                kw = true;
                ur = true;
                uw = true;
                break;
            case 0b101:
                kr = true;
                break;
            case 0b110:
            case 0b111:
                kr = true;
                ur = true;
                break;
            default:
                break;
        }
        return new Permissions(kr, kw, kr && !xn, ur, uw, ur && !xn);
    }

    // ---- recursive (self-referencing) slots --------------------------------------------------------

    /** Refused: a self-referencing L1 entry would make the MMU read the L1 table as an L2 table (ARM DDI 0406C, B3.5). */
    @Override
    public Optional<String> recursiveRefusal() {
        return Optional.of("L1 and L2 descriptors differ in format and size (16 KiB L1 of 4096 entries, 1 KiB L2 of 256 "
                + "entries): an L1 table cannot serve as an L2 table");
    }
}
