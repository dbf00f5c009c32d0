package org.pt.engine.model;

import java.util.List;
import java.util.Optional;

/** Named regions of one virtual address space layout, for one machine. */
public record Layout(String name, Machine machine, List<Region> regions) {
    public Layout {
        regions = List.copyOf(regions);
    }

    public Optional<Region> region(String regionName) {
        return regions.stream().filter(r -> r.name().equals(regionName)).findFirst();
    }
}
