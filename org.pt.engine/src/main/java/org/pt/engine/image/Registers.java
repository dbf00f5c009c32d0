package org.pt.engine.image;

import java.util.ArrayList;
import java.util.List;
import org.pt.engine.format.AArch64Format;
import org.pt.engine.format.Feature;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.format.RiscVFormat;
import org.pt.engine.format.X86Format;
import org.pt.engine.image.Register.Field;

/**
 * The register values under which the MMU walks a space's tables as PT simulated them: the root register(s) and the
 * control bits the format's encoding assumes. Each family as its manual says it:
 * <ul>
 * <li>x86 (Intel SDM Vol. 3A, 2.5 and 4.5): CR3 (PWT = PCD = 0: walks write-back), CR4 (PSE for 32-bit with 4 MiB
 * pages, PAE, PGE for global pages, LA57, SMEP, SMAP), CR0 (PE, WP, PG: supervisor writes honour read-only pages),
 * IA32_EFER (LME, NXE) and IA32_PAT (the machine's {@code pat}).</li>
 * <li>RISC-V (privileged spec, 10.1.11): {@code satp} with MODE, ASID 0 and the root's PPN; {@code sstatus.SUM} when
 * the machine has {@code sum}.</li>
 * <li>AArch64 (Arm ARM D17): TTBR0_EL1 and TTBR1_EL1 (ASID 0; with a 52-bit PA, BADDR[51:48] in bits [5:2]),
 * TCR_EL1 (T0SZ/T1SZ from the VA sizes, TG0/TG1 the granule, IPS the physical size, walks inner shareable
 * write-back) and MAIR_EL1 (the machine's attribute bytes, index 0 first).</li>
 * <li>ARMv7 short descriptors (Arm ARM B4.1): TTBR0 (walks non-cacheable), TTBCR 0 (TTBR0 translates everything,
 * short descriptors) and DACR with every domain a client.</li>
 * </ul>
 */
public final class Registers {

    private Registers() {
    }

    /** The registers that make the MMU walk {@code roots} (one per half, target addresses) of space {@code space}. */
    public static List<Register> of(PagingFormat f, String space, List<Long> roots) {
        return switch (f) {
            case X86Format x -> x86(x, space, roots.get(0));
            case RiscVFormat r -> riscv(r, space, roots.get(0));
            case AArch64Format a -> aarch64(a, space, roots);
            default -> armv7(f, space, roots.get(0));
        };
    }

    private static String rootOf(String space) {
        return "root of '" + space + "'";
    }

    private static List<Register> x86(X86Format f, String space, long root) {
        List<Register> out = new ArrayList<>();
        X86Format.Mode mode = f.mode();
        String table = switch (mode) {
            case LEGACY_32 -> "page directory";
            case PAE -> "PDPT";
            case LONG_4 -> "PML4";
            case LONG_5 -> "PML5";
        };
        if (mode == X86Format.Mode.PAE) {
            out.add(Register.of("CR3", 32, rootOf(space), List.of(
                    new Field("PDPT base", 5, 27, root >>> 5, table + " at " + hex(root)))));
        } else {
            int width = mode == X86Format.Mode.LEGACY_32 ? 20 : 52 - 12;
            out.add(Register.of("CR3", mode == X86Format.Mode.LEGACY_32 ? 32 : 64, rootOf(space), List.of(
                    new Field("PWT", 3, 1, 0, "walks write-back"),
                    new Field("PCD", 4, 1, 0, "walks cacheable"),
                    new Field(table + " base", 12, width, root >>> 12, table + " at " + hex(root)))));
        }
        List<Field> cr4 = new ArrayList<>();
        if (mode == X86Format.Mode.LEGACY_32 && f.has(Feature.PSE)) {
            cr4.add(new Field("PSE", 4, 1, 1, "4 MiB pages"));
        }
        if (mode != X86Format.Mode.LEGACY_32) {
            cr4.add(new Field("PAE", 5, 1, 1, "64-bit entries"));
        }
        if (f.has(Feature.GLOBAL_PAGES)) {
            cr4.add(new Field("PGE", 7, 1, 1, "global pages"));
        }
        if (mode == X86Format.Mode.LONG_5) {
            cr4.add(new Field("LA57", 12, 1, 1, "5-level paging"));
        }
        if (f.has(Feature.SMEP)) {
            cr4.add(new Field("SMEP", 20, 1, 1, "no supervisor execution of user pages"));
        }
        if (f.has(Feature.SMAP)) {
            cr4.add(new Field("SMAP", 21, 1, 1, "no supervisor access to user pages"));
        }
        // control registers are as wide as the mode's general registers (SDM Vol. 3A, 2.5); MSRs are 64 bits always
        int control = mode == X86Format.Mode.LONG_4 || mode == X86Format.Mode.LONG_5 ? 64 : 32;
        out.add(Register.of("CR4", control, "paging features", cr4));
        out.add(Register.of("CR0", control, "paging on", List.of(
                new Field("PE", 0, 1, 1, "protected mode"),
                new Field("WP", 16, 1, 1, "supervisor writes honour read-only pages"),
                new Field("PG", 31, 1, 1, "paging"))));
        List<Field> efer = new ArrayList<>();
        if (mode == X86Format.Mode.LONG_4 || mode == X86Format.Mode.LONG_5) {
            efer.add(new Field("LME", 8, 1, 1, "long mode"));
        }
        if (f.has(Feature.NX)) {
            efer.add(new Field("NXE", 11, 1, 1, "execute-disable bit"));
        }
        out.add(Register.of("IA32_EFER", 64, "MSR 0xC0000080", efer));
        List<Field> pat = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            X86Format.PatType t = f.pat().get(i);
            pat.add(new Field("PA" + i, 8 * i, 8, patCode(t), t.name().replace("_MINUS", "-")));
        }
        out.add(Register.of("IA32_PAT", 64, "MSR 0x277", pat));
        return out;
    }

    /** The PAT encodings of Intel SDM Vol. 3A table 13-10. */
    private static long patCode(X86Format.PatType t) {
        return switch (t) {
            case UC -> 0;
            case WC -> 1;
            case WT -> 4;
            case WP -> 5;
            case WB -> 6;
            case UC_MINUS -> 7;
        };
    }

    private static List<Register> riscv(RiscVFormat f, String space, long root) {
        List<Register> out = new ArrayList<>();
        RiscVFormat.Mode mode = f.mode();
        if (mode == RiscVFormat.Mode.SV32) {
            out.add(Register.of("satp", 32, rootOf(space), List.of(
                    new Field("PPN", 0, 22, root >>> 12, "root table at " + hex(root)),
                    new Field("ASID", 22, 9, 0, "address space 0"),
                    new Field("MODE", 31, 1, 1, "Sv32"))));
        } else {
            long code = switch (mode) {
                case SV39 -> 8;
                case SV48 -> 9;
                default -> 10;
            };
            out.add(Register.of("satp", 64, rootOf(space), List.of(
                    new Field("PPN", 0, 44, root >>> 12, "root table at " + hex(root)),
                    new Field("ASID", 44, 16, 0, "address space 0"),
                    new Field("MODE", 60, 4, code, mode.specName()))));
        }
        if (f.has(Feature.SUM)) {
            out.add(Register.of("sstatus", mode == RiscVFormat.Mode.SV32 ? 32 : 64, "bits to set", List.of(
                    new Field("SUM", 18, 1, 1, "supervisor may access user pages"))));
        }
        return out;
    }

    private static List<Register> aarch64(AArch64Format f, String space, List<Long> roots) {
        List<Register> out = new ArrayList<>();
        for (int h = 0; h < 2; h++) {
            long root = roots.get(h);
            List<Field> fields = new ArrayList<>();
            if (f.physicalBits() == 52) {
                fields.add(new Field("BADDR[51:48]", 2, 4, (root >>> 48) & 0xF, "root above 2^48"));
            }
            fields.add(new Field("BADDR", 1, 47, (root & 0xFFFF_FFFF_FFFEL) >>> 1, "root table at " + hex(root)));
            fields.add(new Field("ASID", 48, 16, 0, "address space 0"));
            out.add(Register.of("TTBR" + h + "_EL1", 64, rootOf(space) + (h == 0 ? ", low half" : ", high half"),
                    fields));
        }
        AArch64Format.Granule g = f.granule();
        long tg0 = switch (g) {
            case G4K -> 0;
            case G64K -> 1;
            case G16K -> 2;
        };
        long tg1 = switch (g) {
            case G16K -> 1;
            case G4K -> 2;
            case G64K -> 3;
        };
        long ips = AArch64Format.PA_SIZES.indexOf(f.physicalBits());
        String granule = (g.bytes() >>> 10) + " KiB granule";
        out.add(Register.of("TCR_EL1", 64, "translation control", List.of(
                new Field("T0SZ", 0, 6, 64 - f.vaBits(0), f.vaBits(0) + "-bit low half"),
                new Field("IRGN0", 8, 2, 1, "walks inner write-back"),
                new Field("ORGN0", 10, 2, 1, "walks outer write-back"),
                new Field("SH0", 12, 2, 3, "walks inner shareable"),
                new Field("TG0", 14, 2, tg0, granule),
                new Field("T1SZ", 16, 6, 64 - f.vaBits(1), f.vaBits(1) + "-bit high half"),
                new Field("IRGN1", 24, 2, 1, "walks inner write-back"),
                new Field("ORGN1", 26, 2, 1, "walks outer write-back"),
                new Field("SH1", 28, 2, 3, "walks inner shareable"),
                new Field("TG1", 30, 2, tg1, granule),
                new Field("IPS", 32, 3, ips, f.physicalBits() + "-bit physical"))));
        List<Field> mair = new ArrayList<>();
        List<Integer> attrs = f.mair();
        for (int i = 0; i < attrs.size(); i++) {
            mair.add(new Field("Attr" + i, 8 * i, 8, attrs.get(i), mairMeaning(attrs.get(i))));
        }
        out.add(Register.of("MAIR_EL1", 64, "memory attributes", mair));
        return out;
    }

    private static String mairMeaning(int attr) {
        return switch (attr) {
            case 0x00 -> "Device-nGnRnE";
            case 0x04 -> "Device-nGnRE";
            case 0x08 -> "Device-nGRE";
            case 0x0C -> "Device-GRE";
            case 0x44 -> "Normal non-cacheable";
            case 0xBB -> "Normal write-through";
            case 0xFF -> "Normal write-back";
            default -> "attribute 0x" + Integer.toHexString(attr);
        };
    }

    private static List<Register> armv7(PagingFormat f, String space, long root) {
        return List.of(
                Register.of("TTBR0", 32, rootOf(space), List.of(
                        new Field("base", 14, 18, root >>> 14, "L1 table at " + hex(root)))),
                Register.of("TTBCR", 32, "translation control", List.of(
                        new Field("N", 0, 3, 0, "TTBR0 translates every VA"),
                        new Field("EAE", 31, 1, 0, "short descriptors"))),
                Register.of("DACR", 32, "domain access", domains()));
    }

    private static List<Field> domains() {
        List<Field> out = new ArrayList<>();
        for (int d = 0; d < 16; d++) {
            out.add(new Field("D" + d, 2 * d, 2, 1, "client"));
        }
        return out;
    }

    private static String hex(long v) {
        return org.pt.engine.core.Unsigned.hex(v);
    }
}
