package org.pt.engine.image;

import org.pt.engine.core.AddressRange;

/**
 * Why no table image could be made of the spaces an output names. Closed; {@code Messages.of} renders each.
 */
public sealed interface ImageRefusal {

    /** The output names {@code space} of machine {@code machine} with spaces of machine {@code first}. */
    record OtherMachine(String space, String machine, String first) implements ImageRefusal {
    }

    /** {@code at physical} is not aligned to the largest table alignment of the image. */
    record Misaligned(long base, long alignment) implements ImageRefusal {
    }

    /** The image placed at {@code base} would run past 2^64 or past the machine's physical width. */
    record BeyondPhysical(long base, long size, int physicalBits) implements ImageRefusal {
    }

    /**
     * A table placed at {@code pa} could not be pointed at: the entry or root register that points at a table of
     * {@code level} holds {@code bits} address bits (PAE's CR3, ARMv7's TTBR and L1 descriptors hold 32).
     */
    record BeyondTableReach(long pa, String level, int bits) implements ImageRefusal {
    }

    /** Part of the image's target range is not RAM of the machine: {@code part}, which is {@code what}. */
    record NotInRam(AddressRange image, AddressRange part, String what) implements ImageRefusal {
    }

    /**
     * After relocation, {@code space}'s strategy no longer reaches its table at {@code tablePa}: the strategy reads it
     * at {@code va} (-1: it has no VA for it), where the space's walk {@code finds}.
     */
    record Unreached(String space, String strategy, long tablePa, long va, String finds) implements ImageRefusal {
    }
}
