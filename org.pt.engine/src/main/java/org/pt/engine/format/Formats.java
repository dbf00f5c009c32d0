package org.pt.engine.format;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.pt.engine.format.Configuration.Configured;
import org.pt.engine.format.Configuration.Parameter;
import org.pt.engine.format.Configuration.ParameterProblem;
import org.pt.engine.format.Configuration.Refused;

/**
 * The standard paging formats by name, each with the defaults a typical machine has (NX, global pages, 1 GiB
 * pages where they exist), and {@link #configure} for a machine that differs.
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

    /**
     * The standard format {@code name} changed by {@code options}, or every parameter it refuses. Each parameter is
     * tried on its own, the others at their standard values (a refused one goes back to its standard value), so that
     * a refusal names the parameter that causes it and independent problems are all reported; the combination that
     * remains is refused as a whole ({@link Parameter#FORMAT}) only when no single parameter is to blame.
     */
    public static Configuration configure(String name, FormatOptions options) {
        ConfigurationKey key = new ConfigurationKey(name, options);
        synchronized (CONFIGURED) {
            Configuration known = CONFIGURED.get(key);
            if (known != null) {
                return known;
            }
        }
        Configuration c = configureAnew(name, options);
        synchronized (CONFIGURED) {
            return CONFIGURED.computeIfAbsent(key, k -> c);
        }
    }

    private record ConfigurationKey(String name, FormatOptions options) {
    }

    /**
     * The last configurations made, so that one name and options give one format instance: a format has no value
     * equality of its own (it is compared by identity), and the machines of two translations of one text are equal
     * only if their formats are the same ({@code AnalysisMemo} finds tables built by an earlier analysis by equal
     * models).
     */
    private static final Map<ConfigurationKey, Configuration> CONFIGURED = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ConfigurationKey, Configuration> eldest) {
            return size() > 64;
        }
    };

    private static Configuration configureAnew(String name, FormatOptions options) {
        Optional<PagingFormat> standard = standard(name);
        if (standard.isEmpty()) {
            return new Refused(List.of(ParameterProblem.of(Parameter.FORMAT, "unknown format '" + name + "'")));
        }
        return new Configurer(standard.get(), options).run();
    }

    /** One {@link #configure}: the candidate values, and the problems found so far. */
    private static final class Configurer {
        private final PagingFormat base;
        private final FormatOptions options;
        private final List<ParameterProblem> problems = new ArrayList<>();
        private Set<Feature> features;
        private int pa;
        private int va0;
        private int va1;
        private List<X86Format.PatType> pat;

        Configurer(PagingFormat base, FormatOptions options) {
            this.base = base;
            this.options = options;
            this.features = options.features().<Set<Feature>>map(Formats::setOf).orElse(base.features());
            this.pa = base.physicalBits();
            this.va0 = defaultVa(0);
            this.va1 = defaultVa(1);
            this.pat = base instanceof X86Format x ? x.pat() : null;
        }

        Configuration run() {
            options.physicalBits().ifPresent(bits -> {
                if (Long.compareUnsigned(bits, 64) > 0) {
                    problem(Parameter.PHYSICAL_BITS, "a physical address has at most 64 bits, not "
                            + Long.toUnsignedString(bits));
                } else {
                    pa = (int) bits;
                }
            });
            options.vaBits().ifPresent(v -> {
                if (base instanceof AArch64Format) {
                    boolean low = fitsAddress(v.low(), Parameter.VA_BITS_LOW);
                    va0 = low ? (int) v.low() : va0;
                    if (v.high().isPresent()) {
                        va1 = fitsAddress(v.high().getAsLong(), Parameter.VA_BITS_HIGH) ? (int) v.high().getAsLong()
                                : va1;
                    } else {
                        va1 = low ? (int) v.low() : va1; // one width for both halves is blamed once
                    }
                } else {
                    problem(Parameter.VA_BITS, "'va bits' applies only to AArch64 formats, not " + base.name());
                }
            });
            options.pat().ifPresent(p -> {
                if (base instanceof X86Format) {
                    pat = p.entries();
                } else {
                    problem(Parameter.PAT, "'pat' applies only to x86 formats, not " + base.name());
                }
            });
            if (features.equals(base.features()) && pa == base.physicalBits() && va0 == defaultVa(0)
                    && va1 == defaultVa(1) && (!(base instanceof X86Format x) || x.pat().equals(pat))) {
                return problems.isEmpty() ? new Configured(base) : new Refused(problems);
            }
            stageFeatures();
            stagePhysicalBits();
            stageVaBits();
            if (!problems.isEmpty()) {
                return new Refused(problems);
            }
            try {
                return new Configured(build(pa, features, va0, va1));
            } catch (IllegalArgumentException e) {
                return new Refused(List.of(ParameterProblem.of(Parameter.FORMAT, e.getMessage())));
            }
        }

        /** The features with everything else standard; the culprit is the first feature refused on its own. */
        private void stageFeatures() {
            if (options.features().isEmpty()) {
                return;
            }
            Optional<String> why = refusal(base.physicalBits(), features, defaultVa(0), defaultVa(1));
            if (why.isEmpty()) {
                return;
            }
            List<Feature> listed = options.features().get();
            int culprit = -1;
            for (int i = 0; i < listed.size() && culprit < 0; i++) {
                if (refusal(base.physicalBits(), Set.of(listed.get(i)), defaultVa(0), defaultVa(1)).isPresent()) {
                    culprit = i;
                }
            }
            problems.add(culprit < 0 ? ParameterProblem.of(Parameter.FEATURES, why.get())
                    : new ParameterProblem(Parameter.FEATURE, culprit, why.get()));
            features = base.features();
        }

        private void stagePhysicalBits() {
            if (options.physicalBits().isEmpty() || pa == base.physicalBits()) {
                return;
            }
            Optional<String> why = refusal(pa, features, defaultVa(0), defaultVa(1));
            if (why.isPresent()) {
                problem(Parameter.PHYSICAL_BITS, why.get());
                pa = base.physicalBits();
            }
        }

        /** Each half with the other standard; one width written for both is blamed once. */
        private void stageVaBits() {
            if (options.vaBits().isEmpty() || !(base instanceof AArch64Format)) {
                return;
            }
            boolean two = options.vaBits().get().high().isPresent();
            Optional<String> low = refusal(pa, features, va0, defaultVa(1));
            Optional<String> high = refusal(pa, features, defaultVa(0), va1);
            low.ifPresent(why -> problem(Parameter.VA_BITS_LOW, why));
            if (high.isPresent() && (two || low.isEmpty())) {
                problem(two ? Parameter.VA_BITS_HIGH : Parameter.VA_BITS_LOW, high.get());
            }
        }

        private void problem(Parameter p, String reason) {
            problems.add(ParameterProblem.of(p, reason));
        }

        private int defaultVa(int half) {
            return base instanceof AArch64Format a ? a.vaBits(half) : 0;
        }

        /**
         * Whether a VA width as written is at most 64 bits (the format judges it then); else the problem says so with
         * the number written, which no int holds.
         */
        private boolean fitsAddress(long bits, Parameter p) {
            if (Long.compareUnsigned(bits, 64) > 0) {
                problem(p, "a virtual address has at most 64 bits, not " + Long.toUnsignedString(bits));
                return false;
            }
            return true;
        }

        private Optional<String> refusal(int paBits, Set<Feature> fs, int vaBits0, int vaBits1) {
            try {
                build(paBits, fs, vaBits0, vaBits1);
                return Optional.empty();
            } catch (IllegalArgumentException e) {
                return Optional.of(e.getMessage());
            }
        }

        /** The family's factory, with the base's fixed parameters (mode, granule, MAIR). */
        private PagingFormat build(int paBits, Set<Feature> fs, int vaBits0, int vaBits1) {
            return switch (base) {
                case X86Format x -> X86Format.of(x.mode(), paBits, fs, pat);
                case AArch64Format a -> AArch64Format.of(a.granule(), vaBits0, vaBits1, paBits, fs, a.mair());
                case RiscVFormat r -> RiscVFormat.of(r.mode(), paBits, fs);
                case ArmV7ShortFormat a -> ArmV7ShortFormat.of(paBits, fs);
                default -> throw new IllegalArgumentException("no factory for format " + base.name());
            };
        }
    }

    private static Set<Feature> setOf(List<Feature> list) {
        return list.isEmpty() ? EnumSet.noneOf(Feature.class) : EnumSet.copyOf(list);
    }
}
