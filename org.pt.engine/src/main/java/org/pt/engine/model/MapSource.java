package org.pt.engine.model;

/** Where a mapping's physical addresses come from. */
public sealed interface MapSource {
    /** An explicit physical address. */
    record Physical(long pa) implements MapSource {
    }

    /** VA equals PA. */
    record Identity() implements MapSource {
    }

    /** Every RAM range of the machine, at VA = region start + PA (a direct map). */
    record AllRam() implements MapSource {
    }
}
