package org.pt.engine.format;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a machine says about its format beyond the name; an empty option keeps the standard format's value. Numbers
 * are as written (unsigned 64-bit), so that {@link Formats#configure} can refuse any of them with the reason.
 *
 * @param physicalBits the physical address width
 * @param vaBits       AArch64 only: the VA width of each half
 * @param features     the features, replacing the standard set (in the order written, so that a refusal names the one)
 * @param pat          x86 only: the PAT the kernel programs
 */
public record FormatOptions(OptionalLong physicalBits, Optional<VaBits> vaBits, Optional<List<Feature>> features,
        Optional<PatPreset> pat) {

    /** The VA width of the lower half (TTBR0) and, when written apart, of the upper half (TTBR1). */
    public record VaBits(long low, OptionalLong high) {
        public long highOrLow() {
            return high.orElse(low);
        }
    }

    public static final FormatOptions NONE = new FormatOptions(OptionalLong.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());

    public FormatOptions {
        features = features.map(List::copyOf);
    }

    public FormatOptions withPhysicalBits(long bits) {
        return new FormatOptions(OptionalLong.of(bits), vaBits, features, pat);
    }

    public FormatOptions withVaBits(VaBits bits) {
        return new FormatOptions(physicalBits, Optional.of(bits), features, pat);
    }

    public FormatOptions withFeatures(List<Feature> list) {
        return new FormatOptions(physicalBits, vaBits, Optional.of(list), pat);
    }

    public FormatOptions withPat(PatPreset preset) {
        return new FormatOptions(physicalBits, vaBits, features, Optional.of(preset));
    }
}
