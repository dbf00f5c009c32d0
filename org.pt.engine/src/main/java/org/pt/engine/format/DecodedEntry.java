package org.pt.engine.format;

import java.util.List;
import java.util.StringJoiner;
import org.pt.engine.core.Unsigned;

/**
 * An entry with every architectural field named, for display: {@code P=1 RW=1 US=0 ... addr=0x20_0000}.
 *
 * @param kind    how the hardware reads it
 * @param address the next table or the page/block base, or -1 when the entry is invalid
 * @param fields  named fields in bit order, high bits first as the manuals draw them
 */
public record DecodedEntry(long raw, EntryKind kind, long address, List<Field> fields) {

    /** A named field: {@code XD} at bit 63 of width 1, {@code AttrIndx} at bits 4:2. */
    public record Field(String name, int lowBit, int width, long value) {
        @Override
        public String toString() {
            return name + "=" + (width == 1 || value < 10 ? Long.toString(value) : Unsigned.rawHex(value));
        }
    }

    public long field(String name) {
        for (Field f : fields) {
            if (f.name().equals(name)) {
                return f.value();
            }
        }
        throw new IllegalArgumentException("no field " + name);
    }

    public boolean hasField(String name) {
        return fields.stream().anyMatch(f -> f.name().equals(name));
    }

    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(" ");
        j.add(Unsigned.rawHex(raw));
        j.add(kind.name().toLowerCase(java.util.Locale.ROOT));
        if (address != -1) {
            j.add("addr=" + Unsigned.hex(address));
        }
        for (Field f : fields) {
            j.add(f.toString());
        }
        return j.toString();
    }
}
