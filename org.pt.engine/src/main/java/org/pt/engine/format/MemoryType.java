package org.pt.engine.format;

/**
 * The memory type a leaf entry selects, as its architecture names it: the entry's encoding and the type that encoding
 * selects on this machine. A closed set, one variant per family; {@link #cache()} is the abstract type it reads back
 * as. Each format builds its few values once, so a walk hands them out without allocating.
 */
public sealed interface MemoryType permits MemoryType.Pat, MemoryType.Mair, MemoryType.TexCb, MemoryType.Pbmt {

    /** The abstract type the language's attribute words name ({@code wb}, {@code uc}, {@code device}, ...). */
    CacheType cache();

    /** The type as the manual names it: {@code WB}, {@code UC-}, {@code Device-nGnRnE}, {@code Normal WB}, {@code IO}. */
    String name();

    /**
     * x86 (Intel SDM vol. 3A 13.12.3): PAT:PCD:PWT select entry {@code index} (0 to 7) of the PAT MSR, which holds
     * {@code type}. MTRRs are not modelled (taken as write-back), so the PAT type is the effective type.
     */
    record Pat(int index, X86Format.PatType type) implements MemoryType {
        @Override
        public CacheType cache() {
            return switch (type) {
                case WB -> CacheType.WRITE_BACK;
                case WT, WP -> CacheType.WRITE_THROUGH;
                case UC_MINUS -> CacheType.UNCACHED;
                case WC -> CacheType.WRITE_COMBINING;
                case UC -> CacheType.DEVICE;
            };
        }

        @Override
        public String name() {
            return type == X86Format.PatType.UC_MINUS ? "UC-" : type.name();
        }

        @Override
        public String toString() {
            return name() + " (PAT entry " + index + ")";
        }
    }

    /**
     * AArch64 (Arm DDI 0487, D8.6 and MAIR_EL1): AttrIndx selects attribute byte {@code attr} of MAIR_EL1. Bits 7:4
     * 0000 is Device memory, bits 3:0 then 0000 nGnRnE, 0100 nGnRE, 1000 nGRE, 1100 GRE; otherwise Normal memory with
     * the outer policy in bits 7:4 and the inner in 3:0: 0100 non-cacheable, 00RW write-through transient, 01RW
     * write-back transient, 10RW write-through, 11RW write-back (RW: the allocation hints, not both 0 in the transient
     * forms). 0xF0 is Tagged Normal write-back (FEAT_MTE2).
     */
    record Mair(int attrIndx, int attr) implements MemoryType {
        @Override
        public CacheType cache() {
            int outer = attr >>> 4;
            if (outer == 0) {
                return CacheType.DEVICE;
            }
            if (attr == 0xF0) {
                return CacheType.WRITE_BACK;
            }
            int weakest = Math.min(cacheability(outer), cacheability(attr & 0xF));
            return weakest == 0 ? CacheType.UNCACHED : weakest == 1 ? CacheType.WRITE_THROUGH : CacheType.WRITE_BACK;
        }

        /** 0 non-cacheable, 1 write-through, 2 write-back, for one nibble of a Normal memory attribute. */
        private static int cacheability(int nibble) {
            int rw = nibble & 0b11;
            return switch (nibble >>> 2) {
                case 0b00 -> rw == 0 ? 0 : 1; // 0b0000 is not a Normal encoding; read as non-cacheable
                case 0b01 -> rw == 0 ? 0 : 2; // 0b0100 non-cacheable, 0b01RW write-back transient
                case 0b10 -> 1;
                default -> 2;
            };
        }

        /** NC, WT, WB, WT-T, WB-T (transient), or null for 0000 (no Normal policy). */
        private static String policy(int nibble) {
            int rw = nibble & 0b11;
            return switch (nibble >>> 2) {
                case 0b00 -> rw == 0 ? null : "WT-T";
                case 0b01 -> rw == 0 ? "NC" : "WB-T";
                case 0b10 -> "WT";
                default -> "WB";
            };
        }

        @Override
        public String name() {
            int outer = attr >>> 4;
            int inner = attr & 0xF;
            if (outer == 0) {
                return switch (inner) {
                    case 0b0000 -> "Device-nGnRnE";
                    case 0b0100 -> "Device-nGnRE";
                    case 0b1000 -> "Device-nGRE";
                    case 0b1100 -> "Device-GRE";
                    default -> "Device (reserved)";
                };
            }
            if (attr == 0xF0) {
                return "Tagged Normal WB";
            }
            String o = policy(outer);
            String i = policy(inner);
            if (o == null || i == null) {
                return "reserved";
            }
            return o.equals(i) ? "Normal " + o : "Normal inner " + i + " outer " + o;
        }

        @Override
        public String toString() {
            return name() + " (MAIR_EL1 Attr" + attrIndx + " = " + String.format("0x%02x", attr) + ")";
        }
    }

    /**
     * ARMv7 short descriptors with TEX remap off (ARM DDI 0406C, B3.8.2, tables B3-10 and B3-11): TEX[2:0], C and B
     * select Strongly-ordered, Device or Normal memory and its cache policy. With TEX[2] = 1 the memory is Normal,
     * TEX[1:0] the outer and C,B the inner policy: 00 non-cacheable, 01 write-back write-allocate, 10 write-through,
     * 11 write-back no write-allocate.
     */
    record TexCb(int tex, boolean c, boolean b) implements MemoryType {
        private int cb() {
            return (c ? 2 : 0) | (b ? 1 : 0);
        }

        /**
         * Strongly-ordered and both Device encodings read as device; for cacheable memory (TEX[2] = 1) the inner
         * policy decides; reserved and IMPLEMENTATION DEFINED encodings read as uncached.
         */
        @Override
        public CacheType cache() {
            int cb = cb();
            if ((tex & 0b100) != 0) {
                return cb == 0b00 ? CacheType.UNCACHED : cb == 0b10 ? CacheType.WRITE_THROUGH : CacheType.WRITE_BACK;
            }
            return switch (tex) {
                case 0b000 -> cb <= 0b01 ? CacheType.DEVICE : cb == 0b10 ? CacheType.WRITE_THROUGH : CacheType.WRITE_BACK;
                case 0b001 -> cb == 0b11 ? CacheType.WRITE_BACK : CacheType.UNCACHED;
                case 0b010 -> cb == 0b00 ? CacheType.DEVICE : CacheType.UNCACHED;
                default -> CacheType.UNCACHED;
            };
        }

        private static String policy(int bits) {
            return switch (bits) {
                case 0b00 -> "NC";
                case 0b01 -> "WB-WA";
                case 0b10 -> "WT";
                default -> "WB";
            };
        }

        @Override
        public String name() {
            int cb = cb();
            if ((tex & 0b100) != 0) {
                String o = policy(tex & 0b11);
                String i = policy(cb);
                return o.equals(i) ? "Normal " + o : "Normal inner " + i + " outer " + o;
            }
            return switch (tex << 2 | cb) {
                case 0b000_00 -> "Strongly-ordered";
                case 0b000_01 -> "Shareable Device";
                case 0b000_10 -> "Normal WT";
                case 0b000_11 -> "Normal WB";
                case 0b001_00 -> "Normal NC";
                case 0b001_10 -> "IMPLEMENTATION DEFINED";
                case 0b001_11 -> "Normal WB-WA";
                case 0b010_00 -> "Non-shareable Device";
                default -> "reserved";
            };
        }

        @Override
        public String toString() {
            return name() + " (TEX=" + (tex >>> 2) + ((tex >>> 1) & 1) + (tex & 1) + " C=" + (c ? 1 : 0) + " B="
                    + (b ? 1 : 0) + ")";
        }
    }

    /**
     * RISC-V (privileged spec, Svpbmt): PBMT 0 PMA (the physical memory attributes decide; modelled as main memory,
     * write-back), 1 NC (non-cacheable, idempotent, weakly ordered), 2 IO (non-cacheable, non-idempotent, strongly
     * ordered), 3 reserved. Without Svpbmt ({@code svpbmt} false) the PMAs always decide.
     */
    record Pbmt(int pbmt, boolean svpbmt) implements MemoryType {
        @Override
        public CacheType cache() {
            return switch (pbmt) {
                case 1 -> CacheType.UNCACHED;
                case 2 -> CacheType.DEVICE;
                default -> CacheType.WRITE_BACK;
            };
        }

        @Override
        public String name() {
            return switch (pbmt) {
                case 0 -> "PMA";
                case 1 -> "NC";
                case 2 -> "IO";
                default -> "reserved";
            };
        }

        @Override
        public String toString() {
            return svpbmt ? name() + " (PBMT=" + pbmt + ")" : "PMA (no Svpbmt)";
        }
    }
}
