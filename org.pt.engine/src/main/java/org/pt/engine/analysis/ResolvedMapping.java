package org.pt.engine.analysis;

import java.util.Optional;
import org.pt.engine.core.AddressRange;
import org.pt.engine.format.Attributes;
import org.pt.engine.model.MapSource;
import org.pt.engine.space.PageSizePolicy;

/**
 * A map statement made concrete: one VA range onto one PA. A {@code map all ram} statement resolves to one of these
 * per RAM range, all with the statement's index.
 */
public record ResolvedMapping(int operation, AddressRange va, long pa, Attributes attributes, PageSizePolicy policy,
        boolean remap, MapSource source, Optional<String> region) {

    /** The physical range mapped. */
    public AddressRange physical() {
        return AddressRange.ofSize(pa, va.size());
    }
}
