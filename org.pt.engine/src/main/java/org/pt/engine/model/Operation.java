package org.pt.engine.model;

import java.util.Optional;
import org.pt.engine.core.AddressRange;
import org.pt.engine.format.Attributes;
import org.pt.engine.space.PageSizePolicy;

/**
 * One statement of a space, in order. {@code index} is its position among the space's statements: findings about
 * it name the space and the index, so the language can put them on the statement.
 */
public sealed interface Operation {
    int index();

    /**
     * Map a virtual range. The range is either given ({@code va}) or, for {@code into region}, taken from the region:
     * {@code region} names it and {@code va} is empty (all RAM) or the region's range.
     */
    record Map(int index, Optional<AddressRange> va, Optional<String> region, MapSource source, Attributes attributes,
            PageSizePolicy policy, boolean remap) implements Operation {
    }

    record Unmap(int index, AddressRange va) implements Operation {
    }

    record Protect(int index, AddressRange va, Attributes attributes) implements Operation {
    }

    /**
     * Compact the whole space: every table whose entries are uniform, contiguous leaves becomes one leaf of its parent
     * entry, and runs of entries that form a multi-entry leaf (ARMv7 supersection, large page) become that leaf.
     */
    record Compact(int index) implements Operation {
    }
}
