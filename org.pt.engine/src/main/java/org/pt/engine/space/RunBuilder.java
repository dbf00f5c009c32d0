package org.pt.engine.space;

import java.util.ArrayList;
import java.util.List;
import org.pt.engine.core.AddressRange;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.Permissions;

/**
 * Builds {@link Run}s in VA order: a page that continues the open run (next VA and PA, same page size, permissions
 * and attributes) extends it in place, so a space of 16 M pages does not allocate 16 M runs.
 */
public final class RunBuilder {
    private final List<Run> done = new ArrayList<>();
    private boolean open;
    private long start;
    private long last;
    private long pa;
    private long pageSize;
    private Permissions permissions;
    private Attributes attributes;

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

    /** Extends the open run to {@code vaLast}: the caller knows the next page continues it exactly. */
    public void extend(long vaLast) {
        last = vaLast;
    }

    public boolean isOpen() {
        return open;
    }

    /** Last VA of the open run. */
    public long lastVa() {
        return last;
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
