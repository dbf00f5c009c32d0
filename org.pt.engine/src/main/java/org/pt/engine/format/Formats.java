package org.pt.engine.format;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The standard paging formats by name, each with the defaults a typical machine has (NX, global pages, 1 GiB
 * pages where they exist). Machines that differ build their format with the family's {@code of(...)} factory.
 */
public final class Formats {
    private static final Map<String, Supplier<PagingFormat>> STANDARD = new LinkedHashMap<>();

    static {
        STANDARD.put("x86-32", () -> X86Format.of(X86Format.Mode.LEGACY_32, 32,
                EnumSet.of(Feature.PSE, Feature.GLOBAL_PAGES), X86Format.POWER_ON_PAT));
        STANDARD.put("x86-pae", () -> X86Format.of(X86Format.Mode.PAE, 36,
                EnumSet.of(Feature.NX, Feature.GLOBAL_PAGES), X86Format.POWER_ON_PAT));
        STANDARD.put("x86_64", X86Format::x86_64);
        STANDARD.put("x86_64-la57", () -> X86Format.of(X86Format.Mode.LONG_5, 52,
                EnumSet.of(Feature.NX, Feature.PAGE_1G, Feature.GLOBAL_PAGES), X86Format.POWER_ON_PAT));
        STANDARD.put("aarch64-4k", AArch64Format::linux4k48);
        STANDARD.put("aarch64-16k", () -> AArch64Format.of(AArch64Format.Granule.G16K, 48, 48, 48,
                EnumSet.noneOf(Feature.class), AArch64Format.DEFAULT_MAIR));
        STANDARD.put("aarch64-64k", AArch64Format::linux64k52);
        STANDARD.put("armv7", ArmV7ShortFormat::standard);
        STANDARD.put("sv32", RiscVFormat::sv32);
        STANDARD.put("sv39", RiscVFormat::sv39);
        STANDARD.put("sv48", RiscVFormat::sv48);
        STANDARD.put("sv57", RiscVFormat::sv57);
    }

    private Formats() {
    }

    /** Names of every standard format, in a stable order. */
    public static List<String> names() {
        return new ArrayList<>(STANDARD.keySet());
    }

    public static Optional<PagingFormat> standard(String name) {
        Supplier<PagingFormat> s = STANDARD.get(name);
        return s == null ? Optional.empty() : Optional.of(s.get());
    }

    /** One instance of every standard format. */
    public static List<PagingFormat> all() {
        List<PagingFormat> out = new ArrayList<>();
        STANDARD.values().forEach(s -> out.add(s.get()));
        return out;
    }
}
