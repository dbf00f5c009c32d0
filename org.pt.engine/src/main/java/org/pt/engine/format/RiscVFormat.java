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
 * RISC-V page-based virtual memory (RISC-V Privileged Architecture, "Supervisor-Level ISA": Sv32, Sv39, Sv48 and
 * Sv57, the virtual address translation process, and the Svpbmt extension).
 *
 * <p>Levels carry the spec's level number {@code i}: the root of Sv39 is level 2, the last table level 0. They are
 * named {@code L2}, {@code L1}, {@code L0} (Sv57: {@code L4} .. {@code L0}), so a walk step reads {@code L2[256]}.
 *
 * <p>A PTE is {@code PPN << 10 | RSW(9:8) | D A G U X W R V}; a PTE with R=W=X=0 points to the next table. Sv32 PTEs
 * are 4 bytes (PPN[1] 31:20, PPN[0] 19:10, 34-bit PA). The 8-byte PTEs of Sv39/48/57 hold the PPN at 53:10, reserved
 * bits 60:54, PBMT at 62:61 (Svpbmt) and N at 63 (Svnapot). Since the PPN field is {@code PA >> 2} for a
 * page-aligned PA, the encoding is linear in the address.
 *
 * <p>Choices this model makes where the spec leaves a choice to the implementation:
 * <ul>
 * <li>Svnapot is not implemented: N=1 is a reserved bit (page fault).</li>
 * <li>Svade, not Svadu: the hardware never sets A or D; a walk reaching a leaf with A=0, or a store reaching one
 * with D=0, raises a page fault ({@link FaultKind#ACCESS_FLAG}, {@link FaultKind#DIRTY_CLEAR}).</li>
 * <li>D, A and U in a non-leaf PTE are "reserved for future standard use"; step 2 of the translation process
 * raises a page fault on any reserved bit or encoding, so they fault as {@link FaultKind#RESERVED_BIT}.</li>
 * <li>A PPN beyond the implemented physical width makes the PTE or page access raise an access fault in the spec;
 * the engine reports it as {@link FaultKind#RESERVED_BIT} with "... is beyond the N-bit physical width".</li>
 * <li>mstatus.MXR is 0 (execute-only pages are not readable); sstatus.SUM is {@link Feature#SUM}.</li>
 * <li>Without Svpbmt the PMAs decide the memory type: only {@link CacheType#WRITE_BACK} is expressible. With it,
 * PBMT 0 (PMA) is write-back, 1 (NC) uncached (write-combining is encoded as NC and reads back as uncached),
 * 2 (IO) device; write-through has no encoding.</li>
 * <li>Shareability is not encoded and reads back as {@link Shareability#INNER}.</li>
 * </ul>
 */
public final class RiscVFormat extends PagingFormat {

    /** The four satp modes that translate. */
    public enum Mode {
        SV32("sv32", "Sv32", 2, 32), SV39("sv39", "Sv39", 3, 39), SV48("sv48", "Sv48", 4, 48),
        SV57("sv57", "Sv57", 5, 57);

        private final String formatName;
        private final String specName;
        private final int levels;
        private final int vaBits;

        Mode(String formatName, String specName, int levels, int vaBits) {
            this.formatName = formatName;
            this.specName = specName;
            this.levels = levels;
            this.vaBits = vaBits;
        }

        public String formatName() {
            return formatName;
        }

        /** {@code Sv39}: how the spec writes the mode. */
        public String specName() {
            return specName;
        }

        /** Number of table levels (LEVELS in the spec). */
        public int levels() {
            return levels;
        }

        /** Width of the virtual address. */
        public int vaBits() {
            return vaBits;
        }

        /** Largest physical address width the PTE can encode: 34 for Sv32, 56 otherwise. */
        public int maxPhysicalBits() {
            return this == SV32 ? 34 : 56;
        }
    }

    static final long V = 1L;
    static final long R = 1L << 1;
    static final long W = 1L << 2;
    static final long X = 1L << 3;
    static final long U = 1L << 4;
    static final long G = 1L << 5;
    static final long A = 1L << 6;
    static final long D = 1L << 7;
    static final int PPN_SHIFT = 10;
    static final int PBMT_SHIFT = 61;
    static final long PBMT = 3L << PBMT_SHIFT;
    static final long N = 1L << 63;
    /** Bits 60:54 of an 8-byte PTE, reserved for future standard use. */
    static final long RESERVED_60_54 = 0x7FL << 54;
    static final int PBMT_PMA = 0;
    static final int PBMT_NC = 1;
    static final int PBMT_IO = 2;

    private static final int PAGE_SHIFT = 12;

    private final Mode mode;
    private final long ppnMask;
    /** The memory type of each PBMT value (all PMA without Svpbmt). */
    private final MemoryType.Pbmt[] pbmtTable = new MemoryType.Pbmt[4];
    /** Walk tables, computed once: permissions by R W X U (PTE bits 4:1), attributes by bits 7:1 and PBMT. */
    private final Permissions[] permissionTable = new Permissions[16];
    private final Attributes[] attributeTable = new Attributes[1 << 9];

    private RiscVFormat(Mode mode, int physicalBits, Set<Feature> features, List<Half> halves) {
        super(mode.formatName(), Family.RISCV, physicalBits, mode == Mode.SV32 ? 4 : 8, features, halves);
        this.mode = mode;
        this.ppnMask = mode == Mode.SV32 ? (1L << 22) - 1 : (1L << 44) - 1;
        boolean svpbmt = has(Feature.SVPBMT);
        for (int i = 0; i < 4; i++) {
            pbmtTable[i] = new MemoryType.Pbmt(svpbmt ? i : PBMT_PMA, svpbmt);
        }
        for (int k = 0; k < 16; k++) {
            permissionTable[k] = permissions((long) k << 1);
        }
        for (int k = 0; k < attributeTable.length; k++) {
            attributeTable[k] = leafAttributes(((long) k & 0x7F) << 1 | ((long) k >>> 7) << PBMT_SHIFT, 0);
        }
    }

    /**
     * @param physicalBits the implemented physical address width: 32 to 34 for Sv32, 32 to 56 otherwise
     * @param features     {@link Feature#SUM} (sstatus.SUM) and {@link Feature#SVPBMT} (not with Sv32); no other
     */
    public static RiscVFormat of(Mode mode, int physicalBits, Set<Feature> features) {
        int max = mode.maxPhysicalBits();
        if (physicalBits < 32 || physicalBits > max) {
            throw new IllegalArgumentException(mode.formatName() + " supports 32 to " + max
                    + " physical address bits, not " + physicalBits);
        }
        Set<Feature> f = features.isEmpty() ? EnumSet.noneOf(Feature.class) : EnumSet.copyOf(features);
        for (Feature x : f) {
            if (x != Feature.SUM && x != Feature.SVPBMT) {
                throw new IllegalArgumentException(mode.formatName() + " has no feature " + x
                        + " (RISC-V features: SUM, SVPBMT)");
            }
        }
        if (mode == Mode.SV32 && f.contains(Feature.SVPBMT)) {
            throw new IllegalArgumentException("sv32 has no feature SVPBMT (Sv32 PTEs have no PBMT bits)");
        }
        return new RiscVFormat(mode, physicalBits, f, List.of(half(mode)));
    }

    /** Sv32 with the full 34-bit physical address, no optional features. */
    public static RiscVFormat sv32() {
        return of(Mode.SV32, 34, EnumSet.noneOf(Feature.class));
    }

    /** Sv39 with a 56-bit physical address, no optional features. */
    public static RiscVFormat sv39() {
        return of(Mode.SV39, 56, EnumSet.noneOf(Feature.class));
    }

    /** Sv48 with a 56-bit physical address, no optional features. */
    public static RiscVFormat sv48() {
        return of(Mode.SV48, 56, EnumSet.noneOf(Feature.class));
    }

    /** Sv57 with a 56-bit physical address, no optional features. */
    public static RiscVFormat sv57() {
        return of(Mode.SV57, 56, EnumSet.noneOf(Feature.class));
    }

    private static Half half(Mode mode) {
        List<Geometry.Level> levels = new ArrayList<>();
        if (mode == Mode.SV32) {
            levels.add(new Geometry.Level(1, "L1", 22, 1024, 4096, 4096, new long[] {4L << 20}, new int[] {1}));
            levels.add(new Geometry.Level(0, "L0", 12, 1024, 4096, 4096, new long[] {4096}, new int[] {1}));
            return new Half(0, "satp", List.of(AddressRange.inclusive(0, 0xFFFF_FFFFL)), new Geometry(levels));
        }
        for (int i = mode.levels() - 1; i >= 0; i--) {
            int shift = PAGE_SHIFT + 9 * i;
            levels.add(new Geometry.Level(i, "L" + i, shift, 512, 4096, 4096, new long[] {1L << shift}, new int[] {1}));
        }
        long lowLast = (1L << (mode.vaBits() - 1)) - 1;
        return new Half(0, "satp", List.of(AddressRange.inclusive(0, lowLast), AddressRange.inclusive(~lowLast, -1L)),
                new Geometry(levels));
    }

    public Mode mode() {
        return mode;
    }

    @Override
    public int frameShift() {
        return PAGE_SHIFT;
    }

    @Override
    public String untranslatableReason(long va) {
        if (mode == Mode.SV32) {
            return Unsigned.hex(va) + " is above the 32-bit address space of sv32";
        }
        int top = mode.vaBits() - 1;
        return Unsigned.hex(va) + " is not a valid " + mode.specName() + " address: bits 63:" + mode.vaBits()
                + " must all equal bit " + top;
    }

    // ---- codec -----------------------------------------------------------------------------------

    @Override
    public EntryKind kind(long e, int level) {
        if ((e & V) == 0) {
            return EntryKind.INVALID;
        }
        return (e & (R | W | X)) != 0 ? EntryKind.LEAF : EntryKind.TABLE;
    }

    /** A pointer to the next table: the PPN and V only (D, A, U are reserved in a non-leaf PTE, G would make all below global). */
    @Override
    public long tableEntry(long tablePa, int level) {
        return ((tablePa >>> PAGE_SHIFT) << PPN_SHIFT) | V;
    }

    @Override
    public Optional<AttributeError> check(Attributes a) {
        String why = null;
        if (a.write() && !a.read()) {
            why = "write without read is a reserved encoding";
        } else if (!a.read() && !a.execute()) {
            why = "a page with no access rights (R=W=X=0 marks a pointer to the next-level table)";
        } else if (a.cache() != CacheType.WRITE_BACK) {
            if (mode == Mode.SV32) {
                why = "memory type " + a.cache().keyword()
                        + " needs Svpbmt (PBMT bits), which Sv32 PTEs do not have; the PMAs decide";
            } else if (!has(Feature.SVPBMT)) {
                why = "memory type " + a.cache().keyword() + " needs Svpbmt (PBMT bits); without it the PMAs decide";
            } else if (a.cache() == CacheType.WRITE_THROUGH) {
                why = "memory type wt (Svpbmt encodes only PMA, NC and IO)";
            }
        }
        return why == null ? Optional.empty() : Optional.of(new AttributeError(name(), a, why));
    }

    private static int pbmtOf(CacheType c) {
        switch (c) {
            case UNCACHED:
            case WRITE_COMBINING:
                return PBMT_NC;
            case DEVICE:
                return PBMT_IO;
            default:
                return PBMT_PMA;
        }
    }

    @Override
    public long leafTemplate(Attributes a, int level, long leafSize) {
        long e = V;
        if (a.read()) {
            e |= R;
        }
        if (a.write()) {
            e |= W;
        }
        if (a.execute()) {
            e |= X;
        }
        if (a.user()) {
            e |= U;
        }
        if (a.global()) {
            e |= G;
        }
        if (a.accessed()) {
            e |= A;
        }
        if (a.dirty()) {
            e |= D;
        }
        if (mode != Mode.SV32 && has(Feature.SVPBMT)) {
            e |= (long) pbmtOf(a.cache()) << PBMT_SHIFT;
        }
        return e;
    }

    @Override
    public long withAddress(long template, long pa, int level, long leafSize) {
        return template | ((pa >>> PAGE_SHIFT) << PPN_SHIFT);
    }

    /** The PPN field is {@code PA >> 2} for a page-aligned PA (Sv32 included: PPN[1]:PPN[0] at 31:10 is PA 33:12). */
    @Override
    public long linearIncrement(int level, long leafSize) {
        return leafSize >>> 2;
    }

    /** The PPN times the page size: the next table, or the leaf's base as the PTE holds it (not masked to the superpage). */
    @Override
    public long address(long e, int level) {
        return ((e >>> PPN_SHIFT) & ppnMask) << PAGE_SHIFT;
    }

    @Override
    public long leafSize(long e, int level) {
        return mode == Mode.SV32 ? 1L << (PAGE_SHIFT + 10 * level) : 1L << (PAGE_SHIFT + 9 * level);
    }

    /** Svpbmt: PBMT (bits 62:61) of a leaf; without Svpbmt (and in Sv32) the PMAs decide. */
    @Override
    public MemoryType memoryType(long e, int level) {
        return pbmtTable[(int) ((e & PBMT) >>> PBMT_SHIFT)];
    }

    @Override
    public Attributes leafAttributes(long e, int level) {
        return new Attributes((e & R) != 0, (e & W) != 0, (e & X) != 0, (e & U) != 0, (e & G) != 0, memoryType(e, level).cache(),
                Shareability.INNER, (e & A) != 0, (e & D) != 0);
    }

    @Override
    public DecodedEntry decode(long e, int level) {
        List<DecodedEntry.Field> f = new ArrayList<>();
        EntryKind k = kind(e, level);
        if (mode == Mode.SV32) {
            f.add(field("PPN[1]", e, 20, 12));
            f.add(field("PPN[0]", e, 10, 10));
        } else {
            f.add(field("N", e, 63, 1));
            f.add(field("PBMT", e, 61, 2));
            f.add(field("Reserved", e, 54, 7));
            // PPN[LEVELS-1] takes what is left of bits 53:10 above the 9-bit parts
            int top = mode.levels() - 1;
            int topLow = PPN_SHIFT + 9 * top;
            f.add(field("PPN[" + top + "]", e, topLow, 54 - topLow));
            for (int i = top - 1; i >= 0; i--) {
                f.add(field("PPN[" + i + "]", e, PPN_SHIFT + 9 * i, 9));
            }
        }
        f.add(field("RSW", e, 8, 2));
        f.add(field("D", e, 7, 1));
        f.add(field("A", e, 6, 1));
        f.add(field("G", e, 5, 1));
        f.add(field("U", e, 4, 1));
        f.add(field("X", e, 3, 1));
        f.add(field("W", e, 2, 1));
        f.add(field("R", e, 1, 1));
        f.add(field("V", e, 0, 1));
        return DecodedEntry.of(this, e, level, f);
    }

    private static DecodedEntry.Field field(String name, long e, int low, int width) {
        return new DecodedEntry.Field(name, low, width, (e >>> low) & ((1L << width) - 1));
    }

    // ---- walk ------------------------------------------------------------------------------------

    /**
     * The translation process: {@code a = satp.ppn × PAGESIZE}, {@code i = LEVELS − 1}; read {@code pte} at
     * {@code a + va.vpn[i] × PTESIZE}; fault on V=0, on R=0 with W=1, on reserved bits or encodings; a pointer
     * (R=W=X=0) continues one level down (page fault below level 0); a leaf is checked for permission, superpage
     * alignment and (Svade) A and D, and translates with {@code pa.ppn[i−1:0] = va.vpn[i−1:0]}.
     */
    @Override
    protected boolean walk(EntryReader mem, long rootPa, Half half, long va, Access access, List<WalkStep> trace,
            WalkResult out, boolean explain) {
        int unused = 64 - mode.vaBits();
        if (mode == Mode.SV32 ? va >>> 32 != 0 : va << unused >> unused != va) {
            FaultKind kind = mode == Mode.SV32 ? FaultKind.OUTSIDE_ADDRESS_SPACE : FaultKind.NON_CANONICAL;
            return out.faulted(va, kind, null, 0, untranslatableReason(va));
        }
        Geometry g = half.geometry();
        long table = rootPa;
        long global = 0;
        int pteSize = entryBytes();
        for (int depth = 0; depth < g.depth(); depth++) {
            Geometry.Level l = g.level(depth);
            int level = l.archLevel();
            int idx = (int) ((va >>> l.shift()) & (l.entries() - 1));
            long entryPa = table + (long) idx * pteSize;
            long e = mem.read(entryPa);
            if (trace != null) {
                trace.add(new WalkStep(l.name(), table, idx, entryPa, decode(e, level)));
            }
            if ((e & V) == 0) {
                return out.notMapped(va, l, e);
            }
            if ((e & R) == 0 && (e & W) != 0) {
                return out.faulted(va, FaultKind.WRITE_WITHOUT_READ, l, e, "W=1 with R=0 is reserved");
            }
            boolean leaf = (e & (R | W | X)) != 0;
            String reserved = reservedBit(e, leaf);
            if (reserved != null) {
                return out.faulted(va, FaultKind.RESERVED_BIT, l, e, reserved);
            }
            global |= e & G;
            if (!leaf) {
                if (depth + 1 == g.depth()) {
                    return out.faulted(va, FaultKind.NON_LEAF_AT_LAST_LEVEL, l, e,
                            "R=W=X=0 points to a next-level table, but " + l.name() + " is the last level");
                }
                long next = address(e, level);
                if (!physicalAddressFits(next)) {
                    return out.faulted(va, FaultKind.RESERVED_BIT, l, e, "next table at PA " + Unsigned.hex(next)
                            + " is beyond the " + physicalBits() + "-bit physical width");
                }
                table = next;
                continue;
            }
            Permissions perm = permissionTable[(int) (e >>> 1) & 0xF];
            if (access != null && !perm.allows(access)) {
                return out.faulted(va, FaultKind.PERMISSION, l, e, access + " not allowed (" + perm + ")");
            }
            long size = leafSize(e, level);
            long lowPpn = (e >>> PPN_SHIFT) & ((size >>> PAGE_SHIFT) - 1);
            if (lowPpn != 0) {
                String parts = level == 1 ? "PPN[0]" : "PPN[" + (level - 1) + ":0]";
                return out.faulted(va, FaultKind.MISALIGNED_SUPERPAGE, l, e, parts + " = " + Unsigned.hex(lowPpn)
                        + " must be 0 in a " + SizeUnit.format(size) + " superpage");
            }
            if (access != null && (e & A) == 0) {
                return out.faulted(va, FaultKind.ACCESS_FLAG, l, e, "A=0 (Svade: the hardware does not set A)");
            }
            if (access != null && access.kind() == Access.Kind.WRITE && (e & D) == 0) {
                return out.faulted(va, FaultKind.DIRTY_CLEAR, l, e, "store with D=0 (Svade: the hardware does not set D)");
            }
            long base = address(e, level);
            if (!physicalAddressFits(base)) {
                return out.faulted(va, FaultKind.RESERVED_BIT, l, e, "PA " + Unsigned.hex(base) + " is beyond the "
                        + physicalBits() + "-bit physical width");
            }
            // a G bit anywhere above makes the mapping global
            Attributes a = attributeTable[(int) ((e | global) >>> 1) & 0x7F | (int) ((e & PBMT) >>> PBMT_SHIFT) << 7];
            return out.mapped(va, base | (va & (size - 1)), size, l, perm, a, memoryType(e, level));
        }
        throw new IllegalStateException("walk ended without a leaf");
    }

    /** The reserved bits of a valid PTE that are set, those {@link #reservedBit} describes (W without R is an encoding). */
    @Override
    public long reservedBits(long e, int level) {
        if ((e & V) == 0) {
            return 0;
        }
        boolean leaf = (e & (R | W | X)) != 0;
        long rsv = 0;
        if (mode != Mode.SV32) {
            long pbmt = (e & PBMT) >>> PBMT_SHIFT;
            rsv |= e & (N | RESERVED_60_54);
            if (pbmt != 0 && (!has(Feature.SVPBMT) || !leaf || pbmt == 3)) {
                rsv |= e & PBMT;
            }
        }
        return leaf ? rsv : rsv | (e & (D | A | U));
    }

    /** The reserved bit or encoding a valid PTE holds, described, or null when it holds none. */
    private String reservedBit(long e, boolean leaf) {
        if (mode != Mode.SV32) {
            if ((e & N) != 0) {
                return "bit 63 (N) is reserved without Svnapot";
            }
            long pbmt = (e & PBMT) >>> PBMT_SHIFT;
            if (pbmt != 0 && !has(Feature.SVPBMT)) {
                return "bits 62:61 (PBMT) are reserved without Svpbmt";
            }
            if (pbmt != 0 && !leaf) {
                return "bits 62:61 (PBMT) are reserved in a non-leaf PTE";
            }
            if (pbmt == 3) {
                return "PBMT=3 is a reserved encoding";
            }
            long rsv = e & RESERVED_60_54;
            if (rsv != 0) {
                return "bit " + (63 - Long.numberOfLeadingZeros(rsv)) + " is reserved (bits 60:54 must be 0)";
            }
        }
        if (!leaf && (e & (D | A | U)) != 0) {
            String bit = (e & D) != 0 ? "bit 7 (D)" : (e & A) != 0 ? "bit 6 (A)" : "bit 4 (U)";
            return bit + " is reserved in a non-leaf PTE (D, A and U must be 0)";
        }
        return null;
    }

    /** What a leaf allows: supervisor access to U=1 pages only for loads and stores with SUM; MXR=0. */
    private Permissions permissions(long e) {
        boolean r = (e & R) != 0;
        boolean w = (e & W) != 0;
        boolean x = (e & X) != 0;
        boolean u = (e & U) != 0;
        boolean kernelData = !u || has(Feature.SUM);
        return new Permissions(r && kernelData, w && kernelData, x && !u, u && r, u && w, u && x);
    }

    // ---- recursive (self-referencing) slots --------------------------------------------------------

    /**
     * Refused: a PTE pointing at a table is non-leaf (R=W=X=0), and the translation process raises a page fault when a
     * non-leaf PTE is reached at the last level (step 4: "let i = i - 1. If i < 0, stop and raise a page-fault
     * exception"). A leaf PTE cannot point at the root either: as a superpage its address must be aligned to the
     * superpage size.
     */
    @Override
    public Optional<String> recursiveRefusal() {
        return Optional.of("a non-leaf PTE reached at the last level is a page fault (RISC-V privileged spec, "
                + mode.specName() + " translation step 4)");
    }
}
