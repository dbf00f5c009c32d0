package org.pt.engine.space;

import org.pt.engine.core.SizeUnit;

/**
 * Which page sizes a mapping may use: the largest that fits alignment and size (default), a cap such as
 * 2 MiB, or only the smallest page.
 */
public record PageSizePolicy(Kind kind, long cap) {
    public enum Kind {
        LARGEST, CAP, SMALLEST
    }

    public static final PageSizePolicy LARGEST = new PageSizePolicy(Kind.LARGEST, -1L);
    public static final PageSizePolicy SMALLEST = new PageSizePolicy(Kind.SMALLEST, 0);

    public static PageSizePolicy cap(long maxPageSize) {
        return new PageSizePolicy(Kind.CAP, maxPageSize);
    }

    /** The largest page size allowed, given the format's smallest page. */
    long maxSize(long smallestPage) {
        switch (kind) {
            case LARGEST:
                return -1L;
            case SMALLEST:
                return smallestPage;
            default:
                return cap;
        }
    }

    @Override
    public String toString() {
        switch (kind) {
            case LARGEST:
                return "largest pages";
            case SMALLEST:
                return "smallest pages only";
            default:
                return "pages up to " + SizeUnit.format(cap);
        }
    }
}
