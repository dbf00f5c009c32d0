package org.pt.engine.space;

import java.util.ArrayList;
import java.util.List;
import org.pt.engine.core.AddressRange;
import org.pt.engine.core.Unsigned;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.Half;
import org.pt.engine.format.Permissions;
import org.pt.engine.walk.Translation;

/**
 * Builds {@link Run}s in VA order: a page that continues the open run (next VA and PA, same page size, permissions
 * and attributes) extends it in place, so a space of 16 M pages does not allocate 16 M runs.
 *
 * <p>Built for a space ({@link #RunBuilder(AddressSpace, AddressRange)}), it is the {@link TableTree.Visitor} that
 * lists the space's runs: one walk per leaf group gives the effective permissions and attributes of the whole group
 * (its entries share their flags and every table above them), clipped to the range asked for.
 */
public final class RunBuilder implements TableTree.Visitor {
    private final List<Run> done = new ArrayList<>();
    private final AddressSpace space;
    private final long clipStart;
    private final long clipLast;
    private boolean open;
    private long start;
    private long last;
    private long pa;
    private long pageSize;
    private Permissions permissions;
    private Attributes attributes;

    /** An accumulator of runs the caller adds. */
    public RunBuilder() {
        this.space = null;
        this.clipStart = 0;
        this.clipLast = -1L;
    }

    /** The visitor listing the runs of {@code space} inside {@code clip}. */
    public RunBuilder(AddressSpace space, AddressRange clip) {
        this.space = space;
        this.clipStart = clip.start();
        this.clipLast = clip.last();
    }

    @Override
    public void leaves(Half half, int depth, long table, int index, int count, long raw, long increment, long va,
            long size) {
        long eSize = half.geometry().level(depth).entrySize();
        long groupLast = size > eSize ? (va & -size) + (size - 1) : va + ((long) count * eSize - 1);
        if (open && Long.compareUnsigned(last, groupLast) >= 0) {
            return; // the rest of a spanning leaf whose first entry already extended the run to its end
        }
        long first = Unsigned.max(va, clipStart);
        Translation t = space.simulation().format().walk(space.simulation().memory(), space.root(half.index()), half,
                first, null, null);
        if (t instanceof Translation.Mapped m) {
            add(first, Unsigned.min(groupLast, clipLast), m.pa(), size, m.permissions(), m.attributes());
        } else {
            flush();
        }
    }

    /** Adds the pages [va, vaLast] mapped from {@code pa0}; merges with the open run when they continue it. */
    public void add(long va, long vaLast, long pa0, long size, Permissions p, Attributes a) {
        if (open && last + 1 == va && pa + (last - start + 1) == pa0 && pageSize == size && permissions.equals(p)
                && attributes.equals(a)) {
            last = vaLast;
            return;
        }
        flush();
        open = true;
        start = va;
        last = vaLast;
        pa = pa0;
        pageSize = size;
        permissions = p;
        attributes = a;
    }

    /** Closes the open run (a gap or an unmapped page follows). */
    public void flush() {
        if (open) {
            done.add(new Run(AddressRange.inclusive(start, last), pa, pageSize, permissions, attributes));
            open = false;
        }
    }

    public List<Run> finish() {
        flush();
        return List.copyOf(done);
    }
}
