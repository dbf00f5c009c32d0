package org.pt.engine.properties;

import java.util.TreeMap;
import org.pt.engine.core.Unsigned;
import org.pt.engine.format.EntryKind;
import org.pt.engine.format.Geometry;
import org.pt.engine.format.Half;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.memory.PhysicalMemory;
import org.pt.engine.space.AddressSpace;

/**
 * The tables of a space with every table named by its depth and the VA it covers instead of its physical
 * address: equal for two spaces exactly when they hold the same entries, wherever the allocator put the tables.
 */
final class CanonicalTables {
    private CanonicalTables() {
    }

    static TreeMap<String, String> of(AddressSpace s) {
        TreeMap<String, String> out = new TreeMap<>();
        PagingFormat f = s.simulation().format();
        for (Half h : f.halves()) {
            dump(f, s.simulation().memory(), h.geometry(), 0, s.root(h.index()), h.index() + ":root", 0, out);
        }
        return out;
    }

    private static void dump(PagingFormat f, PhysicalMemory m, Geometry g, int d, long table, String name, long va,
            TreeMap<String, String> out) {
        Geometry.Level l = g.level(d);
        for (int i = 0; i < l.entries(); i++) {
            long e = m.read(table + (long) i * f.entryBytes());
            EntryKind k = f.kind(e, l.archLevel());
            if (k == EntryKind.INVALID) {
                continue;
            }
            String key = name + "[" + i + "]";
            if (k == EntryKind.TABLE) {
                long child = f.address(e, l.archLevel());
                String childName = d + 1 + "@" + Unsigned.hex(va + i * l.entrySize());
                out.put(key, e == f.tableEntry(child, l.archLevel()) ? "table " + childName : "odd table " + Unsigned.rawHex(e));
                dump(f, m, g, d + 1, child, childName, va + i * l.entrySize(), out);
            } else {
                out.put(key, Unsigned.rawHex(e));
            }
        }
    }
}
