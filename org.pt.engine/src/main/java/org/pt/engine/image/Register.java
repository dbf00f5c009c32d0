package org.pt.engine.image;

import java.util.List;

/**
 * A value the target must load into a control register (or MSR) for its MMU to walk the generated tables as PT
 * simulated them: CR3, satp, TTBR0_EL1, TCR_EL1, ... Each field is named as the architecture manual names it.
 *
 * @param name   the register as the manual spells it ({@code CR3}, {@code TCR_EL1}, {@code IA32_PAT})
 * @param bits   its width (32 or 64)
 * @param value  the whole value
 * @param fields the fields PT sets or relies on, low bit first
 * @param role   what the register is for here, in a few words ({@code root of 'kernel'}, {@code translation control})
 */
public record Register(String name, int bits, long value, List<Field> fields, String role) {
    public Register {
        fields = List.copyOf(fields);
    }

    /**
     * One field: bits {@code lsb .. lsb + width - 1} hold {@code value}.
     *
     * @param meaning what the value selects, in the manual's words ({@code 4 KiB granule}, {@code Sv39})
     */
    public record Field(String name, int lsb, int width, long value, String meaning) {
        public Field {
            if (width < 1 || lsb < 0 || lsb + width > 64) {
                throw new IllegalArgumentException("field " + name + " at bits " + lsb + "+" + width);
            }
            if (width < 64 && (value >>> width) != 0) {
                throw new IllegalArgumentException("field " + name + " value " + value + " exceeds " + width + " bits");
            }
        }

        /** The field's bits in place. */
        public long placed() {
            return value << lsb;
        }
    }

    /** A register whose value is its fields, placed. */
    static Register of(String name, int bits, String role, List<Field> fields) {
        long v = 0;
        for (Field f : fields) {
            v |= f.placed();
        }
        return new Register(name, bits, v, fields, role);
    }
}
