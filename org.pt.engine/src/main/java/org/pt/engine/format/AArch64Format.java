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
import org.pt.engine.walk.FaultKind;
import org.pt.engine.walk.Translation;
import org.pt.engine.walk.WalkResult;
import org.pt.engine.walk.WalkStep;

/**
 * AArch64 stage-1 translation for the EL1&amp;0 regime (VMSAv8-64; Arm ARM DDI 0487, chapter D8 "The AArch64
 * Virtual Memory System Architecture"): 4 KiB, 16 KiB and 64 KiB granules, two halves of the VA space (TTBR0_EL1
 * translates {@code [0, 2^(64-T0SZ))}, TTBR1_EL1 translates {@code [2^64 - 2^(64-T1SZ), 2^64)}), 8-byte
 * descriptors, architectural levels 0 to 3 named {@code L0} .. {@code L3}.
 *
 * <p><b>Initial lookup level</b> (D8.2): a half with a VA size of {@code v} bits needs
 * {@code ceil((v - pageShift) / bitsPerLevel)} levels and starts at level {@code 4 - levels}; its root table has
 * {@code 2^(v - shift(start))} entries, so it may be smaller than a granule (2 entries = 16 bytes for 16 KiB / 48-bit,
 * 64 entries = 512 bytes for 64 KiB / 48-bit). A root table is aligned to its size, at least 64 bytes. Stage 1 never
 * concatenates root tables: concatenation (up to 16 tables at the initial level) exists only in stage 2, so no
 * geometry of this class has a root larger than a granule.
 *
 * <p><b>Leaves</b> (D8.3): 4 KiB granule: 1 GiB blocks at L1, 2 MiB blocks at L2, 4 KiB pages at L3. 16 KiB:
 * 32 MiB blocks at L2, 16 KiB pages at L3. 64 KiB: 512 MiB blocks at L2, 64 KiB pages at L3, and 4 TiB blocks at L1
 * only with a 52-bit physical address size (FEAT_LPA). Descriptor bits [1:0]: {@code 0b11} is a table at L0-L2 and a
 * page at L3; {@code 0b01} is a block where the level has blocks and is otherwise reserved, which the MMU treats as
 * invalid (a translation fault, {@link Translation.NotMapped}). The output address sits in bits [47:pageShift]; with
 * the 64 KiB granule and a 52-bit PA, OA[51:48] sits in bits [15:12]. The Contiguous hint and DBM are written 0.
 *
 * <p><b>Access permissions</b> (D8.4): AP[2] (bit 7) makes the page read-only, AP[1] (bit 6) gives EL0 access;
 * EL1 can always read. Kernel mappings are written with UXN=1 (EL0 never executes kernel memory) and PXN = not
 * executable; user mappings with PXN=1 (EL1 never executes user memory) and UXN = not executable. Memory writable at
 * EL0 is never executable at EL1 (implicit PXN). Table descriptors are written with no APTable/PXNTable/UXNTable
 * restriction; the walk applies the restrictions it finds (APTable[0]: no EL0 access below, APTable[1]: no write
 * below). Write-only and execute-only pages cannot be expressed (every valid descriptor grants EL1 read). With
 * {@link Feature#PAN} an EL1 data access to memory EL0 can read or write faults. SCTLR_EL1.WXN, TBI (top-byte
 * ignore), FEAT_HPDS and hardware AF/dirty management (FEAT_HAFDBS) are not modelled: an AF=0 leaf faults on access.
 *
 * <p><b>Memory attributes</b> (D8.6): AttrIndx (bits [4:2]) selects one of the eight MAIR_EL1 attribute bytes given
 * to the factory. Write-back is 0xFF, write-through 0xBB, uncached and write-combining are both 0x44 (Normal
 * Non-cacheable is Arm's write-combining memory type, so the two encode identically and read back as
 * {@link CacheType#UNCACHED}), device is 0x00 (Device-nGnRnE); the index used is the first MAIR slot holding the
 * byte. Reading back, any Device byte (0x0X) is {@link CacheType#DEVICE}. Shareability is written to SH (bits [9:8])
 * as requested for every memory type (as Linux writes SH=0b11 for its device mappings too) and read back as written:
 * inner 0b11, outer 0b10, non-shareable 0b00. The MMU ignores SH for Device and Normal Non-cacheable memory, which
 * are always treated as Outer Shareable. The dirty state is not encoded (no DBM) and reads back false.
 *
 * <p><b>Walk faults</b>: a VA outside both halves faults before any read ({@link FaultKind#OUTSIDE_ADDRESS_SPACE});
 * an invalid or reserved descriptor is a translation fault ({@link Translation.NotMapped}); a table or output
 * address at or above {@code 2^physicalBits} is an {@link FaultKind#ADDRESS_SIZE} fault; AF=0 is an
 * {@link FaultKind#ACCESS_FLAG} fault (checked before permissions, as the architecture prioritises it); then the
 * permissions. A walk without an access (a listing) checks neither, so AF=0 mappings are still listed. A block whose output address has bits set below the block size (RES0 bits the MMU would ignore) is
 * reported as {@link FaultKind#RESERVED_BIT} "misaligned block", so that no table relies on ignored bits.
 */
public final class AArch64Format extends PagingFormat {

    /** The translation granule (TCR_EL1.TG0/TG1): page size and how many VA bits each level resolves. */
    public enum Granule {
        G4K(12, 9), G16K(14, 11), G64K(16, 13);

        private final int pageShift;
        private final int bitsPerLevel;

        Granule(int pageShift, int bitsPerLevel) {
            this.pageShift = pageShift;
            this.bitsPerLevel = bitsPerLevel;
        }

        /** Log2 of the page (and table) size: 12, 14 or 16. */
        public int pageShift() {
            return pageShift;
        }

        /** VA bits resolved per full table: 9, 11 or 13 (a table holds {@code 2^bitsPerLevel} 8-byte descriptors). */
        public int bitsPerLevel() {
            return bitsPerLevel;
        }

        /** The page size in bytes. */
        public long bytes() {
            return 1L << pageShift;
        }

        /** Log2 of the VA covered by one descriptor at {@code level} (0..3). */
        public int shiftAtLevel(int level) {
            if (level < 0 || level > 3) {
                throw new IllegalArgumentException("AArch64 levels are 0 to 3, not " + level);
            }
            return pageShift + (3 - level) * bitsPerLevel;
        }

        /** Bytes of VA covered by one descriptor at {@code level}: for 4 KiB, 512 GiB, 1 GiB, 2 MiB, 4 KiB. */
        public long sizeAtLevel(int level) {
            return 1L << shiftAtLevel(level);
        }

        /** Number of lookup levels for a VA size of {@code vaBits}: {@code ceil((vaBits - pageShift) / bitsPerLevel)}. */
        public int levels(int vaBits) {
            return (vaBits - pageShift + bitsPerLevel - 1) / bitsPerLevel;
        }

        /** The initial lookup level for a VA size of {@code vaBits}: {@code 4 - levels(vaBits)}. */
        public int startLevel(int vaBits) {
            return 4 - levels(vaBits);
        }

        /** {@code aarch64-4k}, {@code aarch64-16k}, {@code aarch64-64k}. */
        public String formatName() {
            return "aarch64-" + (bytes() >>> 10) + "k";
        }

        /** The granule of {@code bytes} (4096, 16384 or 65536). */
        public static Optional<Granule> ofBytes(long bytes) {
            for (Granule g : values()) {
                if (g.bytes() == bytes) {
                    return Optional.of(g);
                }
            }
            return Optional.empty();
        }
    }

    /** MAIR attribute byte: Normal, inner and outer write-back non-transient, read/write-allocate. */
    public static final int NORMAL_WB = 0xFF;
    /** MAIR attribute byte: Normal, inner and outer write-through non-transient, read/write-allocate. */
    public static final int NORMAL_WT = 0xBB;
    /** MAIR attribute byte: Normal, inner and outer non-cacheable. */
    public static final int NORMAL_NC = 0x44;
    /** MAIR attribute byte: Device-nGnRnE. */
    public static final int DEVICE_NGNRNE = 0x00;
    /** MAIR attribute byte: Device-nGnRE. */
    public static final int DEVICE_NGNRE = 0x04;

    /** The default MAIR_EL1: 0 = Normal WB, 1 = Device-nGnRnE, 2 = Normal NC, 3 = Normal WT, 4 = Device-nGnRE. */
    public static final List<Integer> DEFAULT_MAIR = List.of(NORMAL_WB, DEVICE_NGNRNE, NORMAL_NC, NORMAL_WT, DEVICE_NGNRE,
            0, 0, 0);

    /** The physical address sizes TCR_EL1.IPS can select. */
    public static final List<Integer> PA_SIZES = List.of(32, 36, 40, 42, 44, 48, 52);

    static final long VALID = 1L;
    static final long TYPE = 1L << 1;
    static final int ATTR_INDX_SHIFT = 2;
    static final long NS = 1L << 5;
    static final long AP1 = 1L << 6;
    static final long AP2 = 1L << 7;
    static final int SH_SHIFT = 8;
    static final long AF = 1L << 10;
    static final long NG = 1L << 11;
    static final long DBM = 1L << 51;
    static final long CONTIGUOUS = 1L << 52;
    static final long PXN = 1L << 53;
    static final long UXN = 1L << 54;
    static final long PXN_TABLE = 1L << 59;
    static final long UXN_TABLE = 1L << 60;
    static final long AP_TABLE_NO_EL0 = 1L << 61;
    static final long AP_TABLE_NO_WRITE = 1L << 62;
    static final long NS_TABLE = 1L << 63;

    private static final int SH_INNER = 0b11;
    private static final int SH_OUTER = 0b10;
    private static final int SH_NON = 0b00;

    private final Granule granule;
    private final int vaBits0;
    private final int vaBits1;
    private final List<Integer> mair;
    /** 64 KiB granule with a 52-bit PA: OA[51:48] in descriptor bits [15:12] (FEAT_LPA). */
    private final boolean lpa;
    private final long addressMask;
    /** The memory type of each AttrIndx. */
    private final MemoryType.Mair[] mairTable = new MemoryType.Mair[8];
    /** Walk tables, computed once: permissions by their six rights, attributes by bits 11:2, PXN and UXN. */
    private final Permissions[] permissionTable = new Permissions[64];
    private final Attributes[] attributeTable = new Attributes[1 << 12];

    private AArch64Format(Granule granule, int vaBits0, int vaBits1, int physicalBits, Set<Feature> features,
            List<Integer> mair, List<Half> halves) {
        super(granule.formatName(), Family.AARCH64, physicalBits, 8, features, halves);
        this.granule = granule;
        this.vaBits0 = vaBits0;
        this.vaBits1 = vaBits1;
        this.mair = List.copyOf(mair);
        this.lpa = granule == Granule.G64K && physicalBits == 52;
        this.addressMask = bits(47, granule.pageShift());
        for (int i = 0; i < 8; i++) {
            mairTable[i] = new MemoryType.Mair(i, this.mair.get(i));
        }
        for (int k = 0; k < 64; k++) {
            permissionTable[k] = new Permissions((k & 1) != 0, (k & 2) != 0, (k & 4) != 0, (k & 8) != 0, (k & 16) != 0,
                    (k & 32) != 0);
        }
        for (int k = 0; k < attributeTable.length; k++) {
            attributeTable[k] = leafAttributes(((long) k & 0x3FF) << 2 | ((long) k >>> 10) << 53, 3);
        }
    }

    /**
     * @param granule  the translation granule (TCR_EL1.TG0 and TG1; both halves use the same one here)
     * @param vaBits0  VA size of the TTBR0_EL1 half, {@code 64 - T0SZ}: 25 to 48, up to 52 with the 64 KiB granule
     *                 (FEAT_LVA)
     * @param vaBits1  VA size of the TTBR1_EL1 half, {@code 64 - T1SZ}, likewise; 0 disables TTBR1 walks
     *                 (TCR_EL1.EPD1=1): the format has the TTBR0 half only, as a boot loader or a hypervisor's
     *                 EL2 regime without VHE has
     * @param paBits   physical address size (TCR_EL1.IPS): 32, 36, 40, 42, 44, 48, or 52 with the 64 KiB granule
     *                 (FEAT_LPA)
     * @param features optional features; only {@link Feature#PAN} applies to AArch64
     * @param mair     the eight MAIR_EL1 attribute bytes, Attr0 first, each 0 to 255
     */
    public static AArch64Format of(Granule granule, int vaBits0, int vaBits1, int paBits, Set<Feature> features,
            List<Integer> mair) {
        if (granule == null) {
            throw new IllegalArgumentException("an AArch64 format needs a granule (4 KiB, 16 KiB or 64 KiB)");
        }
        checkVaBits(granule, "TTBR0_EL1", "T0SZ", vaBits0);
        if (vaBits1 != 0) {
            checkVaBits(granule, "TTBR1_EL1", "T1SZ", vaBits1);
        }
        if (!PA_SIZES.contains(paBits)) {
            throw new IllegalArgumentException("the AArch64 physical address size (TCR_EL1.IPS) is one of 32, 36, 40, 42, "
                    + "44, 48 or 52 bits, not " + paBits);
        }
        if (paBits == 52 && granule != Granule.G64K) {
            throw new IllegalArgumentException("a 52-bit physical address size needs the 64 KiB granule (FEAT_LPA); "
                    + granule.formatName() + " supports up to 48 bits");
        }
        if (features == null) {
            throw new IllegalArgumentException("the feature set is required (use an empty set for none)");
        }
        for (Feature f : features) {
            if (f != Feature.PAN) {
                throw new IllegalArgumentException("feature " + f + " does not apply to AArch64 (supported: PAN)");
            }
        }
        if (mair == null || mair.size() != 8) {
            throw new IllegalArgumentException("MAIR_EL1 holds 8 attribute bytes, not " + (mair == null ? 0 : mair.size()));
        }
        for (int i = 0; i < 8; i++) {
            Integer b = mair.get(i);
            if (b == null || b < 0 || b > 0xFF) {
                throw new IllegalArgumentException("MAIR_EL1 Attr" + i + " must be a byte (0 to 0xff), not " + b);
            }
        }
        Set<Feature> f = features.isEmpty() ? EnumSet.noneOf(Feature.class) : EnumSet.copyOf(features);
        Half low = half(0, "TTBR0_EL1", AddressRange.inclusive(0, (1L << vaBits0) - 1), geometry(granule, vaBits0, paBits));
        List<Half> halves = vaBits1 == 0 ? List.of(low) : List.of(low,
                half(1, "TTBR1_EL1", AddressRange.inclusive(-1L << vaBits1, -1L), geometry(granule, vaBits1, paBits)));
        return new AArch64Format(granule, vaBits0, vaBits1, paBits, f, mair, halves);
    }

    /** Linux's usual arm64 configuration: 4 KiB granule, 48-bit VAs in both halves, 48-bit PAs, the default MAIR. */
    public static AArch64Format linux4k48() {
        return of(Granule.G4K, 48, 48, 48, EnumSet.noneOf(Feature.class), DEFAULT_MAIR);
    }

    /** Linux with 64 KiB pages and 52-bit VAs and PAs (FEAT_LVA, FEAT_LPA), the default MAIR. */
    public static AArch64Format linux64k52() {
        return of(Granule.G64K, 52, 52, 52, EnumSet.noneOf(Feature.class), DEFAULT_MAIR);
    }

    private static void checkVaBits(Granule g, String register, String tsz, int vaBits) {
        int max = g == Granule.G64K ? 52 : 48;
        if (vaBits < 25 || vaBits > max) {
            throw new IllegalArgumentException("the " + register + " VA size must be 25 to " + max + " bits with the "
                    + SizeUnit.format(g.bytes()) + " granule (" + tsz + " " + (64 - max) + " to 39), not " + vaBits
                    + (vaBits > 48 && vaBits <= 52 ? "; VAs wider than 48 bits need the 64 KiB granule (FEAT_LVA)" : ""));
        }
    }

    private static Half half(int index, String register, AddressRange range, Geometry g) {
        return new Half(index, register, List.of(range), g);
    }

    private static boolean blockLevel(Granule g, int level, int paBits) {
        switch (g) {
            case G4K:
                return level == 1 || level == 2;
            case G16K:
                return level == 2;
            default:
                return level == 2 || (level == 1 && paBits == 52);
        }
    }

    private static Geometry geometry(Granule g, int vaBits, int paBits) {
        int start = g.startLevel(vaBits);
        List<Geometry.Level> levels = new ArrayList<>();
        for (int lvl = start; lvl <= 3; lvl++) {
            int shift = g.shiftAtLevel(lvl);
            int entries = lvl == start ? 1 << (vaBits - shift) : 1 << g.bitsPerLevel();
            int bytes = entries * 8;
            int align = lvl == start ? Math.max(bytes, 64) : bytes;
            long[] leaves;
            if (lvl == 3) {
                leaves = new long[] {g.bytes()};
            } else if (blockLevel(g, lvl, paBits)) {
                leaves = new long[] {g.sizeAtLevel(lvl)};
            } else {
                leaves = new long[0];
            }
            int[] spans = leaves.length == 0 ? new int[0] : new int[] {1};
            levels.add(new Geometry.Level(lvl, "L" + lvl, shift, entries, bytes, align, leaves, spans));
        }
        return new Geometry(levels);
    }

    public Granule granule() {
        return granule;
    }

    /** VA size in bits of half 0 (TTBR0_EL1, {@code 64 - T0SZ}) or half 1 (TTBR1_EL1, {@code 64 - T1SZ}). */
    public int vaBits(int half) {
        if (half != 0 && half != 1) {
            throw new IllegalArgumentException("AArch64 has halves 0 (TTBR0_EL1) and 1 (TTBR1_EL1), not " + half);
        }
        return half == 0 ? vaBits0 : vaBits1;
    }

    /** The eight MAIR_EL1 attribute bytes, Attr0 first. */
    public List<Integer> mair() {
        return mair;
    }

    @Override
    public int frameShift() {
        return granule.pageShift();
    }

    @Override
    public String untranslatableReason(long va) {
        if (vaBits1 == 0) {
            return "translation fault at level 0: " + Unsigned.hex(va) + " is outside the TTBR0 range (bits 63:" + vaBits0
                    + " must be all 0, T0SZ=" + (64 - vaBits0) + "; TTBR1 walks are disabled, TCR_EL1.EPD1=1)";
        }
        return "translation fault at level 0: " + Unsigned.hex(va) + " is outside TTBR0 and TTBR1 ranges (bits 63:"
                + vaBits0 + " must be all 0 for TTBR0_EL1, T0SZ=" + (64 - vaBits0) + ", or bits 63:" + vaBits1
                + " all 1 for TTBR1_EL1, T1SZ=" + (64 - vaBits1) + ")";
    }

    // ---- codec -----------------------------------------------------------------------------------

    private boolean blockLevel(int level) {
        return blockLevel(granule, level, physicalBits());
    }

    @Override
    public EntryKind kind(long e, int level) {
        if ((e & VALID) == 0) {
            return EntryKind.INVALID;
        }
        if ((e & TYPE) != 0) {
            return level == 3 ? EntryKind.LEAF : EntryKind.TABLE;
        }
        // 0b01: a block where the level has blocks; reserved (treated as invalid) at L3 and at levels without blocks
        return level < 3 && blockLevel(level) ? EntryKind.LEAF : EntryKind.INVALID;
    }

    /**
     * D8.3.1: bits[1:0] = 0b01 is a block descriptor at a level that has blocks and reserved elsewhere (at level 3, and
     * at the levels the granule gives no blocks), where the walk reads it as invalid: a translation fault.
     */
    @Override
    public Optional<String> reservedEncoding(long e, int level) {
        if ((e & VALID) == 0 || (e & TYPE) != 0 || kind(e, level) != EntryKind.INVALID) {
            return Optional.empty();
        }
        return Optional.of("bits[1:0] = 0b01 (a block descriptor) is reserved at level " + level + (level == 3
                ? " (a page descriptor is 0b11)" : " (the " + (granule.bytes() >>> 10) + " KiB granule has no "
                        + "blocks there)") + ": the walk reads it as invalid, a translation fault");
    }

    /** The address field of a descriptor for {@code pa} (bits [47:pageShift], OA[51:48] at [15:12] with FEAT_LPA). */
    private long encodeAddress(long pa) {
        long e = pa & addressMask;
        if (lpa) {
            e |= ((pa >>> 48) & 0xF) << 12;
        }
        return e;
    }

    /** The full output or next-table address a descriptor holds, low RES0 bits of blocks included. */
    private long decodeAddress(long e) {
        long a = e & addressMask;
        if (lpa) {
            a |= ((e >>> 12) & 0xF) << 48;
        }
        return a;
    }

    @Override
    public long tableEntry(long tablePa, int level) {
        return encodeAddress(tablePa) | TYPE | VALID;
    }

    /**
     * A table descriptor with AF (bit 10) set, for the recursive (self-referencing) strategy: when the MMU reaches a
     * table through a self-referencing entry it reads that table descriptor as a page or block descriptor one level
     * further down, and an AF=0 leaf faults. Bits [11:2] are ignored in a table descriptor, so the walk through it as
     * a table is unchanged.
     */
    public long tableEntryWithAccessFlag(long tablePa, int level) {
        return tableEntry(tablePa, level) | AF;
    }

    private int mairIndex(CacheType c) {
        return mair.indexOf(mairByte(c));
    }

    private static int mairByte(CacheType c) {
        switch (c) {
            case WRITE_BACK:
                return NORMAL_WB;
            case WRITE_THROUGH:
                return NORMAL_WT;
            case UNCACHED:
            case WRITE_COMBINING:
                return NORMAL_NC;
            default:
                return DEVICE_NGNRNE;
        }
    }

    private static String mairByteName(int b) {
        switch (b) {
            case NORMAL_WB:
                return "Normal write-back";
            case NORMAL_WT:
                return "Normal write-through";
            case NORMAL_NC:
                return "Normal Non-cacheable";
            default:
                return "Device-nGnRnE";
        }
    }

    private String mairText() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < mair.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(String.format("0x%02x", mair.get(i)));
        }
        return sb.append(']').toString();
    }

    @Override
    public Optional<AttributeError> check(Attributes a) {
        String why = null;
        String grant = "every valid AArch64 descriptor grants EL1 read";
        if (!a.read()) {
            if (a.write()) {
                why = "write without read (" + grant + "; AP[2:1] has no write-only encoding)";
            } else if (a.execute()) {
                why = "execute-only pages (" + grant + (a.user()
                        ? "; EL0 execute-only, AP[2:1]=00 with UXN=0, would leave the page readable and writable at EL1)"
                        : ")");
            } else {
                why = "a valid page that cannot be read (" + grant + "; unmap the range instead)";
            }
        } else if (mairIndex(a.cache()) < 0) {
            int b = mairByte(a.cache());
            why = "memory type " + a.cache().keyword() + " (no MAIR_EL1 attribute is " + String.format("0x%02x", b) + ", "
                    + mairByteName(b) + "; MAIR_EL1 is " + mairText() + ")";
        }
        return why == null ? Optional.empty() : Optional.of(new AttributeError(name(), a, why));
    }

    @Override
    public long leafTemplate(Attributes a, int level, long leafSize) {
        int idx = mairIndex(a.cache());
        if (idx < 0) {
            throw new IllegalArgumentException(check(a).map(AttributeError::message).orElse("no MAIR index"));
        }
        long e = VALID | (level == 3 ? TYPE : 0) | ((long) idx << ATTR_INDX_SHIFT);
        if (!a.write()) {
            e |= AP2;
        }
        if (a.user()) {
            e |= AP1 | PXN;
            if (!a.execute()) {
                e |= UXN;
            }
        } else {
            e |= UXN;
            if (!a.execute()) {
                e |= PXN;
            }
        }
        e |= (long) shareabilityBits(a.shareability()) << SH_SHIFT;
        if (a.accessed()) {
            e |= AF;
        }
        if (!a.global()) {
            e |= NG;
        }
        return e;
    }

    private static int shareabilityBits(Shareability s) {
        switch (s) {
            case INNER:
                return SH_INNER;
            case OUTER:
                return SH_OUTER;
            default:
                return SH_NON;
        }
    }

    @Override
    public long withAddress(long template, long pa, int level, long leafSize) {
        return template | encodeAddress(pa);
    }

    @Override
    public long linearIncrement(int level, long leafSize) {
        // with FEAT_LPA a carry out of PA bit 47 lands in descriptor bit 12, not 48
        return lpa ? 0 : leafSize;
    }

    @Override
    public long address(long e, int level) {
        long a = decodeAddress(e);
        if (level < 3 && (e & TYPE) == 0 && kind(e, level) == EntryKind.LEAF) {
            return a & -granule.sizeAtLevel(level);
        }
        return a;
    }

    @Override
    public long leafSize(long e, int level) {
        return granule.sizeAtLevel(level);
    }

    /** D8.6: AttrIndx (bits [4:2]) selects a MAIR_EL1 attribute byte. */
    @Override
    public MemoryType memoryType(long e, int level) {
        return mairTable[(int) ((e >>> ATTR_INDX_SHIFT) & 0b111)];
    }

    @Override
    public Attributes leafAttributes(long e, int level) {
        boolean user = (e & AP1) != 0;
        boolean exec = user ? (e & UXN) == 0 : (e & PXN) == 0;
        int sh = (int) ((e >>> SH_SHIFT) & 0b11);
        Shareability s = sh == SH_INNER ? Shareability.INNER : sh == SH_OUTER ? Shareability.OUTER : Shareability.NON_SHAREABLE;
        CacheType c = memoryType(e, level).cache();
        return new Attributes(true, (e & AP2) == 0, exec, user, (e & NG) == 0, c, s, (e & AF) != 0, false);
    }

    @Override
    public DecodedEntry decode(long e, int level) {
        List<DecodedEntry.Field> f = new ArrayList<>();
        EntryKind k = kind(e, level);
        if (k == EntryKind.TABLE) {
            f.add(bit("NSTable", e, 63));
            f.add(new DecodedEntry.Field("APTable", 61, 2, (e >>> 61) & 0b11));
            f.add(bit("UXNTable", e, 60));
            f.add(bit("PXNTable", e, 59));
        } else if (k == EntryKind.LEAF) {
            f.add(bit("UXN", e, 54));
            f.add(bit("PXN", e, 53));
            f.add(bit("Contiguous", e, 52));
            f.add(bit("DBM", e, 51));
            f.add(bit("nG", e, 11));
            f.add(bit("AF", e, 10));
            f.add(new DecodedEntry.Field("SH", 8, 2, (e >>> 8) & 0b11));
            f.add(new DecodedEntry.Field("AP", 6, 2, (e >>> 6) & 0b11));
            f.add(bit("NS", e, 5));
            f.add(new DecodedEntry.Field("AttrIndx", 2, 3, (e >>> 2) & 0b111));
        }
        f.add(bit("Type", e, 1));
        f.add(bit("Valid", e, 0));
        return DecodedEntry.of(this, e, level, f);
    }

    private static DecodedEntry.Field bit(String name, long e, int bit) {
        return new DecodedEntry.Field(name, bit, 1, (e >>> bit) & 1);
    }

    /** Bits hi..lo inclusive (empty when hi &lt; lo). */
    private static long bits(int hi, int lo) {
        if (hi < lo) {
            return 0;
        }
        long upper = hi == 63 ? -1L : (1L << (hi + 1)) - 1;
        return upper & -(1L << lo);
    }

    // ---- walk ------------------------------------------------------------------------------------

    @Override
    protected boolean walk(EntryReader mem, long rootPa, Half half, long va, Access access, List<WalkStep> trace,
            WalkResult out, boolean explain) {
        if (!half.ranges().get(0).contains(va)) {
            Half owner = halfOf(va);
            String detail = owner == null ? untranslatableReason(va)
                    : Unsigned.hex(va) + " is translated by " + owner.rootRegister() + ", not " + half.rootRegister();
            return out.faulted(va, FaultKind.OUTSIDE_ADDRESS_SPACE, null, 0, detail);
        }
        if (!physicalAddressFits(rootPa)) {
            return out.faulted(va, FaultKind.ADDRESS_SIZE, null, 0, half.rootRegister() + " table address "
                    + Unsigned.hex(rootPa) + " is beyond the " + physicalBits()
                    + "-bit physical address size (address size fault at level 0)");
        }
        Geometry g = half.geometry();
        long table = rootPa;
        String noEl0At = null;
        String noWriteAt = null;
        String pxnAt = null;
        String uxnAt = null;
        for (int depth = 0; depth < g.depth(); depth++) {
            Geometry.Level l = g.level(depth);
            int level = l.archLevel();
            int idx = (int) ((va >>> l.shift()) & (l.entries() - 1));
            long entryPa = table + (long) idx * 8;
            long e = mem.read(entryPa);
            if (trace != null) {
                trace.add(new WalkStep(l.name(), table, idx, entryPa, decode(e, level)));
            }
            EntryKind k = kind(e, level);
            if (k == EntryKind.INVALID) {
                return out.notMapped(va, l, e);
            }
            long a = decodeAddress(e);
            if (k == EntryKind.TABLE) {
                if (!physicalAddressFits(a)) {
                    return out.faulted(va, FaultKind.ADDRESS_SIZE, l, e, "next-level table address "
                            + Unsigned.hex(a) + " is beyond the " + physicalBits() + "-bit physical address size");
                }
                if ((e & AP_TABLE_NO_EL0) != 0 && noEl0At == null) {
                    noEl0At = l.name();
                }
                if ((e & AP_TABLE_NO_WRITE) != 0 && noWriteAt == null) {
                    noWriteAt = l.name();
                }
                if ((e & PXN_TABLE) != 0 && pxnAt == null) {
                    pxnAt = l.name();
                }
                if ((e & UXN_TABLE) != 0 && uxnAt == null) {
                    uxnAt = l.name();
                }
                table = a;
                continue;
            }
            long size = leafSize(e, level);
            if (!physicalAddressFits(a)) {
                return out.faulted(va, FaultKind.ADDRESS_SIZE, l, e, "output address "
                        + Unsigned.hex(a) + " is beyond the " + physicalBits() + "-bit physical address size");
            }
            long low = a & (size - 1);
            if (low != 0) {
                return out.faulted(va, FaultKind.RESERVED_BIT, l, e, "misaligned block: output "
                        + "address " + Unsigned.hex(a) + " is not aligned to the " + SizeUnit.format(size) + " block (bits "
                        + (Long.numberOfTrailingZeros(size) - 1) + ":" + granule.pageShift() + " are RES0)");
            }
            if (access != null && (e & AF) == 0) {
                return out.faulted(va, FaultKind.ACCESS_FLAG, l, e,
                        "AF=0 and hardware access flag management is off: the first access faults (" + access + ")");
            }
            boolean ap2 = (e & AP2) != 0;
            boolean ap1 = (e & AP1) != 0;
            boolean pw = !ap2 && noWriteAt == null;
            boolean ur = ap1 && noEl0At == null;
            boolean uw = ur && !ap2 && noWriteAt == null;
            boolean px = (e & PXN) == 0 && pxnAt == null && !uw;
            boolean ux = (e & UXN) == 0 && uxnAt == null;
            boolean pan = has(Feature.PAN) && (ur || uw);
            Permissions perm = permissionTable[(pan ? 0 : 1) | (pw && !pan ? 2 : 0) | (px ? 4 : 0) | (ur ? 8 : 0)
                    | (uw ? 16 : 0) | (ux ? 32 : 0)];
            if (access != null && !perm.allows(access)) {
                String why = denial(access, e, noEl0At, noWriteAt, pxnAt, uxnAt);
                return out.faulted(va, FaultKind.PERMISSION, l, e, access + " not allowed (" + perm + "): " + why);
            }
            Attributes attributes = attributeTable[(int) (e >>> 2) & 0x3FF | (int) (e >>> 53 & 3) << 10];
            return out.mapped(va, a + (va & (size - 1)), size, l, perm, attributes, memoryType(e, level));
        }
        throw new IllegalStateException("walk ended without a leaf");
    }

    /** Which rule of D8.4 denied {@code access}. */
    private static String denial(Access access, long e, String noEl0At, String noWriteAt, String pxnAt,
            String uxnAt) {
        boolean ap2 = (e & AP2) != 0;
        boolean ap1 = (e & AP1) != 0;
        String panWhy = "PSTATE.PAN forbids EL1 data access to EL0-accessible memory";
        if (!access.user()) {
            switch (access.kind()) {
                case READ:
                    return panWhy;
                case WRITE:
                    if (ap2) {
                        return "AP[2]=1, read-only";
                    }
                    return noWriteAt != null ? "APTable[1]=1 at " + noWriteAt + " forbids writes below" : panWhy;
                default:
                    if ((e & PXN) != 0) {
                        return "PXN=1";
                    }
                    if (pxnAt != null) {
                        return "PXNTable=1 at " + pxnAt;
                    }
                    return "memory writable at EL0 is never executable at EL1 (implicit PXN)";
            }
        }
        switch (access.kind()) {
            case READ:
            case WRITE:
                if (!ap1) {
                    return "AP[1]=0, no EL0 access";
                }
                if (noEl0At != null) {
                    return "APTable[0]=1 at " + noEl0At + " forbids EL0 access below";
                }
                if (ap2) {
                    return "AP[2]=1, read-only";
                }
                return "APTable[1]=1 at " + noWriteAt + " forbids writes below";
            default:
                return (e & UXN) != 0 ? "UXN=1" : "UXNTable=1 at " + uxnAt;
        }
    }

    // ---- recursive (self-referencing) slots --------------------------------------------------------

    /**
     * Through a recursive slot the MMU reads every table descriptor as the level 3 page descriptor that maps the table
     * it points at, so each must also be a valid page: AttrIndx (bits [4:2]) of the Normal write-back MAIR slot (slot
     * 0 when the MAIR has none), SH=0b11 (inner shareable, as the other mappings of the same frames), AF=1 (an AF=0
     * page faults on access: hardware access flag management is not modelled), nG=1 (the page belongs to one ASID:
     * each space's tables differ), AP[2:1]=00 (EL1 read-write, no EL0 access), PXN=1 and UXN=1 (never executable).
     * All of them lie in bits [11:2] and [58:52], which a stage-1 table descriptor IGNORES (Arm ARM DDI 0487,
     * "Table descriptor format" and "Next-level attributes in stage 1 VMSAv8-64 Table descriptors"), so the table
     * walk is unchanged.
     */
    @Override
    public long recursiveTableBits() {
        int wb = mair.indexOf(NORMAL_WB);
        return ((long) Math.max(wb, 0) << 2) | ((long) SH_INNER << 8) | AF | NG | PXN | UXN;
    }

    /**
     * A recursive or foreign slot: a table descriptor with {@link #recursiveTableBits()} (so that, read as a page, it
     * maps its table kernel-only, read-write, never executable) and PXNTable, UXNTable and APTable[0] set, so that
     * every page reached through the slot is, hierarchically, neither executable nor accessible from EL0.
     */
    @Override
    public OptionalLong selfMapEntry(long tablePa, int level) {
        return OptionalLong.of(tableEntry(tablePa, level) | recursiveTableBits() | PXN_TABLE | UXN_TABLE | AP_TABLE_NO_EL0);
    }
}
