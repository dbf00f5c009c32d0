package org.pt.engine.space;

import org.pt.engine.core.SizeUnit;

/**
 * Which page sizes a mapping may use: the largest that fits alignment and size (default), a cap such as
 * 2 MiB ({@code pages <= 2 MiB}), exactly one size ({@code pages = 2 MiB}: refused when it cannot be met), or only the
 * smallest page.
 */
public record PageSizePolicy(Kind kind, long cap) {
    public enum Kind {
        LARGEST, CAP, EXACT, SMALLEST
    }

    public static final PageSizePolicy LARGEST = new PageSizePolicy(Kind.LARGEST, -1L);
    public static final PageSizePolicy SMALLEST = new PageSizePolicy(Kind.SMALLEST, 0);

    public static PageSizePolicy cap(long maxPageSize) {
        return new PageSizePolicy(Kind.CAP, maxPageSize);
    }

    /** Pages of {@code pageSize} only, for the whole mapping. */
    public static PageSizePolicy exact(long pageSize) {
        return new PageSizePolicy(Kind.EXACT, pageSize);
    }

    /** The size every page must have ({@link Kind#EXACT}), or 0. */
    public long exactSize() {
        return kind == Kind.EXACT ? cap : 0;
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
            case EXACT:
                return "pages of " + SizeUnit.format(cap);
            default:
                return "pages up to " + SizeUnit.format(cap);
        }
    }
}
