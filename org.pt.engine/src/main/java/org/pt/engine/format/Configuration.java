package org.pt.engine.format;

import java.util.List;

/** What {@link Formats#configure} makes of a format name and its options: the format, or why not. */
public sealed interface Configuration {

    /** The format, the standard one when the options change nothing. */
    record Configured(PagingFormat format) implements Configuration {
    }

    /** Every parameter the format refuses, each with the reason (never empty). */
    record Refused(List<ParameterProblem> problems) implements Configuration {
        public Refused {
            problems = List.copyOf(problems);
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("a refusal needs a reason");
            }
        }
    }

    /** The parameter of {@link FormatOptions} (or the name) that a problem is about. */
    enum Parameter {
        /** The format name, or the combination as a whole when no single parameter is to blame. */
        FORMAT,
        PHYSICAL_BITS,
        /** The {@code va bits} option as a whole: the format has no such parameter. */
        VA_BITS,
        /** The VA width of the lower half, or of both when one width is given. */
        VA_BITS_LOW,
        VA_BITS_HIGH,
        /** The feature list as a whole: no single feature is refused on its own. */
        FEATURES,
        /** One feature: {@link ParameterProblem#index()} is its position in the list. */
        FEATURE,
        PAT
    }

    /** Why the format refuses {@code parameter}; {@code index} is the feature's position, else -1. */
    record ParameterProblem(Parameter parameter, int index, String reason) {
        public static ParameterProblem of(Parameter parameter, String reason) {
            return new ParameterProblem(parameter, -1, reason);
        }
    }
}
