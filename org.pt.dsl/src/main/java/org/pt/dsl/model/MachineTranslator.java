package org.pt.dsl.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.pt.dsl.pt.Budget;
import org.pt.dsl.pt.Cpus;
import org.pt.dsl.pt.Features;
import org.pt.dsl.pt.FormatDecl;
import org.pt.dsl.pt.MachineProperty;
import org.pt.dsl.pt.Memory;
import org.pt.dsl.pt.MemoryTypes;
import org.pt.dsl.pt.PhysicalBits;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.pt.TablePool;
import org.pt.dsl.pt.VaBits;
import org.pt.dsl.validation.IssueCodes;
import org.pt.engine.analysis.Subject;
import org.pt.engine.core.AddressRange;
import org.pt.engine.format.Configuration;
import org.pt.engine.format.Configuration.ParameterProblem;
import org.pt.engine.format.Feature;
import org.pt.engine.format.FormatOptions;
import org.pt.engine.format.Formats;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.format.PatPreset;
import org.pt.engine.model.Machine;
import org.pt.engine.model.PhysicalKind;
import org.pt.engine.model.PhysicalRegion;

/**
 * A machine: its format, as {@link Formats#configure} makes it from the name and the parameters written (a refused
 * parameter is reported on its token), its memory map and table pools. Without {@code budget}, the frame budget is
 * {@link Machine#defaultFrameBudget}; without {@code cpus}, one CPU. A machine whose properties are malformed (the machine validator
 * reports them) is left out.
 */
final class MachineTranslator {
    private static final PtPackage PT = PtPackage.eINSTANCE;

    private final Context cx;

    MachineTranslator(Context cx) {
        this.cx = cx;
    }

    Optional<Machine> translate(org.pt.dsl.pt.Machine m) {
        String name = cx.elements.name(m);
        cx.trace.put(new Subject.MachineRef(name), Located.at(m, PT.getMachine_Name()));
        List<PhysicalRegion> memory = new ArrayList<>();
        List<AddressRange> pools = new ArrayList<>();
        int memoryIndex = 0;
        int poolIndex = 0;
        for (MachineProperty p : m.getProperties()) {
            if (p instanceof Memory mem) {
                int index = memoryIndex++;
                cx.trace.put(new Subject.PhysicalRef(name, index), Located.at(mem, PT.getMemory_Range()));
                Optional<AddressRange> range = mem.getRange() == null ? Optional.empty()
                        : cx.numbers.range(mem.getRange());
                if (range.isPresent()) {
                    PhysicalKind kind = PhysicalKind.valueOf(mem.getKind().getName().toUpperCase(Locale.ROOT));
                    memory.add(new PhysicalRegion(index, kind, range.get(), mem.getLabel() == null ? ""
                            : mem.getLabel()));
                }
            } else if (p instanceof TablePool pool) {
                int index = poolIndex++;
                cx.trace.put(new Subject.PoolRef(name, index), Located.at(pool, PT.getTablePool_Range()));
                if (pool.getRange() != null) {
                    cx.numbers.range(pool.getRange()).ifPresent(pools::add);
                }
            }
        }
        FormatDecl format = first(m, FormatDecl.class);
        Optional<PagingFormat> f = format == null ? Optional.empty() : format(format, first(m, PhysicalBits.class),
                first(m, VaBits.class), first(m, Features.class), first(m, MemoryTypes.class));
        Cpus cpus = first(m, Cpus.class);
        long cpuCount = cpus == null ? 1 : cpus.getCount();
        if (format == null || cpuCount < 1 || cpuCount > Integer.MAX_VALUE) {
            cx.problems.breakSilently(m); // the machine validator reports it
        }
        if (f.isEmpty() || cx.brokenness.broken(m)) {
            return Optional.empty();
        }
        Budget budget = first(m, Budget.class);
        if (budget != null) {
            cx.trace.put(new Subject.BudgetRef(name), Located.at(budget, PT.getBudget_Frames()));
        }
        long frames = budget != null ? budget.getFrames() : Machine.defaultFrameBudget(pools, f.get().frameShift());
        return Optional.of(new Machine(name, f.get(), (int) cpuCount, memory, pools, frames));
    }

    /** The first property of {@code type}; a second one (reported by the machine validator) breaks the machine. */
    private <T extends MachineProperty> T first(org.pt.dsl.pt.Machine m, Class<T> type) {
        List<T> all = m.getProperties().stream().filter(type::isInstance).map(type::cast).toList();
        if (all.size() > 1) {
            cx.problems.breakSilently(m);
        }
        return all.isEmpty() ? null : all.get(0);
    }

    /** The format: unknown words are reported here, the format's refusals where {@link Formats#configure} puts them. */
    private Optional<PagingFormat> format(FormatDecl decl, PhysicalBits bits, VaBits va, Features written,
            MemoryTypes patDecl) {
        Vocabulary.Resolved<String> name = Vocabulary.format(decl.getName() == null ? "" : decl.getName());
        if (name.value().isEmpty()) {
            cx.problems.error(Located.at(decl, PT.getFormatDecl_Name()), IssueCodes.UNKNOWN_FORMAT, name.message(),
                    name.data());
            return Optional.empty();
        }
        boolean ok = true;
        FormatOptions options = FormatOptions.NONE;
        List<Integer> writtenIndex = new ArrayList<>(); // of each feature passed, its position as written
        if (written != null) {
            List<Feature> features = new ArrayList<>();
            for (int i = 0; i < written.getNames().size(); i++) {
                if (written.getNames().get(i) == null) { // 'features' with no word yet: the syntax error says so
                    ok = false;
                    continue;
                }
                Vocabulary.Resolved<Feature> f = Vocabulary.feature(written.getNames().get(i));
                if (f.value().isEmpty()) {
                    cx.problems.error(new Located(written, PT.getFeatures_Names(), i), IssueCodes.UNKNOWN_FEATURE,
                            f.message(), f.data());
                    ok = false;
                } else {
                    features.add(f.value().get());
                    writtenIndex.add(i);
                }
            }
            options = options.withFeatures(features);
        }
        if (bits != null) {
            options = options.withPhysicalBits(bits.getBits());
        }
        if (va != null) {
            options = options.withVaBits(new FormatOptions.VaBits(va.getLow(), Numbers.isSet(va, PT.getVaBits_High())
                    ? OptionalLong.of(va.getHigh()) : OptionalLong.empty()));
        }
        Vocabulary.Resolved<PatPreset> preset = null;
        if (patDecl != null) {
            preset = Vocabulary.pat(patDecl.getPreset() == null ? "" : patDecl.getPreset());
            // an unknown preset is passed as the standard one, so that a format without a PAT says so first
            options = options.withPat(preset.value().orElse(PatPreset.POWER_ON));
        }
        Configuration c = Formats.configure(name.value().get(), options);
        boolean patRefused = false;
        if (c instanceof Configuration.Refused refused) {
            for (ParameterProblem p : refused.problems()) {
                Located at = switch (p.parameter()) {
                    case FORMAT -> Located.at(decl, PT.getFormatDecl_Name());
                    case PHYSICAL_BITS -> Located.at(bits, PT.getPhysicalBits_Bits());
                    case VA_BITS -> Located.whole(va);
                    case VA_BITS_LOW -> Located.at(va, PT.getVaBits_Low());
                    case VA_BITS_HIGH -> Located.at(va, PT.getVaBits_High());
                    case FEATURES -> Located.whole(written);
                    case FEATURE -> new Located(written, PT.getFeatures_Names(), writtenIndex.get(p.index()));
                    case PAT -> Located.at(patDecl, PT.getMemoryTypes_Preset());
                };
                patRefused |= p.parameter() == Configuration.Parameter.PAT;
                cx.problems.error(at, IssueCodes.FORMAT_PARAMETER, p.reason());
            }
        }
        if (preset != null && preset.value().isEmpty() && !patRefused) {
            cx.problems.error(Located.at(patDecl, PT.getMemoryTypes_Preset()), IssueCodes.UNKNOWN_PAT_PRESET,
                    preset.message(), preset.data());
            ok = false;
        }
        return ok && c instanceof Configuration.Configured configured ? Optional.of(configured.format())
                : Optional.empty();
    }
}
