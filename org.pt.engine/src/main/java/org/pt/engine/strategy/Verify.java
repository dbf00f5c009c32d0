package org.pt.engine.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pt.engine.format.Geometry;
import org.pt.engine.format.Half;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.space.AddressSpace;

/**
 * Verification every strategy shares: the MMU's walk in the space, as a kernel write (the kernel reads entries to edit
 * them), must land on each table where the strategy says it reads it.
 */
final class Verify {
    private Verify() {
    }

    /** Where the strategy reads the table at {@code pa}; a miss, or null when it lands. */
    static Miss.Table table(AddressSpace space, long pa, Location loc) {
        if (loc instanceof Location.At at) {
            SoftwareWalk.Landing l = SoftwareWalk.land(space, at.va(), pa);
            return l.ok() ? null : new Miss.Table(pa, levelName(space, pa), loc, Optional.of(l));
        }
        return new Miss.Table(pa, levelName(space, pa), loc, Optional.empty());
    }

    /** Direct map, identity, table map: every table of the space at the VA its PA gives, in address order. */
    static List<Miss> byPa(AddressSpace space, TableAccess access) {
        Half h0 = space.simulation().format().halves().get(0);
        List<Long> tables = new ArrayList<>(space.simulation().tablesOf(space));
        tables.sort(Long::compareUnsigned);
        List<Miss> out = new ArrayList<>();
        for (long t : tables) {
            Miss m = table(space, t, access.locate(space, space, h0, 0, 0, t));
            if (m != null) {
                out.add(m);
            }
        }
        return out;
    }

    /** {@code PT}: the name of the level a table at {@code pa} serves. */
    static String levelName(AddressSpace space, long pa) {
        PagingFormat f = space.simulation().format();
        int arch = space.simulation().memory().table(pa).archLevel();
        for (Half h : f.halves()) {
            for (Geometry.Level l : h.geometry().levels()) {
                if (l.archLevel() == arch) {
                    return l.name();
                }
            }
        }
        return "level " + arch;
    }
}
