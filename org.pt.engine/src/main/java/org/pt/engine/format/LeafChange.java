package org.pt.engine.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a change of abstract attributes does to a format's leaf entry: the architectural fields whose value changes
 * ({@code XD} 0 to 1 on x86, {@code nG} 1 to 0 on AArch64, {@code PBMT} 0 to 1 on RISC-V), read from the format's own
 * encoder and decoder, or the format's refusal of one of the two combinations. Computed on the smallest page of the
 * first half's last level.
 */
public sealed interface LeafChange {

    /** One field, named as the manual names it: {@code value} with the attributes, {@code before} without. */
    record Changed(String field, int lowBit, int width, long before, long value) {
        /** {@code US=1 (bit 2)}, {@code AttrIndx=1 (bits 4:2)}. */
        @Override
        public String toString() {
            return field + "=" + value + (width == 1 ? " (bit " + lowBit + ")"
                    : " (bits " + (lowBit + width - 1) + ":" + lowBit + ")");
        }
    }

    /**
     * The fields that change, high bits first (none when the format has no field for the difference), and the
     * memory type the leaf selects with the attributes.
     */
    record Fields(List<Changed> changed, MemoryType memoryType) implements LeafChange {
        public Fields {
            changed = List.copyOf(changed);
        }
    }

    /** The format cannot express one of the two combinations. */
    record Refused(AttributeError error) implements LeafChange {
    }

    /** The leaf fields of {@code format} that differ between {@code before} and {@code after}. */
    static LeafChange of(PagingFormat format, Attributes before, Attributes after) {
        Optional<AttributeError> refused = format.check(after).or(() -> format.check(before));
        if (refused.isPresent()) {
            return new Refused(refused.get());
        }
        Geometry.Level leaf = format.halves().get(0).geometry().leafLevel();
        long size = format.halves().get(0).geometry().smallestPage();
        int level = leaf.archLevel();
        DecodedEntry was = format.decode(format.leafTemplate(before, level, size), level);
        DecodedEntry is = format.decode(format.leafTemplate(after, level, size), level);
        List<Changed> changed = new ArrayList<>();
        for (DecodedEntry.Field f : is.fields()) {
            for (DecodedEntry.Field g : was.fields()) {
                if (g.name().equals(f.name()) && g.lowBit() == f.lowBit() && g.value() != f.value()) {
                    changed.add(new Changed(f.name(), f.lowBit(), f.width(), g.value(), f.value()));
                }
            }
        }
        return new Fields(changed, format.memoryType(format.leafTemplate(after, level, size), level));
    }
}
