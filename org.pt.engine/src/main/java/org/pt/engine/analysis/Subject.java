package org.pt.engine.analysis;

/**
 * What a finding is about, in terms of the written spec, so that a front end can put it on the exact token. A finding
 * names one or more subjects; the first is where it is reported.
 */
public sealed interface Subject {

    /** The machine itself (its format, width or CPU count). */
    record MachineRef(String machine) implements Subject {
    }

    /** Entry {@code index} of a machine's physical memory map. */
    record PhysicalRef(String machine, int index) implements Subject {
    }

    /** The frame budget of a machine. */
    record BudgetRef(String machine) implements Subject {
    }

    /** Table pool {@code index} of a machine. */
    record PoolRef(String machine, int index) implements Subject {
    }

    /** A region of a layout. */
    record RegionRef(String layout, String region) implements Subject {
    }

    /**
     * The physical base of a region ({@code from physical BASE}); a front end places a finding about a base the
     * region does not write on the finding's next subject.
     */
    record RegionBaseRef(String layout, String region) implements Subject {
    }

    /** Statement {@code index} (an operation) of a space. */
    record OperationRef(String space, int index) implements Subject {
    }

    /** The strategy statement of a space. */
    record StrategyRef(String space) implements Subject {
    }

    /** The sharing statement of a space. */
    record ShareRef(String space) implements Subject {
    }

    /** The root-placement statement ({@code root at PA}) of a space. */
    record RootRef(String space) implements Subject {
    }

    /** Query {@code index} of a space. */
    record QueryRef(String space, int index) implements Subject {
    }

    /** A space as a whole. */
    record SpaceRef(String space) implements Subject {
    }

    /**
     * Output {@code index} (a {@code generate} directive): the directive as a whole, its {@code at physical} address,
     * or its {@code space}-th space.
     */
    record OutputRef(int index, Part part, int space) implements Subject {
        public enum Part {
            DIRECTIVE, ADDRESS, SPACE
        }

        public static OutputRef directive(int index) {
            return new OutputRef(index, Part.DIRECTIVE, -1);
        }

        public static OutputRef address(int index) {
            return new OutputRef(index, Part.ADDRESS, -1);
        }

        public static OutputRef space(int index, int space) {
            return new OutputRef(index, Part.SPACE, space);
        }
    }
}
