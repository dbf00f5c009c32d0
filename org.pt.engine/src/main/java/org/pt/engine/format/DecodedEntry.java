package org.pt.engine.format;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.StringJoiner;
import org.pt.engine.core.Unsigned;

/**
 * An entry with every architectural field named, for display: {@code P=1 RW=1 US=0 ... addr=0x20_0000}.
 *
 * @param kind       how the hardware reads it
 * @param address    the next table or the page/block base; empty when the entry is invalid
 * @param fields     named fields in bit order, high bits first as the manuals draw them
 * @param memoryType for a leaf, the memory type its attribute fields select; empty for a table or invalid entry
 */
public record DecodedEntry(long raw, EntryKind kind, OptionalLong address, List<Field> fields,
        Optional<MemoryType> memoryType) {

    /** A named field: {@code XD} at bit 63 of width 1, {@code AttrIndx} at bits 4:2. */
    public record Field(String name, int lowBit, int width, long value) {
        @Override
        public String toString() {
            return name + "=" + (width == 1 || value < 10 ? Long.toString(value) : Unsigned.rawHex(value));
        }
    }

    /** {@code fields} of {@code entry} at {@code archLevel} with the kind, address and memory type {@code f} reads. */
    static DecodedEntry of(PagingFormat f, long entry, int archLevel, List<Field> fields) {
        EntryKind k = f.kind(entry, archLevel);
        return new DecodedEntry(entry, k, k == EntryKind.INVALID ? OptionalLong.empty()
                : OptionalLong.of(f.address(entry, archLevel)), List.copyOf(fields),
                k == EntryKind.LEAF ? Optional.of(f.memoryType(entry, archLevel)) : Optional.empty());
    }

    public long field(String name) {
        for (Field f : fields) {
            if (f.name().equals(name)) {
                return f.value();
            }
        }
        throw new IllegalArgumentException("no field " + name);
    }

    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(" ");
        j.add(Unsigned.rawHex(raw));
        j.add(kind.name().toLowerCase(java.util.Locale.ROOT));
        address.ifPresent(a -> j.add("addr=" + Unsigned.hex(a)));
        for (Field f : fields) {
            j.add(f.toString());
        }
        memoryType.ifPresent(m -> j.add("memory " + m));
        return j.toString();
    }
}
