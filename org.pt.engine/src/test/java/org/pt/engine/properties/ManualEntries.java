package org.pt.engine.properties;

import java.util.List;
import org.pt.engine.format.AArch64Format;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.CacheType;
import org.pt.engine.format.Feature;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.format.Shareability;
import org.pt.engine.format.X86Format;

/**
 * The raw leaf entry each manual prescribes for a set of abstract attributes, written from the manuals' tables and
 * independently of the codec (no call into a format's encoder or decoder): the oracle of the property tests.
 * <ul>
 * <li>x86: Intel SDM Vol. 3A tables 4-4/4-6 (32-bit), 4-8/4-10/4-11 (PAE), 4-17/4-18/4-20 (4- and 5-level); the PAT
 * index PAT:PCD:PWT selects the machine's PAT entry (11.12.3).</li>
 * <li>AArch64: ARM DDI 0487 D8.3 stage 1 block and page descriptors (AttrIndx 4:2, AP[2:1] 7:6, SH 9:8, AF 10, nG 11,
 * PXN 53, UXN 54; with FEAT_LPA and the 64 KiB granule PA[51:48] at 15:12).</li>
 * <li>ARMv7: ARM DDI 0406C B3.5.1 figures B3-4/B3-5, AP[2:0] with SCTLR.AFE=0 (table B3-8), TEX/C/B with SCTLR.TRE=0
 * (table B3-10).</li>
 * <li>RISC-V: privileged spec 4.3.1 / 4.4.1 (V R W X U G A D at 0-7, PPN from bit 10).</li>
 * </ul>
 * Policy choices the manuals leave open are the project's documented ones: a kernel AArch64 page is never executable
 * at EL0 (UXN) and a user page never at EL1 (PXN); an ARMv7 read-only user page uses AP[2:0]=111.
 */
final class ManualEntries {
    private ManualEntries() {
    }

    /** The leaf entry mapping {@code pa} (the leaf's base) with {@code a} in a leaf of {@code size} at {@code archLevel}. */
    static long leaf(PagingFormat f, Attributes a, int archLevel, long size, long pa) {
        return switch (f.family()) {
            case X86 -> x86((X86Format) f, a, archLevel, pa);
            case AARCH64 -> aarch64((AArch64Format) f, a, archLevel, pa);
            case ARMV7 -> armv7(a, archLevel, size, pa);
            case RISCV -> riscv(a, pa) | (f.has(Feature.SVPBMT) ? svpbmt(a.cache()) << 61 : 0);
        };
    }

    private static long bit(boolean on, int bit) {
        return on ? 1L << bit : 0;
    }

    private static long x86(X86Format f, Attributes a, int level, long pa) {
        X86Format.PatType want = switch (a.cache()) {
            case WRITE_BACK -> X86Format.PatType.WB;
            case WRITE_THROUGH -> X86Format.PatType.WT;
            case UNCACHED -> X86Format.PatType.UC_MINUS;
            case WRITE_COMBINING -> X86Format.PatType.WC;
            case DEVICE -> X86Format.PatType.UC;
        };
        int pat = f.pat().indexOf(want);
        boolean large = level > 1;
        long e = 1 | bit(a.write(), 1) | bit(a.user(), 2) | bit((pat & 1) != 0, 3) | bit((pat & 2) != 0, 4)
                | bit(a.accessed(), 5) | bit(a.dirty(), 6) | bit(large, 7) | bit(a.global(), 8)
                | bit((pat & 4) != 0, large ? 12 : 7);
        if (f.mode() == X86Format.Mode.LEGACY_32) {
            // a 4 MiB PDE: PA[31:22] at 31:22, PA[39:32] at 20:13 (PSE-36); a PTE: PA[31:12]
            return large ? e | (pa & 0xFFC0_0000L) | ((pa >>> 32) << 13) : e | pa;
        }
        return e | pa | bit(!a.execute(), 63);
    }

    private static long aarch64(AArch64Format f, Attributes a, int level, long pa) {
        int attr = switch (a.cache()) {
            case WRITE_BACK -> 0xFF;
            case WRITE_THROUGH -> 0xBB;
            case UNCACHED, WRITE_COMBINING -> 0x44;
            case DEVICE -> 0x00;
        };
        List<Integer> mair = f.mair();
        long sh = switch (a.shareability()) {
            case INNER -> 0b11;
            case OUTER -> 0b10;
            case NON_SHAREABLE -> 0b00;
        };
        long address = f.physicalBits() == 52 ? (pa & 0x0000_FFFF_FFFF_0000L) | ((pa >>> 48) << 12) : pa;
        return 1 | bit(level == 3, 1) | (long) mair.indexOf(attr) << 2 | bit(a.user(), 6) | bit(!a.write(), 7)
                | sh << 8 | bit(a.accessed(), 10) | bit(!a.global(), 11) | address
                | bit(a.user() || !a.execute(), 53) | bit(!a.user() || !a.execute(), 54);
    }

    private static long armv7(Attributes a, int level, long size, long pa) {
        long ap = a.user() ? (a.write() ? 0b011 : 0b111) : (a.write() ? 0b001 : 0b101);
        long tex;
        long cb;
        switch (a.cache()) {
            case WRITE_BACK -> { tex = 0b001; cb = 0b11; }
            case WRITE_THROUGH -> { tex = 0b000; cb = 0b10; }
            case DEVICE -> { tex = 0b000; cb = 0b01; }
            default -> { tex = 0b001; cb = 0b00; }
        }
        boolean s = a.cache() != CacheType.DEVICE && a.shareability() != Shareability.NON_SHAREABLE;
        boolean xn = !a.execute();
        boolean ng = !a.global();
        long apLow = ap & 3;
        long ap2 = ap >>> 2;
        if (level == 1) {
            long e = 0b10 | cb << 2 | bit(xn, 4) | apLow << 10 | tex << 12 | ap2 << 15 | bit(s, 16) | bit(ng, 17);
            if (size == 16L << 20) {
                // supersection: bit 18, PA[31:24], PA[35:32] at 23:20, PA[39:36] at 8:5
                return e | 1L << 18 | (pa & 0xFF00_0000L) | ((pa >>> 32) & 0xF) << 20 | ((pa >>> 36) & 0xF) << 5;
            }
            return e | (pa & 0xFFF0_0000L);
        }
        long e = cb << 2 | apLow << 4 | ap2 << 9 | bit(s, 10) | bit(ng, 11);
        if (size == 64L << 10) {
            return e | 0b01 | tex << 12 | bit(xn, 15) | (pa & 0xFFFF_0000L);
        }
        return e | 0b10 | bit(xn, 0) | tex << 6 | (pa & 0xFFFF_F000L);
    }

    /** Svpbmt (privileged spec 4.3.1 table 4.5 / the Svpbmt chapter): PBMT at 62:61, 0 PMA, 1 NC, 2 IO. */
    private static long svpbmt(CacheType c) {
        return switch (c) {
            case UNCACHED, WRITE_COMBINING -> 1;
            case DEVICE -> 2;
            default -> 0;
        };
    }

    private static long riscv(Attributes a, long pa) {
        return 1 | bit(a.read(), 1) | bit(a.write(), 2) | bit(a.execute(), 3) | bit(a.user(), 4) | bit(a.global(), 5)
                | bit(a.accessed(), 6) | bit(a.dirty(), 7) | (pa >>> 12) << 10;
    }
}
