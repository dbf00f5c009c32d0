package org.pt.dsl.model;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
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
import org.pt.engine.model.MachineExtension;
import org.pt.engine.model.PhysicalKind;
import org.pt.engine.model.PhysicalRegion;

/**
 * A machine: its format, as {@link Formats#configure} makes it from the name and the parameters written (a refused
 * parameter is reported on its token), its memory map and table pools. Without {@code budget}, the frame budget is
 * {@link Machine#defaultFrameBudget}; without {@code cpus}, one CPU. A machine whose properties are malformed (the machine validator
 * reports them) is left out.
 *
 * <p>A machine that {@code extends} another is merged with it line by line by {@link MachineExtension}'s rules (its
 * parent is translated first, see {@link Elements#inExtensionOrder}); each value keeps the line it comes from, so that
 * a problem is reported on that line, or on the {@code extends} name when the line is another machine's
 * ({@link Trace.Inherited}). A machine on an extension cycle is {@link IssueCodes#EXTENDS_CYCLE}.
 */
final class MachineTranslator {
    private static final PtPackage PT = PtPackage.eINSTANCE;

    private final Context cx;
    /** Of each machine translated, its lines as merged with its ancestors: what a machine extending it starts from. */
    private final Map<EObject, Lines> merged = new IdentityHashMap<>();

    /** A machine's lines as merged with its ancestors; each value with the line it comes from. */
    private record Lines(FormatDecl format, PhysicalBits bits, VaBits va, Cpus cpus, Budget budget, MemoryTypes pat,
            Optional<List<FeatureLine>> features, List<MemoryLine> memory, List<PoolLine> pools) {
    }

    private record FeatureLine(Feature feature, Located at) {
    }

    private record MemoryLine(PhysicalKind kind, AddressRange range, String label, Memory line) {
    }

    private record PoolLine(AddressRange range, TablePool line) {
    }

    MachineTranslator(Context cx) {
        this.cx = cx;
    }

    Optional<Machine> translate(org.pt.dsl.pt.Machine m) {
        String name = cx.elements.name(m);
        cx.trace.put(new Subject.MachineRef(name), Located.at(m, PT.getMachine_Name()));
        Lines own = own(m); // first: the words and numbers of a machine are reported whatever its parent
        Lines lines = own;
        MachineExtension.Merged<MemoryLine> memory = MachineExtension.memory(List.of(), own.memory(),
                MemoryLine::range);
        if (m.getParent() != null) {
            Optional<List<org.pt.dsl.pt.Machine>> cycle = MachineExtension.cycle(m, x -> Optional
                    .ofNullable(x.getParent()).filter(p -> !p.eIsProxy()));
            if (cycle.isPresent()) {
                cx.problems.error(Located.at(m, PT.getMachine_Parent()), IssueCodes.EXTENDS_CYCLE, "machine '"
                        + m.getName() + "' extends itself: " + String.join(" extends ", cycle.get().stream()
                                .map(Elements::simpleName).toList()));
                return Optional.empty();
            }
            if (!cx.usable(m.getParent(), m, PT.getMachine_Parent(), "machine", "machine '" + m.getName() + "'")) {
                return Optional.empty();
            }
            Lines parent = merged.get(m.getParent());
            memory = MachineExtension.memory(parent.memory(), own.memory(), MemoryLine::range);
            lines = merge(m, parent, cx.machines.get(m.getParent()), own, memory);
        }
        merged.put(m, lines);
        List<PhysicalRegion> regions = new ArrayList<>();
        List<Trace.MachineLine> shown = new ArrayList<>();
        for (EObject scalar : new EObject[] {lines.format(), lines.bits(), lines.va(), lines.cpus(), lines.budget(),
                lines.pat()}) {
            if (scalar != null) {
                shown.add(new Trace.MachineLine(Located.whole(scalar), !owns(m, scalar), List.of()));
            }
        }
        Features writtenFeatures = first(m, Features.class);
        if (writtenFeatures != null) {
            shown.add(new Trace.MachineLine(Located.whole(writtenFeatures), false, List.of()));
        }
        for (MemoryLine line : lines.memory()) {
            int index = regions.size();
            place(m, new Subject.PhysicalRef(name, index), Located.at(line.line(), PT.getMemory_Range()));
            regions.add(new PhysicalRegion(index, line.kind(), line.range(), line.label()));
            shown.add(new Trace.MachineLine(Located.whole(line.line()), !owns(m, line.line()),
                    memory.replacedBy(line).stream().map(r -> Located.whole(r.line())).toList()));
        }
        List<AddressRange> pools = new ArrayList<>();
        // pools written here replace all the parent's: shown on the first of them
        List<Located> replacedPools = m.getParent() == null || own.pools().isEmpty() ? List.of()
                : merged.get(m.getParent()).pools().stream().map(p -> Located.whole(p.line())).toList();
        for (PoolLine pool : lines.pools()) {
            place(m, new Subject.PoolRef(name, pools.size()), Located.at(pool.line(), PT.getTablePool_Range()));
            shown.add(new Trace.MachineLine(Located.whole(pool.line()), !owns(m, pool.line()), pools.isEmpty()
                    ? replacedPools : List.of()));
            pools.add(pool.range());
        }
        if (m.getParent() != null) {
            cx.trace.machineLines(name, shown);
        }
        Optional<PagingFormat> f = lines.format() == null ? Optional.empty() : format(m, lines);
        long cpuCount = lines.cpus() == null ? 1 : lines.cpus().getCount();
        if (lines.format() == null || cpuCount < 1 || cpuCount > Integer.MAX_VALUE) {
            cx.problems.breakSilently(m); // the machine validator reports it
        }
        if (f.isEmpty() || cx.brokenness.broken(m)) {
            return Optional.empty();
        }
        Budget budget = lines.budget();
        if (budget != null) {
            place(m, new Subject.BudgetRef(name), Located.at(budget, PT.getBudget_Frames()));
        }
        long frames = budget != null ? budget.getFrames() : Machine.defaultFrameBudget(pools, f.get().frameShift());
        return Optional.of(new Machine(name, f.get(), (int) cpuCount, regions, pools, frames));
    }

    /** The lines {@code m} writes itself; an unknown feature is reported (which leaves the machine out). */
    private Lines own(org.pt.dsl.pt.Machine m) {
        List<MemoryLine> memory = new ArrayList<>();
        List<PoolLine> pools = new ArrayList<>();
        for (MachineProperty p : m.getProperties()) {
            if (p instanceof Memory mem && mem.getRange() != null) {
                cx.numbers.range(mem.getRange()).ifPresent(r -> memory.add(new MemoryLine(PhysicalKind.valueOf(mem
                        .getKind().getName().toUpperCase(Locale.ROOT)), r, mem.getLabel() == null ? ""
                                : mem.getLabel(), mem)));
            } else if (p instanceof TablePool pool && pool.getRange() != null) {
                cx.numbers.range(pool.getRange()).ifPresent(r -> pools.add(new PoolLine(r, pool)));
            }
        }
        Features written = first(m, Features.class);
        Optional<List<FeatureLine>> features = Optional.empty();
        if (written != null) {
            // the known words are still configured, so that the format's refusal of one of them is reported too; a
            // missing word is a syntax error of the machine
            List<FeatureLine> known = new ArrayList<>();
            for (int i = 0; i < written.getNames().size(); i++) {
                if (written.getNames().get(i) == null) {
                    continue;
                }
                Vocabulary.Resolved<Feature> f = Vocabulary.feature(written.getNames().get(i));
                if (f.value().isEmpty()) {
                    cx.problems.error(new Located(written, PT.getFeatures_Names(), i), IssueCodes.UNKNOWN_FEATURE,
                            f.message(), f.data());
                } else {
                    known.add(new FeatureLine(f.value().get(), new Located(written, PT.getFeatures_Names(), i)));
                }
            }
            features = Optional.of(known);
        }
        return new Lines(first(m, FormatDecl.class), first(m, PhysicalBits.class), first(m, VaBits.class),
                first(m, Cpus.class), first(m, Budget.class), first(m, MemoryTypes.class), features, memory, pools);
    }

    /**
     * {@code own} over {@code parent}, by {@link MachineExtension}'s rules: the features written add to the parent's
     * (its list, or when it wrote none its format's standard set, traced to the {@code extends} name).
     */
    private static Lines merge(org.pt.dsl.pt.Machine m, Lines parent, Machine parentMachine, Lines own,
            MachineExtension.Merged<MemoryLine> memory) {
        Optional<List<FeatureLine>> features = parent.features();
        if (own.features().isPresent()) {
            List<FeatureLine> all = new ArrayList<>(parent.features().orElseGet(() -> parentMachine.format().features()
                    .stream().map(f -> new FeatureLine(f, Located.at(m, PT.getMachine_Parent()))).toList()));
            List<Feature> base = all.stream().map(FeatureLine::feature).toList();
            all.addAll(own.features().get());
            features = Optional.of(MachineExtension.features(base, own.features().get().stream()
                    .map(FeatureLine::feature).toList()).stream().map(f -> all.stream().filter(l -> l.feature() == f)
                            .findFirst().orElseThrow()).toList());
        }
        return new Lines(or(own.format(), parent.format()), or(own.bits(), parent.bits()), or(own.va(), parent.va()),
                or(own.cpus(), parent.cpus()), or(own.budget(), parent.budget()), or(own.pat(), parent.pat()),
                features, memory.lines(), MachineExtension.pools(parent.pools(), own.pools()));
    }

    private static <T> T or(T own, T inherited) {
        return MachineExtension.property(Optional.ofNullable(inherited), Optional.ofNullable(own)).orElse(null);
    }

    /** Whether {@code line} is written in {@code m} (not inherited). */
    private static boolean owns(org.pt.dsl.pt.Machine m, EObject line) {
        return Problems.topLevel(line) == m;
    }

    /** Traces {@code s} to {@code at}, a line of {@code m} or one it inherits. */
    private void place(org.pt.dsl.pt.Machine m, Subject s, Located at) {
        if (owns(m, at.object())) {
            cx.trace.put(s, at);
            return;
        }
        EObject owner = Problems.topLevel(at.object());
        cx.trace.putInherited(s, at, new Trace.Inherited(Located.at(m, PT.getMachine_Parent()),
                " (inherited by machine '" + m.getName() + "')", " (" + origin(owner, at.object()) + ")"));
    }

    /** {@code inherited from machine 'riscv_sv39', riscv-sv39.ptl line 12}. */
    private static String origin(EObject owner, EObject line) {
        var node = NodeModelUtils.findActualNodeFor(line);
        return "inherited from machine '" + Elements.simpleName(owner) + "', " + Context.fileOf(line)
                + (node == null ? "" : " line " + node.getStartLine());
    }

    /** A problem of {@code m} on {@code at}: there when it is {@code m}'s line, else on its {@code extends} name. */
    private void error(org.pt.dsl.pt.Machine m, Located at, String code, String message, String... data) {
        if (owns(m, at.object())) {
            cx.problems.error(at, code, message, data);
        } else {
            cx.problems.error(Located.at(m, PT.getMachine_Parent()), code, message + " ("
                    + origin(Problems.topLevel(at.object()), at.object()) + ")", data);
        }
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
    private Optional<PagingFormat> format(org.pt.dsl.pt.Machine m, Lines lines) {
        FormatDecl decl = lines.format();
        PhysicalBits bits = lines.bits();
        VaBits va = lines.va();
        MemoryTypes patDecl = lines.pat();
        Vocabulary.Resolved<String> name = Vocabulary.format(decl.getName() == null ? "" : decl.getName());
        if (name.value().isEmpty()) {
            error(m, Located.at(decl, PT.getFormatDecl_Name()), IssueCodes.UNKNOWN_FORMAT, name.message(),
                    name.data());
            return Optional.empty();
        }
        boolean ok = true;
        FormatOptions options = FormatOptions.NONE;
        List<FeatureLine> features = lines.features().orElse(List.of());
        if (lines.features().isPresent()) {
            options = options.withFeatures(features.stream().map(FeatureLine::feature).toList());
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
            Features written = first(m, Features.class);
            for (ParameterProblem p : refused.problems()) {
                Located at = switch (p.parameter()) {
                    case FORMAT -> Located.at(decl, PT.getFormatDecl_Name());
                    case PHYSICAL_BITS -> Located.at(bits, PT.getPhysicalBits_Bits());
                    case VA_BITS -> Located.whole(va);
                    case VA_BITS_LOW -> Located.at(va, PT.getVaBits_Low());
                    case VA_BITS_HIGH -> Located.at(va, PT.getVaBits_High());
                    case FEATURES -> written != null ? Located.whole(written) : Located.at(m, PT.getMachine_Parent());
                    case FEATURE -> features.get(p.index()).at();
                    case PAT -> Located.at(patDecl, PT.getMemoryTypes_Preset());
                };
                patRefused |= p.parameter() == Configuration.Parameter.PAT;
                error(m, at, IssueCodes.FORMAT_PARAMETER, p.reason());
            }
        }
        if (preset != null && preset.value().isEmpty() && !patRefused) {
            error(m, Located.at(patDecl, PT.getMemoryTypes_Preset()), IssueCodes.UNKNOWN_PAT_PRESET,
                    preset.message(), preset.data());
            ok = false;
        }
        return ok && c instanceof Configuration.Configured configured ? Optional.of(configured.format())
                : Optional.empty();
    }
}
