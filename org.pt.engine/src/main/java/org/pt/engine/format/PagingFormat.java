package org.pt.engine.format;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalLong;
import org.pt.engine.core.Unsigned;
import org.pt.engine.memory.EntryReader;
import org.pt.engine.walk.Translation;
import org.pt.engine.walk.WalkResult;
import org.pt.engine.walk.WalkStep;

/**
 * A paging format: the geometry of its tables, the bit layout of its entries (the codec) and the walk its
 * MMU performs. Immutable. Implementations mirror their architecture manual; the table builder and the
 * analyses are written once against this contract.
 *
 * <p>Codec methods take the architectural level number ({@link Geometry.Level#archLevel()}).
 */
public abstract class PagingFormat {

    /** The four families; code outside the formats never switches on them for bit layouts. */
    public enum Family {
        X86, AARCH64, ARMV7, RISCV
    }

    private final String name;
    private final Family family;
    private final int physicalBits;
    private final int entryBytes;
    private final Set<Feature> features;
    private final List<Half> halves;

    protected PagingFormat(String name, Family family, int physicalBits, int entryBytes, Set<Feature> features,
            List<Half> halves) {
        this.name = name;
        this.family = family;
        this.physicalBits = physicalBits;
        this.entryBytes = entryBytes;
        this.features = features.isEmpty() ? EnumSet.noneOf(Feature.class) : EnumSet.copyOf(features);
        this.halves = List.copyOf(halves);
    }

    /** {@code x86_64}, {@code aarch64-4k}, {@code sv39}, ... */
    public final String name() {
        return name;
    }

    public final Family family() {
        return family;
    }

    /** Physical address width in bits: tables and pages must lie below {@code 2^physicalBits}. */
    public final int physicalBits() {
        return physicalBits;
    }

    public final int entryBytes() {
        return entryBytes;
    }

    public final Set<Feature> features() {
        return EnumSet.copyOf(features.isEmpty() ? EnumSet.noneOf(Feature.class) : features);
    }

    public final boolean has(Feature f) {
        return features.contains(f);
    }

    /** The parts of the VA space with their own root: one for x86/RISC-V/ARMv7, two for AArch64. */
    public final List<Half> halves() {
        return halves;
    }

    /** The half that translates {@code va}, or null when no root does (non-canonical, outside both halves). */
    public final Half halfOf(long va) {
        for (Half h : halves) {
            if (h.contains(va)) {
                return h;
            }
        }
        return null;
    }

    /** Largest physical address plus one, as an unsigned value (0 when the width is 64). */
    public final boolean physicalAddressFits(long pa) {
        return Unsigned.fitsBits(pa, physicalBits);
    }

    /** Log2 of the frame in which tables are allocated (the base page or granule). */
    public abstract int frameShift();

    /** Log2 of the smallest table allocation (32-byte PAE PDPT, 1 KiB ARMv7 L2, small AArch64 roots). */
    public int allocationUnitShift() {
        int min = frameShift();
        for (Half h : halves) {
            for (Geometry.Level l : h.geometry().levels()) {
                min = Math.min(min, Integer.numberOfTrailingZeros(l.tableBytes()));
            }
        }
        return Math.max(min, 3);
    }

    /** Why {@code va} is not translatable at all (the fault a walk raises before reading any entry). */
    public abstract String untranslatableReason(long va);

    // ---- codec -----------------------------------------------------------------------------------

    /** How the hardware reads {@code entry} at {@code archLevel}, ignoring reserved-bit faults. */
    public abstract EntryKind kind(long entry, int archLevel);

    /** A table descriptor pointing at {@code tablePa}, with the most permissive table attributes. */
    public abstract long tableEntry(long tablePa, int archLevel);

    /** Empty when the format can express {@code a}; otherwise the reason, naming format and combination. */
    public abstract Optional<AttributeError> check(Attributes a);

    /** Every bit of a leaf of {@code leafSize} at {@code archLevel} except the output address. */
    public abstract long leafTemplate(Attributes a, int archLevel, long leafSize);

    /** The template with the output address {@code pa} placed in it. */
    public abstract long withAddress(long template, long pa, int archLevel, long leafSize);

    /** Next-table address of a table entry, or base address of a leaf. */
    public abstract long address(long entry, int archLevel);

    /** Size mapped by a leaf entry (for ARMv7: 16 MiB supersection vs 1 MiB section, 64 KiB vs 4 KiB). */
    public abstract long leafSize(long entry, int archLevel);

    /**
     * How much the raw entry grows when a leaf's address grows by {@code leafSize}, when the encoding is linear in
     * the address (so runs of leaves can be written without re-encoding each one); 0 when it is not.
     */
    public long linearIncrement(int archLevel, long leafSize) {
        return 0;
    }

    /** The attributes as this format stores them: what {@link #leafAttributes} returns after encoding {@code a}. */
    public Attributes normalize(Attributes a, int archLevel, long leafSize) {
        return leafAttributes(leafTemplate(a, archLevel, leafSize), archLevel);
    }

    /**
     * What writing {@code after} instead of {@code before} changes in a leaf of this format: the fields and their
     * values, or the refusal of either combination ({@link LeafChange}).
     */
    public final LeafChange leafChange(Attributes before, Attributes after) {
        return LeafChange.of(this, before, after);
    }

    /** The abstract attributes a leaf encodes; inverse of {@link #leafTemplate}. */
    public abstract Attributes leafAttributes(long entry, int archLevel);

    /**
     * What {@link #leafAttributes} returns for a leaf a walk found, as {@link WalkResult#attributes()} asks for it: a
     * format that decodes leaves from a table answers from it without allocating.
     */
    public Attributes walkAttributes(long entry, int archLevel) {
        return leafAttributes(entry, archLevel);
    }

    /** Every architectural field of {@code entry}, named as the manual names it, and a leaf's memory type. */
    public abstract DecodedEntry decode(long entry, int archLevel);

    /** The memory type a leaf entry at {@code archLevel} selects on this machine (PAT, MAIR, TEX/C/B or PBMT). */
    public abstract MemoryType memoryType(long entry, int archLevel);

    /**
     * The bits of {@code entry} at {@code archLevel} that the manual reserves (must be zero) and that are set, for
     * naming them exactly when the walk faults on them; 0 when none is, or when the format names a reserved encoding
     * rather than bits ({@link #reservedEncoding}).
     */
    public long reservedBits(long entry, int archLevel) {
        return 0;
    }

    /**
     * Why {@code entry}, which marks itself valid, is read as invalid at {@code archLevel} all the same (an AArch64
     * block descriptor at a level without blocks, an ARMv7 L1 descriptor of type 0b11), or empty when it is not.
     */
    public Optional<String> reservedEncoding(long entry, int archLevel) {
        return Optional.empty();
    }

    // ---- walk ------------------------------------------------------------------------------------

    /**
     * The MMU's walk of {@code va} from {@code rootPa} in {@code half}, checking {@code access}. When
     * {@code trace} is not null each level read is appended to it. A null {@code access} translates without a
     * permission check (for listing a space).
     */
    public final Translation walk(EntryReader memory, long rootPa, Half half, long va, Access access,
            List<WalkStep> trace) {
        WalkResult r = new WalkResult();
        walk(memory, rootPa, half, va, access, trace, r, true);
        return r.translation();
    }

    /**
     * The same walk without a trace, its outcome written into {@code out}; true when the VA is mapped and the access
     * allowed. It allocates nothing when it finds a mapping or an absent entry.
     */
    public final boolean translate(EntryReader memory, long rootPa, Half half, long va, Access access,
            WalkResult out) {
        return walk(memory, rootPa, half, va, access, null, out, false);
    }

    /**
     * The walk, written over primitives and tables computed once, into {@code out}; returns whether it is mapped.
     * Without {@code explain} a fault's detail may be left empty (so that a fault need not build text either).
     */
    protected abstract boolean walk(EntryReader memory, long rootPa, Half half, long va, Access access,
            List<WalkStep> trace, WalkResult out, boolean explain);

    /**
     * The MMU's walk as it reads {@code entry} at depth {@code depth} of {@code half} (0 for the root), every level
     * above holding a table entry that restricts nothing ({@link #tableEntry}) and every level below reading as
     * empty: a leaf there is {@code Mapped} with its own page size, rights and memory type, a table entry there is
     * {@code NotMapped} one level down, an invalid entry is {@code NotMapped} there, and an entry the MMU rejects
     * (reserved bits, a misaligned page, an address beyond the width) is the walk's fault at that level. No access is
     * checked. For decoding a raw value written by hand: the walk's rules, not a second copy of them.
     */
    public final Translation walkEntry(Half half, int depth, long entry) {
        Geometry g = half.geometry();
        EntryReader alone = new EntryReader() {
            private int reads;

            @Override
            public long read(long pa) {
                int d = reads++;
                return d < depth ? tableEntry(0, g.level(d).archLevel()) : d == depth ? entry : 0;
            }
        };
        return walk(alone, 0, half, half.ranges().get(0).start(), null, null);
    }

    /** Whether a leaf of {@code size} may be used at {@code archLevel} on this machine (features included). */
    public boolean leafAllowed(int archLevel, long size) {
        for (Half h : halves) {
            for (Geometry.Level l : h.geometry().levels()) {
                if (l.archLevel() == archLevel && l.leafKind(size) >= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether a leaf of {@code leafSize} at {@code archLevel} can hold physical address {@code pa}. True for every
     * format but ARMv7, where only 16 MiB supersections reach physical addresses above 4 GiB.
     */
    public boolean leafReaches(int archLevel, long leafSize, long pa) {
        return true;
    }

    /**
     * How many address bits the entry or root register pointing at a table of {@code archLevel} holds: tables must lie
     * below {@code 2^tableAddressBits}. The physical width for most formats; 32 where a wider PA reaches pages only
     * (x86-32 with PSE-36: CR3 and PDEs hold bits 31:12; PAE: CR3 holds the PDPT's bits 31:5; ARMv7: TTBR and L1 table
     * descriptors hold bits 31:14 and 31:10).
     */
    public int tableAddressBits(int archLevel) {
        return physicalBits;
    }

    /** Why no leaf of this format but the ones {@link #leafReaches} allows can map {@code pa}. */
    public String unreachableReason(long pa) {
        return "physical address " + Unsigned.hex(pa) + " cannot be mapped by any leaf of " + name;
    }

    /** The smallest page of this format (of its first half). */
    public long smallestPage() {
        List<Long> sizes = pageSizes();
        return sizes.get(sizes.size() - 1);
    }

    /** Every page size of this format, largest first. */
    public List<Long> pageSizes() {
        return halves.get(0).geometry().pageSizes();
    }

    @Override
    public String toString() {
        return name;
    }

    // ---- recursive (self-referencing) slots, for the table-access strategies ----------------------

    /**
     * Why no recursive slot can work on this format, as the architecture says it, or empty when one can. A recursive
     * slot is a top-level entry pointing at its own table, so that the MMU, reaching a table through it, reads that
     * table as the next level and finally reads a table entry as the last-level entry that maps a table.
     */
    public Optional<String> recursiveRefusal() {
        return Optional.empty();
    }

    /**
     * The entry a recursive slot (pointing at its own root) or a foreign slot (pointing at another space's root) holds
     * at {@code archLevel} to reach the table at {@code tablePa}, or empty when {@link #recursiveRefusal()} refuses.
     * Formats override the default ({@link #tableEntry}) so that the entry, read as a last-level entry too, maps the
     * table for the kernel only and never executable.
     */
    public OptionalLong selfMapEntry(long tablePa, int archLevel) {
        return recursiveRefusal().isPresent() ? OptionalLong.empty() : OptionalLong.of(tableEntry(tablePa, archLevel));
    }

    /**
     * Bits every table entry must also carry for a recursive slot to work, because a recursive slot makes the MMU
     * read each table entry as the last-level entry that maps the table it points at; only bits a table walk ignores.
     * 0 when the format needs none (x86: a table entry already reads as a valid page entry).
     */
    public long recursiveTableBits() {
        return 0;
    }
}
