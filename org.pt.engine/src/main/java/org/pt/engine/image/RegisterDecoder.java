package org.pt.engine.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.pt.engine.core.Unsigned;
import org.pt.engine.format.AArch64Format;
import org.pt.engine.format.Feature;
import org.pt.engine.format.Formats;
import org.pt.engine.format.MemoryType;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.format.RiscVFormat;
import org.pt.engine.format.X86Format;
import org.pt.engine.image.Register.Field;

/**
 * A paging register value read back, as a debugger shows it: the fields that matter for paging, named as the manual
 * names them, with what each selects, and what in the value the MMU rejects (reserved bits and encodings) or what
 * disagrees with the machine the value is read for. The inverse of {@link Registers#of}: a value {@link Registers}
 * computed decodes to the same fields and no problem.
 * <ul>
 * <li>x86 (Intel SDM Vol. 3A 2.5, 4.5): {@code CR3} (PCID or PWT/PCD, the root table), {@code CR4} (PSE, PAE, PGE,
 * LA57, PCIDE, SMEP, SMAP, PKE).</li>
 * <li>RISC-V (privileged spec 10.1.11): {@code satp} (MODE, ASID, PPN).</li>
 * <li>AArch64 (Arm DDI 0487 D17.2): {@code TTBR0_EL1}, {@code TTBR1_EL1} (ASID, BADDR, CnP), {@code TCR_EL1},
 * {@code MAIR_EL1}.</li>
 * <li>ARMv7 (Arm DDI 0406C B4.1): {@code TTBR0}, {@code TTBR1} (base and walk attributes), {@code TTBCR} (N, PD0,
 * PD1, EAE).</li>
 * </ul>
 */
public final class RegisterDecoder {

    private RegisterDecoder() {
    }

    /** A decoded register: its fields and the problems of its value, each a sentence. */
    public record Decoded(Register register, List<String> problems) {
        public Decoded {
            problems = List.copyOf(problems);
        }
    }

    /** The registers a value can be decoded as on {@code f}, as they are written in a spec (lower case). */
    public static List<String> names(PagingFormat f) {
        return switch (f.family()) {
            case X86 -> List.of("cr3", "cr4");
            case RISCV -> List.of("satp");
            case AARCH64 -> List.of("ttbr0_el1", "ttbr1_el1", "tcr_el1", "mair_el1");
            case ARMV7 -> List.of("ttbr0", "ttbr1", "ttbcr");
        };
    }

    /** The families that have register {@code name} (written in any case), as their manuals name them; empty when none. */
    public static List<String> familiesWith(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>();
        for (PagingFormat.Family fam : PagingFormat.Family.values()) {
            if (canonical(fam, n).isPresent()) {
                out.add(familyName(fam));
            }
        }
        return out;
    }

    /** The standard formats that have register {@code name} (written in any case), in {@link Formats#names()} order. */
    public static List<String> formatsWith(String name) {
        List<String> out = new ArrayList<>();
        for (PagingFormat f : Formats.all()) {
            if (canonical(f, name).isPresent()) {
                out.add(f.name());
            }
        }
        return out;
    }

    /** {@code x86}, {@code AArch64}, {@code ARMv7}, {@code RISC-V}. */
    public static String familyName(PagingFormat.Family fam) {
        return switch (fam) {
            case X86 -> "x86";
            case AARCH64 -> "AArch64";
            case ARMV7 -> "ARMv7";
            case RISCV -> "RISC-V";
        };
    }

    /** The register {@code name} (any case; AArch64 also takes {@code ttbr0}, {@code ttbr1}) names on {@code f}. */
    public static Optional<String> canonical(PagingFormat f, String name) {
        return canonical(f.family(), name.toLowerCase(Locale.ROOT));
    }

    private static Optional<String> canonical(PagingFormat.Family fam, String n) {
        String c = switch (fam) {
            case X86 -> n.equals("cr3") || n.equals("cr4") ? n.toUpperCase(Locale.ROOT) : null;
            case RISCV -> n.equals("satp") ? "satp" : null;
            case AARCH64 -> switch (n) {
                case "ttbr0", "ttbr0_el1" -> "TTBR0_EL1";
                case "ttbr1", "ttbr1_el1" -> "TTBR1_EL1";
                case "tcr_el1", "mair_el1" -> n.toUpperCase(Locale.ROOT);
                default -> null;
            };
            case ARMV7 -> n.equals("ttbr0") || n.equals("ttbr1") || n.equals("ttbcr") ? n.toUpperCase(Locale.ROOT) : null;
        };
        return Optional.ofNullable(c);
    }

    /** The width of register {@code canonical} on {@code f}: 32 or 64 bits. */
    public static int width(PagingFormat f, String canonical) {
        if (f instanceof X86Format x) {
            return x.mode() == X86Format.Mode.LONG_4 || x.mode() == X86Format.Mode.LONG_5 ? 64 : 32;
        }
        if (f instanceof RiscVFormat r) {
            return r.mode() == RiscVFormat.Mode.SV32 ? 32 : 64;
        }
        return f.family() == PagingFormat.Family.AARCH64 ? 64 : 32;
    }

    /** {@code value} as register {@code canonical} of {@code f} (a name {@link #canonical} returned, a value that fits). */
    public static Decoded decode(PagingFormat f, String canonical, long value) {
        List<String> problems = new ArrayList<>();
        List<Field> fields = switch (canonical) {
            case "CR3" -> cr3((X86Format) f, value, problems);
            case "CR4" -> cr4((X86Format) f, value, problems);
            case "satp" -> satp((RiscVFormat) f, value, problems);
            case "TTBR0_EL1", "TTBR1_EL1" -> ttbrEl1((AArch64Format) f, canonical.charAt(4) - '0', value, problems);
            case "TCR_EL1" -> tcr((AArch64Format) f, value, problems);
            case "MAIR_EL1" -> mair((AArch64Format) f, value, problems);
            case "TTBR0", "TTBR1" -> ttbrV7(value, problems);
            case "TTBCR" -> ttbcr(value, problems);
            default -> throw new IllegalArgumentException("no register " + canonical + " on " + f.name());
        };
        return new Decoded(new Register(canonical, width(f, canonical), value, fields, role(canonical)), problems);
    }

    private static String role(String canonical) {
        return switch (canonical) {
            case "CR4" -> "paging features";
            case "TCR_EL1", "TTBCR" -> "translation control";
            case "MAIR_EL1" -> "memory attributes";
            default -> "root";
        };
    }

    private static long bits(long v, int lsb, int width) {
        return width == 64 ? v : (v >>> lsb) & ((1L << width) - 1);
    }

    private static Field field(String name, long v, int lsb, int width, String meaning) {
        return new Field(name, lsb, width, bits(v, lsb, width), meaning);
    }

    private static String onOff(long bit, String on, String off) {
        return bit != 0 ? on : off;
    }

    /** Bits {@code hi..lo} of {@code v} as a mask (empty when {@code hi < lo}). */
    private static long mask(int hi, int lo) {
        if (hi < lo) {
            return 0;
        }
        long upper = hi == 63 ? -1L : (1L << (hi + 1)) - 1;
        return upper & -(1L << lo);
    }

    /** "bits 51:46 are set (0x...), reserved: REASON" when {@code v} has any bit of {@code mask} set. */
    private static void reserved(long v, long mask, String reason, List<String> problems) {
        long set = v & mask;
        if (set != 0) {
            problems.add(Unsigned.bitList(set) + " set (" + Unsigned.hex(set) + "): " + reason);
        }
    }

    // ---- x86 -------------------------------------------------------------------------------------------------------

    private static String rootTable(X86Format f) {
        return switch (f.mode()) {
            case LEGACY_32 -> "page directory";
            case PAE -> "PDPT";
            case LONG_4 -> "PML4";
            case LONG_5 -> "PML5";
        };
    }

    /** SDM 4.3 (32-bit: PD at 31:12), 4.4.1 (PAE: PDPT at 31:5), 4.5 (4/5-level: PCID 11:0 or PWT, PCD; M-1:12). */
    private static List<Field> cr3(X86Format f, long v, List<String> problems) {
        List<Field> out = new ArrayList<>();
        String table = rootTable(f);
        if (f.mode() == X86Format.Mode.PAE) {
            long root = v & 0xFFFF_FFE0L;
            out.add(field("PDPT base", v, 5, 27, "PDPT at " + Unsigned.hex(root)));
            return out;
        }
        boolean wide = f.mode() != X86Format.Mode.LEGACY_32;
        if (wide) {
            out.add(field("PCID", v, 0, 12, "process-context identifier when CR4.PCIDE=1"));
        }
        out.add(field("PWT", v, 3, 1, onOff(v & 8, "walks write-through", "walks write-back")
                + (wide ? " when CR4.PCIDE=0" : "")));
        out.add(field("PCD", v, 4, 1, onOff(v & 16, "walks uncached", "walks cacheable") + (wide ? " when CR4.PCIDE=0" : "")));
        int top = wide ? f.physicalBits() : 32;
        long root = v & mask(top - 1, 12);
        out.add(new Field(table + " base", 12, top - 12, root >>> 12, table + " at " + Unsigned.hex(root)));
        if (wide) {
            reserved(v, mask(63, f.physicalBits()), "reserved with a " + f.physicalBits()
                    + "-bit physical address width (MAXPHYADDR)", problems);
        }
        return out;
    }

    /** SDM 2.5: the CR4 bits that change how the MMU walks, each checked against what the machine's format needs. */
    private static List<Field> cr4(X86Format f, long v, List<String> problems) {
        X86Format.Mode mode = f.mode();
        boolean legacy = mode == X86Format.Mode.LEGACY_32;
        boolean longMode = mode == X86Format.Mode.LONG_4 || mode == X86Format.Mode.LONG_5;
        List<Field> out = new ArrayList<>();
        out.add(field("PSE", v, 4, 1, onOff(v & (1 << 4), "4 MiB pages in 32-bit paging", "no 4 MiB pages in 32-bit paging")));
        out.add(field("PAE", v, 5, 1, onOff(v & (1 << 5), "64-bit entries: PAE, 4- or 5-level paging", "32-bit paging")));
        out.add(field("PGE", v, 7, 1, onOff(v & (1 << 7), "global pages", "G bits ignored")));
        out.add(field("LA57", v, 12, 1, onOff(v & (1 << 12), "5-level paging", "4-level paging in long mode")));
        out.add(field("PCIDE", v, 17, 1, onOff(v & (1 << 17), "CR3 bits 11:0 are a PCID", "CR3 bits 4:3 are PCD, PWT")));
        out.add(field("SMEP", v, 20, 1, onOff(v & (1 << 20), "no supervisor execution of user pages", "off")));
        out.add(field("SMAP", v, 21, 1, onOff(v & (1 << 21), "no supervisor access to user pages", "off")));
        out.add(field("PKE", v, 22, 1, onOff(v & (1 << 22), "protection keys for user pages", "off")));
        String fmt = f.name();
        agree(v, 5, !legacy, "PAE", fmt + (legacy ? " is 32-bit paging (CR4.PAE=0)" : " needs 64-bit entries (CR4.PAE=1)"),
                problems);
        if (!legacy) {
            agree(v, 12, mode == X86Format.Mode.LONG_5, "LA57", fmt + (mode == X86Format.Mode.LONG_5
                    ? " is 5-level paging (CR4.LA57=1)" : " is not 5-level paging (CR4.LA57=0)"), problems);
        }
        if (legacy) {
            agree(v, 4, f.has(Feature.PSE), "PSE", fmt + (f.has(Feature.PSE) ? " has 4 MiB pages (features pse)"
                    : " has no 4 MiB pages (no feature pse)"), problems);
        }
        agree(v, 7, f.has(Feature.GLOBAL_PAGES), "PGE", "the machine " + (f.has(Feature.GLOBAL_PAGES)
                ? "has global pages" : "has no global pages (no feature global_pages)"), problems);
        agree(v, 20, f.has(Feature.SMEP), "SMEP", "the machine " + (f.has(Feature.SMEP) ? "has" : "has no") + " feature smep",
                problems);
        agree(v, 21, f.has(Feature.SMAP), "SMAP", "the machine " + (f.has(Feature.SMAP) ? "has" : "has no") + " feature smap",
                problems);
        if (!longMode && (v & (1L << 17)) != 0) {
            problems.add("PCIDE=1 outside long mode: setting it raises #GP (" + fmt + " is not 4- or 5-level paging)");
        }
        return out;
    }

    private static void agree(long v, int bit, boolean want, String name, String why, List<String> problems) {
        boolean set = (v & (1L << bit)) != 0;
        if (set != want) {
            problems.add(name + "=" + (set ? 1 : 0) + " disagrees with the machine: " + why);
        }
    }

    // ---- RISC-V ----------------------------------------------------------------------------------------------------

    /** Privileged spec 10.1.11: Sv32 MODE 31, ASID 30:22, PPN 21:0; RV64 MODE 63:60, ASID 59:44, PPN 43:0. */
    private static List<Field> satp(RiscVFormat f, long v, List<String> problems) {
        boolean sv32 = f.mode() == RiscVFormat.Mode.SV32;
        int ppnBits = sv32 ? 22 : 44;
        int asidBits = sv32 ? 9 : 16;
        int modeBits = sv32 ? 1 : 4;
        long mode = bits(v, ppnBits + asidBits, modeBits);
        long root = bits(v, 0, ppnBits) << 12;
        String modeName = sv32 ? (mode == 1 ? "Sv32" : "Bare") : switch ((int) mode) {
            case 0 -> "Bare";
            case 8 -> "Sv39";
            case 9 -> "Sv48";
            case 10 -> "Sv57";
            case 11 -> "Sv64";
            default -> "reserved";
        };
        List<Field> out = new ArrayList<>();
        out.add(field("PPN", v, 0, ppnBits, "root table at " + Unsigned.hex(root)));
        out.add(field("ASID", v, ppnBits, asidBits, "address space " + bits(v, ppnBits, asidBits)));
        out.add(field("MODE", v, ppnBits + asidBits, modeBits, modeName));
        if (modeName.equals("reserved")) {
            problems.add("MODE=" + mode + " is a reserved encoding (a write of it leaves satp unchanged)");
        } else if (!modeName.equals(f.mode().specName())) {
            problems.add("MODE=" + mode + " (" + modeName + ") disagrees with the machine: its format is " + f.name()
                    + " (MODE=" + (sv32 ? 1 : f.mode().ordinal() + 7) + ")");
        }
        return out;
    }

    // ---- AArch64 ---------------------------------------------------------------------------------------------------

    /**
     * D17.2.143/144: ASID 63:48, BADDR 47:1 (with a 52-bit PA, BADDR[51:48] at 5:2), CnP bit 0. The root table of
     * {@code half} is aligned to its size (at least 64 bytes): BADDR bits below that are RES0.
     */
    private static List<Field> ttbrEl1(AArch64Format f, int half, long v, List<String> problems) {
        boolean lpa = f.physicalBits() == 52;
        long root = v & 0xFFFF_FFFF_FFFEL;
        List<Field> out = new ArrayList<>();
        out.add(field("CnP", v, 0, 1, onOff(v & 1, "common not private", "private to this PE")));
        if (lpa) {
            long high = bits(v, 2, 4);
            root = (root & ~0x3CL) | high << 48;
            out.add(field("BADDR[51:48]", v, 2, 4, high == 0 ? "root below 2^48" : "root above 2^48"));
        }
        out.add(new Field("BADDR", 1, 47, (v & 0xFFFF_FFFF_FFFEL) >>> 1, "root table at " + Unsigned.hex(root)));
        out.add(field("ASID", v, 48, 16, "address space " + bits(v, 48, 16)));
        int tableBytes = f.halves().get(half).geometry().level(0).tableBytes();
        long misaligned = mask(Integer.numberOfTrailingZeros(Math.max(tableBytes, 64)) - 1, 1) & ~(lpa ? 0x3CL : 0);
        reserved(v, misaligned, "RES0, the " + f.halves().get(half).geometry().level(0).name() + " root table of "
                + tableBytes + " bytes is aligned to " + Math.max(tableBytes, 64) + " bytes", problems);
        if (!f.physicalAddressFits(root)) {
            problems.add("root table at " + Unsigned.hex(root) + " is beyond the " + f.physicalBits()
                    + "-bit physical address size: the walk raises an address size fault at its first level");
        }
        return out;
    }

    private static final String[] TG0 = {"4 KiB granule", "64 KiB granule", "16 KiB granule", "reserved"};
    private static final String[] TG1 = {"reserved", "16 KiB granule", "4 KiB granule", "64 KiB granule"};

    /** D17.2.131: the fields of both halves, and IPS; each checked against the machine's format. */
    private static List<Field> tcr(AArch64Format f, long v, List<String> problems) {
        List<Field> out = new ArrayList<>();
        String granule = (f.granule().bytes() >>> 10) + " KiB granule";
        for (int h = 0; h < 2; h++) {
            int base = h * 16;
            long tsz = bits(v, base, 6);
            out.add(field("T" + h + "SZ", v, base, 6, (64 - tsz) + "-bit " + (h == 0 ? "low" : "high") + " half"));
            out.add(field("EPD" + h, v, base + 7, 1, onOff(v & (1L << (base + 7)), "TTBR" + h + " walks disabled",
                    "TTBR" + h + " walks enabled")));
            out.add(field("IRGN" + h, v, base + 8, 2, cacheability(bits(v, base + 8, 2), "inner")));
            out.add(field("ORGN" + h, v, base + 10, 2, cacheability(bits(v, base + 10, 2), "outer")));
            out.add(field("SH" + h, v, base + 12, 2, shareability(bits(v, base + 12, 2))));
            long tg = bits(v, base + 14, 2);
            String tgName = (h == 0 ? TG0 : TG1)[(int) tg];
            out.add(field("TG" + h, v, base + 14, 2, tgName));
            if (tgName.equals("reserved")) {
                problems.add("TG" + h + "=" + tg + " is a reserved encoding");
            } else if (!tgName.equals(granule)) {
                problems.add("TG" + h + "=" + tg + " (" + tgName + ") disagrees with the machine: its format "
                        + f.name() + " has the " + granule);
            }
            if (64 - tsz != f.vaBits(h)) {
                problems.add("T" + h + "SZ=" + tsz + " (" + (64 - tsz) + "-bit " + (h == 0 ? "low" : "high")
                        + " half) disagrees with the machine: its " + (h == 0 ? "low" : "high") + " half is "
                        + f.vaBits(h) + "-bit (T" + h + "SZ=" + (64 - f.vaBits(h)) + ")");
            }
            if (h == 0) {
                out.add(field("A1", v, 22, 1, onOff(v & (1L << 22), "TTBR1_EL1.ASID is the ASID",
                        "TTBR0_EL1.ASID is the ASID")));
            }
        }
        long ips = bits(v, 32, 3);
        String ipsName = ips < AArch64Format.PA_SIZES.size() ? AArch64Format.PA_SIZES.get((int) ips) + "-bit physical"
                : "reserved";
        out.add(field("IPS", v, 32, 3, ipsName));
        if (ips >= AArch64Format.PA_SIZES.size()) {
            problems.add("IPS=" + ips + " is a reserved encoding");
        } else if (AArch64Format.PA_SIZES.get((int) ips) != f.physicalBits()) {
            problems.add("IPS=" + ips + " (" + ipsName + ") disagrees with the machine: it has " + f.physicalBits()
                    + " physical address bits (IPS=" + AArch64Format.PA_SIZES.indexOf(f.physicalBits()) + ")");
        }
        out.add(field("AS", v, 36, 1, onOff(v & (1L << 36), "16-bit ASIDs", "8-bit ASIDs")));
        out.add(field("TBI0", v, 37, 1, onOff(v & (1L << 37), "top byte ignored in the low half", "top byte used in the low half")));
        out.add(field("TBI1", v, 38, 1, onOff(v & (1L << 38), "top byte ignored in the high half", "top byte used in the high half")));
        out.add(field("HA", v, 39, 1, onOff(v & (1L << 39), "hardware sets AF", "AF=0 faults")));
        out.add(field("HD", v, 40, 1, onOff(v & (1L << 40), "hardware manages dirty state", "no hardware dirty state")));
        return out;
    }

    private static String cacheability(long v, String which) {
        return "walks " + which + " " + switch ((int) v) {
            case 0 -> "non-cacheable";
            case 1 -> "write-back write-allocate";
            case 2 -> "write-through";
            default -> "write-back no write-allocate";
        };
    }

    private static String shareability(long v) {
        return switch ((int) v) {
            case 0 -> "walks non-shareable";
            case 2 -> "walks outer shareable";
            case 3 -> "walks inner shareable";
            default -> "reserved";
        };
    }

    /** D17.2.97: eight attribute bytes; each named as an entry's AttrIndx selects it, and compared with the machine's. */
    private static List<Field> mair(AArch64Format f, long v, List<String> problems) {
        List<Field> out = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int attr = (int) bits(v, 8 * i, 8);
            String name = new MemoryType.Mair(i, attr).name();
            out.add(new Field("Attr" + i, 8 * i, 8, attr, name));
            if (name.contains("reserved")) {
                problems.add("Attr" + i + "=" + String.format("0x%02x", attr) + " is a reserved encoding");
            }
            int machine = i < f.mair().size() ? f.mair().get(i) : 0;
            if (machine != attr) {
                problems.add("Attr" + i + "=" + String.format("0x%02x", attr) + " (" + name + ") disagrees with the "
                        + "machine, which programs " + String.format("0x%02x", machine) + " ("
                        + new MemoryType.Mair(i, machine).name() + "): entries with AttrIndx=" + i + " change type");
            }
        }
        return out;
    }

    // ---- ARMv7 -----------------------------------------------------------------------------------------------------

    /** B4.1.154/155 (multiprocessing extensions): base 31:14, IRGN[0] 6, NOS 5, RGN 4:3, IMP 2, S 1, IRGN[1] 0. */
    private static List<Field> ttbrV7(long v, List<String> problems) {
        long root = v & 0xFFFF_C000L;
        List<Field> out = new ArrayList<>();
        out.add(field("IRGN[1]", v, 0, 1, "inner cacheability, high bit"));
        out.add(field("S", v, 1, 1, onOff(v & 2, "walks shareable", "walks non-shareable")));
        out.add(field("RGN", v, 3, 2, cacheability(bits(v, 3, 2), "outer")));
        out.add(field("NOS", v, 5, 1, onOff(v & 32, "inner shareable", "outer shareable")));
        out.add(field("IRGN[0]", v, 6, 1, "inner cacheability, low bit"));
        out.add(new Field("base", 14, 18, root >>> 14, "L1 table at " + Unsigned.hex(root)));
        reserved(v, mask(13, 7), "UNK/SBZP, the 16 KiB L1 table is 16 KiB aligned (TTBCR.N=0)", problems);
        return out;
    }

    /** B4.1.153: N 2:0, PD0 4, PD1 5, EAE 31; the rest is reserved. */
    private static List<Field> ttbcr(long v, List<String> problems) {
        long n = bits(v, 0, 3);
        List<Field> out = new ArrayList<>();
        out.add(field("N", v, 0, 3, n == 0 ? "TTBR0 translates every VA"
                : "TTBR0 translates VAs below " + Unsigned.hex(1L << (32 - n)) + ", TTBR1 the rest"));
        out.add(field("PD0", v, 4, 1, onOff(v & 16, "TTBR0 walks disabled", "TTBR0 walks enabled")));
        out.add(field("PD1", v, 5, 1, onOff(v & 32, "TTBR1 walks disabled", "TTBR1 walks enabled")));
        out.add(field("EAE", v, 31, 1, onOff(v & (1L << 31), "Long-descriptor format (LPAE)", "short descriptors")));
        reserved(v, mask(30, 6) | 8, "reserved (UNK/SBZP)", problems);
        if ((v & (1L << 31)) != 0) {
            problems.add("EAE=1 selects the Long-descriptor format, but the machine's format armv7 is short descriptors");
        }
        if (n != 0) {
            problems.add("N=" + n + " disagrees with the machine: its armv7 tables are walked from TTBR0 for every VA (N=0)");
        }
        if ((v & 16) != 0) {
            problems.add("PD0=1: a TLB miss on a VA translated by TTBR0 faults instead of walking the tables");
        }
        return out;
    }
}
