package org.pt.engine.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.pt.engine.format.Configuration.Configured;
import org.pt.engine.format.Configuration.Parameter;
import org.pt.engine.format.Configuration.ParameterProblem;
import org.pt.engine.format.Configuration.Refused;
import org.pt.engine.format.FormatOptions.VaBits;

/** {@link Formats#configure}: the format a machine describes, or each parameter it refuses and why. */
class FormatsTest {

    private static PagingFormat configured(String name, FormatOptions options) {
        return assertInstanceOf(Configured.class, Formats.configure(name, options)).format();
    }

    private static List<ParameterProblem> refused(String name, FormatOptions options) {
        return assertInstanceOf(Refused.class, Formats.configure(name, options)).problems();
    }

    private static ParameterProblem problem(Parameter p, String reason) {
        return ParameterProblem.of(p, reason);
    }

    @Test
    void noOptionsGiveTheStandardFormat() {
        for (String name : Formats.names()) {
            PagingFormat f = configured(name, FormatOptions.NONE);
            PagingFormat standard = Formats.standard(name).orElseThrow();
            assertEquals(name, f.name());
            assertEquals(standard.physicalBits(), f.physicalBits());
            assertEquals(standard.features(), f.features());
        }
    }

    @Test
    void unknownFormatIsRefusedOnTheName() {
        assertEquals(List.of(problem(Parameter.FORMAT, "unknown format 'x86-64'")),
                refused("x86-64", FormatOptions.NONE));
    }

    @Test
    void optionsTheFormatAcceptsAreApplied() {
        FormatOptions o = FormatOptions.NONE.withPhysicalBits(40).withFeatures(List.of(Feature.PSE, Feature.PSE36,
                Feature.GLOBAL_PAGES));
        PagingFormat x86 = configured("x86-32", o);
        assertEquals(40, x86.physicalBits());
        assertEquals(EnumSet.of(Feature.PSE, Feature.PSE36, Feature.GLOBAL_PAGES), x86.features());

        AArch64Format arm = assertInstanceOf(AArch64Format.class, configured("aarch64-4k",
                FormatOptions.NONE.withVaBits(new VaBits(39, OptionalLong.of(48))).withFeatures(List.of(Feature.PAN))));
        assertEquals(39, arm.vaBits(0));
        assertEquals(48, arm.vaBits(1));
        assertEquals(EnumSet.of(Feature.PAN), arm.features());

        X86Format linux = assertInstanceOf(X86Format.class, configured("x86_64",
                FormatOptions.NONE.withPat(PatPreset.LINUX)));
        assertEquals(X86Format.LINUX_PAT, linux.pat());
    }

    @Test
    void physicalWidthIsRefusedWithTheFormatsReason() {
        assertEquals(List.of(problem(Parameter.PHYSICAL_BITS,
                "x86_64 supports 32 to 52 physical address bits, not 60")),
                refused("x86_64", FormatOptions.NONE.withPhysicalBits(60)));
        assertEquals(List.of(problem(Parameter.PHYSICAL_BITS, "a physical address has at most 64 bits, not "
                + "18446744073709551615")), refused("x86_64", FormatOptions.NONE.withPhysicalBits(-1)));
        assertEquals(List.of(problem(Parameter.PHYSICAL_BITS, "a 52-bit physical address size needs the 64 KiB "
                + "granule (FEAT_LPA); aarch64-4k supports up to 48 bits")),
                refused("aarch64-4k", FormatOptions.NONE.withPhysicalBits(52)));
    }

    @Test
    void aRefusedFeatureIsNamedByItsPosition() {
        assertEquals(List.of(new ParameterProblem(Parameter.FEATURE, 1, "feature NX does not apply to AArch64 "
                + "(supported: PAN)")), refused("aarch64-4k", FormatOptions.NONE.withFeatures(List.of(Feature.PAN,
                        Feature.NX))));
        assertEquals(List.of(new ParameterProblem(Parameter.FEATURE, 0, "pse36 needs pse: it widens the addresses of "
                + "4 MiB pages")), refused("x86-32", FormatOptions.NONE.withFeatures(List.of(Feature.PSE36))));
    }

    @Test
    void vaBitsAndPatApplyToTheirFamilyOnly() {
        assertEquals(List.of(problem(Parameter.VA_BITS, "'va bits' applies only to AArch64 formats, not x86_64")),
                refused("x86_64", FormatOptions.NONE.withVaBits(new VaBits(39, OptionalLong.empty()))));
        assertEquals(List.of(problem(Parameter.PAT, "'pat' applies only to x86 formats, not sv39")),
                refused("sv39", FormatOptions.NONE.withPat(PatPreset.LINUX)));
    }

    @Test
    void vaBitsAreRefusedOnTheHalfThatCannotHaveThem() {
        assertEquals(List.of(problem(Parameter.VA_BITS_HIGH, "the TTBR1_EL1 VA size must be 25 to 48 bits with the "
                + "4 KiB granule (T1SZ 16 to 39), not 52; VAs wider than 48 bits need the 64 KiB granule (FEAT_LVA)")),
                refused("aarch64-4k", FormatOptions.NONE.withVaBits(new VaBits(39, OptionalLong.of(52)))));
        // one width for both halves is blamed once, on the one number written
        assertEquals(List.of(problem(Parameter.VA_BITS_LOW, "the TTBR0_EL1 VA size must be 25 to 48 bits with the "
                + "4 KiB granule (T0SZ 16 to 39), not 64")),
                refused("aarch64-4k", FormatOptions.NONE.withVaBits(new VaBits(64, OptionalLong.empty()))));
    }

    /** Issue 12: 'va bits 4294967344' was reported as "... not 1000"; a width beyond 64 is said as written. */
    @Test
    void vaBitsBeyondSixtyFourAreRefusedWithTheNumberWritten() {
        assertEquals(List.of(problem(Parameter.VA_BITS_LOW, "a virtual address has at most 64 bits, not 5000")),
                refused("aarch64-4k", FormatOptions.NONE.withVaBits(new VaBits(5000, OptionalLong.empty()))));
        assertEquals(List.of(problem(Parameter.VA_BITS_LOW, "a virtual address has at most 64 bits, not 4294967344")),
                refused("aarch64-4k", FormatOptions.NONE.withVaBits(new VaBits(4294967344L, OptionalLong.of(39)))));
        assertEquals(List.of(problem(Parameter.VA_BITS_HIGH, "a virtual address has at most 64 bits, not "
                + "18446744073709551615")),
                refused("aarch64-4k", FormatOptions.NONE.withVaBits(new VaBits(39, OptionalLong.of(-1L)))));
        assertEquals(List.of(problem(Parameter.VA_BITS_LOW, "a virtual address has at most 64 bits, not 4294967344"),
                problem(Parameter.VA_BITS_HIGH, "a virtual address has at most 64 bits, not 9223372036854775808")),
                refused("aarch64-4k", FormatOptions.NONE.withVaBits(new VaBits(4294967344L,
                        OptionalLong.of(Long.MIN_VALUE)))));
    }

    @Test
    void independentProblemsAreAllReported() {
        FormatOptions o = FormatOptions.NONE.withPhysicalBits(60).withFeatures(List.of(Feature.NX, Feature.PAN))
                .withVaBits(new VaBits(39, OptionalLong.empty()));
        assertEquals(List.of(
                problem(Parameter.VA_BITS, "'va bits' applies only to AArch64 formats, not x86_64"),
                new ParameterProblem(Parameter.FEATURE, 1, "x86_64 has no feature pan (x86 features: nx, page_1g, "
                        + "pse, pse36, global_pages, smep, smap)"),
                problem(Parameter.PHYSICAL_BITS, "x86_64 supports 32 to 52 physical address bits, not 60")),
                refused("x86_64", o));
    }

    @Test
    void patPresetsAreNamedAsWritten() {
        assertEquals(Optional.of(PatPreset.POWER_ON), PatPreset.byKeyword("power-on"));
        assertEquals(Optional.of(PatPreset.LINUX), PatPreset.byKeyword("linux"));
        assertEquals(Optional.empty(), PatPreset.byKeyword("power_on"));
        assertSame(X86Format.POWER_ON_PAT, PatPreset.POWER_ON.entries());
    }
}
