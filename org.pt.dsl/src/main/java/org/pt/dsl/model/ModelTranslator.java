package org.pt.dsl.model;

import com.google.inject.Inject;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.diagnostics.AbstractDiagnostic;
import org.eclipse.xtext.resource.XtextSyntaxDiagnostic;
import org.eclipse.xtext.naming.IQualifiedNameProvider;
import org.eclipse.xtext.naming.QualifiedName;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.pt.dsl.pt.AddressTarget;
import org.pt.dsl.pt.AllRamTarget;
import org.pt.dsl.pt.Attribute;
import org.pt.dsl.pt.Budget;
import org.pt.dsl.pt.Cpus;
import org.pt.dsl.pt.DirectMapStrategy;
import org.pt.dsl.pt.Element;
import org.pt.dsl.pt.Features;
import org.pt.dsl.pt.FormatDecl;
import org.pt.dsl.pt.IdentityStrategy;
import org.pt.dsl.pt.MachineProperty;
import org.pt.dsl.pt.MapStatement;
import org.pt.dsl.pt.Memory;
import org.pt.dsl.pt.MemoryTypes;
import org.pt.dsl.pt.Model;
import org.pt.dsl.pt.PagePolicy;
import org.pt.dsl.pt.PhysicalBits;
import org.pt.dsl.pt.Protect;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.pt.RangePlacement;
import org.pt.dsl.pt.Reach;
import org.pt.dsl.pt.Recursive;
import org.pt.dsl.pt.RegionTarget;
import org.pt.dsl.pt.Share;
import org.pt.dsl.pt.SlotPlacement;
import org.pt.dsl.pt.Statement;
import org.pt.dsl.pt.Strategy;
import org.pt.dsl.pt.StrategyDecl;
import org.pt.dsl.pt.TableOffsetStrategy;
import org.pt.dsl.pt.TablePool;
import org.pt.dsl.pt.Target;
import org.pt.dsl.pt.Unmap;
import org.pt.dsl.pt.VaBits;
import org.pt.dsl.pt.Walk;
import org.pt.dsl.pt.WindowStrategy;
import org.pt.dsl.validation.IssueCodes;
import org.pt.engine.analysis.Slots;
import org.pt.engine.analysis.Subject;
import org.pt.engine.core.AddressRange;
import org.pt.engine.core.SizeUnit;
import org.pt.engine.format.AArch64Format;
import org.pt.engine.format.ArmV7ShortFormat;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.CacheType;
import org.pt.engine.format.Feature;
import org.pt.engine.format.Formats;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.format.RiscVFormat;
import org.pt.engine.format.Shareability;
import org.pt.engine.format.X86Format;
import org.pt.engine.model.Layout;
import org.pt.engine.model.Machine;
import org.pt.engine.model.MapSource;
import org.pt.engine.model.Operation;
import org.pt.engine.model.PhysicalKind;
import org.pt.engine.model.PhysicalRegion;
import org.pt.engine.model.Purpose;
import org.pt.engine.model.Query;
import org.pt.engine.model.Region;
import org.pt.engine.model.SpaceSpec;
import org.pt.engine.model.StrategySpec;
import org.pt.engine.model.SystemModel;
import org.pt.engine.space.MappingError;
import org.pt.engine.space.PageSizePolicy;

/**
 * Turns a resource, and the machines, layouts and spaces it references in other resources, into the engine's
 * {@link SystemModel}, with a trace from engine {@link Subject}s back to the AST and the problems found on the way.
 *
 * <p>Rules:
 * <ul>
 * <li>An element (machine, layout, space) with an error of its own, a syntax or linking error inside it, or a
 * dependency that is not translated is left out of the model: the engine never sees half an element. When the
 * dependency lives in another file, the reference gets {@link IssueCodes#DEPENDENCY_HAS_ERRORS}; in the same file
 * the dependency's own errors say it all.</li>
 * <li>Engine names are the simple names, or the qualified name when two elements of one kind share a simple name.</li>
 * <li>A machine's format is the standard one by name, rebuilt with the family factory when {@code physical bits},
 * {@code features}, {@code va bits} or {@code pat} say otherwise ({@code features} replaces the standard set). Without
 * {@code budget}, the frame budget is the pools' frame count; without {@code cpus}, one CPU.</li>
 * <li>A region's purpose is the one written, else its name when that is a purpose, else {@code other}. A top-level
 * slot the root does not have gets a one-byte placeholder range at 0 (the engine reports it).</li>
 * <li>Statements keep their position in the space as their index. Attributes: no rights word means {@code r};
 * privilege {@code kernel}, not global, {@code wb}, inner shareable, accessed and dirty unless written.</li>
 * </ul>
 */
public class ModelTranslator {
    private static final PtPackage PT = PtPackage.eINSTANCE;

    @Inject
    private IQualifiedNameProvider qualifiedNames;

    public Translation translate(Resource resource) {
        if (resource.getContents().isEmpty() || !(resource.getContents().get(0) instanceof Model model)) {
            return Translation.empty();
        }
        return new Run(model).run();
    }

    /** The state of one translation. */
    private final class Run {
        private final Model model;
        private final Problems problems = new Problems();
        private final Numbers numbers = new Numbers(problems);
        private final Map<Subject, Located> trace = new HashMap<>();
        private final Map<Resource, Set<EObject>> syntaxBroken = new HashMap<>();
        private final Map<EObject, String> names = new IdentityHashMap<>();

        private final List<org.pt.dsl.pt.Machine> machineAsts = new ArrayList<>();
        private final List<org.pt.dsl.pt.Layout> layoutAsts = new ArrayList<>();
        private final List<org.pt.dsl.pt.Space> spaceAsts = new ArrayList<>();

        private final Map<EObject, Machine> machines = new IdentityHashMap<>();
        private final Map<EObject, Layout> layouts = new IdentityHashMap<>();
        /** Per layout AST: its regions as translated (slot regions included), by region AST. */
        private final Map<EObject, Map<EObject, Region>> regions = new IdentityHashMap<>();
        private final Map<EObject, SpaceSpec> spaces = new IdentityHashMap<>();
        private final List<Reach> reaches = new ArrayList<>();

        Run(Model model) {
            this.model = model;
        }

        Translation run() {
            collect();
            name();
            for (org.pt.dsl.pt.Machine m : machineAsts) {
                machine(m).ifPresent(x -> machines.put(m, x));
            }
            for (org.pt.dsl.pt.Layout l : layoutAsts) {
                layout(l).ifPresent(x -> layouts.put(l, x));
            }
            // spaces in an order where the spaces one shares with come first, so that a broken one is known
            Set<org.pt.dsl.pt.Space> done = new LinkedHashSet<>();
            for (org.pt.dsl.pt.Space s : spaceAsts) {
                spaceInOrder(s, done, new LinkedHashSet<>());
            }
            unansweredReaches();
            List<Machine> ms = new ArrayList<>();
            machineAsts.stream().map(machines::get).filter(x -> x != null).forEach(ms::add);
            List<Layout> ls = new ArrayList<>();
            layoutAsts.stream().map(layouts::get).filter(x -> x != null).forEach(ls::add);
            List<SpaceSpec> ss = new ArrayList<>();
            spaceAsts.stream().map(spaces::get).filter(x -> x != null).forEach(ss::add);
            List<SpecIssue> issues = new ArrayList<>();
            for (SpecIssue i : problems.issues()) {
                if (!inSyntaxError(i.at().object())) {
                    issues.add(i);
                }
            }
            return new Translation(new SystemModel(ms, ls, ss), trace, issues);
        }

        /**
         * Whether the line {@code o} is on (its statement, machine property, region, or else its element) holds a
         * syntax error: what is said about a line the parser could not read is noise (a truncated {@code map kern}
         * has no source, of course).
         */
        private boolean inSyntaxError(EObject o) {
            Resource r = o.eResource();
            if (r == null || r.getErrors().isEmpty()) {
                return false;
            }
            EObject line = o;
            while (line.eContainer() != null && !(line instanceof Statement || line instanceof MachineProperty
                    || line instanceof org.pt.dsl.pt.Region || line.eContainer() instanceof Model)) {
                line = line.eContainer();
            }
            ICompositeNode node = NodeModelUtils.getNode(line);
            if (node == null) {
                return false;
            }
            String text = node.getRootNode().getText();
            for (Resource.Diagnostic d : r.getErrors()) {
                if (d instanceof XtextSyntaxDiagnostic sd && sd.getOffset() >= node.getOffset()) {
                    int at = sd.getOffset();
                    // on the line, or on the first token after it (where the parser noticed the line was not done)
                    if (at <= node.getEndOffset() || (at <= text.length()
                            && text.substring(node.getEndOffset(), at).isBlank())) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** A reach from a space that was not translated is not asked (reported when that space is in another file). */
        private void unansweredReaches() {
            for (Reach r : reaches) {
                org.pt.dsl.pt.Space from = r.getFrom();
                EObject owner = r.eContainer();
                if (spaces.containsKey(from) || !spaces.containsKey(owner)) {
                    continue;
                }
                if (from.eResource() != r.eResource()) {
                    problems.errorOnly(Located.at(r, PT.getReach_From()), IssueCodes.DEPENDENCY_HAS_ERRORS, "space '"
                            + from.getName() + "' in " + fileOf(from) + " has errors (or uses something that has), so "
                            + "this reach is not answered");
                }
                SpaceSpec spec = spaces.get(owner);
                int index = ((org.pt.dsl.pt.Space) owner).getStatements().indexOf(r);
                List<Query> kept = spec.queries().stream().filter(q -> q.index() != index).toList();
                spaces.put(owner, new SpaceSpec(spec.name(), spec.layout(), spec.strategy(), spec.shareKernelWith(),
                        spec.operations(), kept));
            }
        }

        private String fileOf(EObject e) {
            return e.eResource() == null ? "another file" : e.eResource().getURI().lastSegment();
        }

        // ---- which elements: this resource's, and what they reference ------------------------------------------

        private void collect() {
            Set<EObject> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
            List<EObject> work = new ArrayList<>(model.getElements());
            for (int i = 0; i < work.size(); i++) {
                EObject e = work.get(i);
                if (e == null || e.eIsProxy() || !seen.add(e)) {
                    continue;
                }
                if (e instanceof org.pt.dsl.pt.Machine m) {
                    machineAsts.add(m);
                } else if (e instanceof org.pt.dsl.pt.Layout l) {
                    layoutAsts.add(l);
                    work.add(l.getMachine());
                } else if (e instanceof org.pt.dsl.pt.Space s) {
                    spaceAsts.add(s);
                    work.add(s.getLayout());
                    for (Statement st : s.getStatements()) {
                        if (st instanceof Share sh) {
                            work.add(sh.getSpace());
                        } else if (st instanceof Reach r) {
                            work.add(r.getFrom());
                        }
                    }
                }
            }
        }

        /** Engine names: the simple name, or the qualified name where two elements of a kind share a simple name. */
        private void name() {
            nameAll(machineAsts);
            nameAll(layoutAsts);
            nameAll(spaceAsts);
        }

        private void nameAll(List<? extends EObject> elements) {
            Map<String, Integer> count = new HashMap<>();
            for (EObject e : elements) {
                count.merge(simpleName(e), 1, Integer::sum);
            }
            Set<String> used = new java.util.HashSet<>();
            for (EObject e : elements) {
                String n = simpleName(e);
                if (count.get(n) > 1) {
                    QualifiedName q = qualifiedNames.getFullyQualifiedName(e);
                    n = q == null ? n : q.toString();
                }
                if (!used.add(n)) {
                    // the same qualified name twice: a duplicate, reported by the names check; the later is left out
                    problems.breakSilently(e);
                }
                names.put(e, n);
            }
        }

        private String simpleName(EObject e) {
            String n = e instanceof org.pt.dsl.pt.Machine m ? m.getName()
                    : e instanceof org.pt.dsl.pt.Layout l ? l.getName()
                    : e instanceof org.pt.dsl.pt.Space s ? s.getName() : null;
            return n == null ? "" : n;
        }

        // ---- broken elements ----------------------------------------------------------------------------------

        /** Whether {@code element} (a machine, layout or space) cannot be translated. */
        private boolean broken(EObject element) {
            return problems.isBroken(element) || syntaxBroken(element.eResource()).contains(element);
        }

        /** The top-level elements of {@code r} that contain a syntax or linking error. */
        private Set<EObject> syntaxBroken(Resource r) {
            if (r == null) {
                return Set.of();
            }
            return syntaxBroken.computeIfAbsent(r, this::findSyntaxBroken);
        }

        private Set<EObject> findSyntaxBroken(Resource r) {
            if (r.getErrors().isEmpty() || r.getContents().isEmpty() || !(r.getContents().get(0) instanceof Model m)) {
                return Set.of();
            }
            Set<EObject> out = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
            List<Element> elements = m.getElements();
            for (Resource.Diagnostic d : r.getErrors()) {
                int offset = d instanceof AbstractDiagnostic ad ? ad.getOffset() : -1;
                EObject hit = null;
                for (Element e : elements) {
                    ICompositeNode n = NodeModelUtils.getNode(e);
                    if (n == null) {
                        continue;
                    }
                    if (offset >= 0 && n.getOffset() > offset) {
                        break;
                    }
                    hit = e; // the last element starting at or before the error (an error past it truncated it)
                }
                if (hit == null || offset < 0) {
                    out.addAll(elements); // before every element, or unplaceable: nothing in the file is reliable
                } else {
                    out.add(hit);
                }
            }
            return out;
        }

        /**
         * Whether the element {@code from} may use {@code dependency}: not when it is a proxy (a linking error
         * reported at the reference) or broken. A broken dependency in another file is reported at the reference.
         */
        private boolean usable(EObject dependency, EObject from, EStructuralFeature reference, String kind,
                String what) {
            if (dependency == null || dependency.eIsProxy()) {
                problems.breakSilently(from);
                return false;
            }
            boolean ok = switch (kind) {
                case "machine" -> machines.containsKey(dependency);
                case "layout" -> layouts.containsKey(dependency);
                default -> spaces.containsKey(dependency);
            };
            if (ok) {
                return true;
            }
            if (dependency.eResource() != from.eResource() && !problems.isBroken(from)) {
                problems.error(Located.at(from, reference), IssueCodes.DEPENDENCY_HAS_ERRORS, kind + " '"
                        + simpleName(dependency) + "' in " + fileOf(dependency) + " has errors (or uses something that "
                        + "has), so " + what + " is not analysed");
            } else {
                problems.breakSilently(from);
            }
            return false;
        }

        // ---- machines -----------------------------------------------------------------------------------------

        private Optional<Machine> machine(org.pt.dsl.pt.Machine m) {
            String name = names.get(m);
            trace.put(new Subject.MachineRef(name), Located.at(m, PT.getMachine_Name()));
            FormatDecl format = null;
            PhysicalBits bits = null;
            VaBits va = null;
            Features features = null;
            Cpus cpus = null;
            Budget budget = null;
            MemoryTypes pat = null;
            List<PhysicalRegion> memory = new ArrayList<>();
            List<AddressRange> pools = new ArrayList<>();
            int memoryIndex = 0;
            int poolIndex = 0;
            for (MachineProperty p : m.getProperties()) {
                if (p instanceof FormatDecl f) {
                    format = once(format, f, "format", m);
                } else if (p instanceof PhysicalBits b) {
                    bits = once(bits, b, "physical bits", m);
                } else if (p instanceof VaBits v) {
                    va = once(va, v, "va bits", m);
                } else if (p instanceof Features f) {
                    features = once(features, f, "features", m);
                } else if (p instanceof Cpus c) {
                    cpus = once(cpus, c, "cpus", m);
                } else if (p instanceof Budget b) {
                    budget = once(budget, b, "budget", m);
                } else if (p instanceof MemoryTypes t) {
                    pat = once(pat, t, "pat", m);
                } else if (p instanceof Memory mem) {
                    int index = memoryIndex++;
                    trace.put(new Subject.PhysicalRef(name, index), Located.at(mem, PT.getMemory_Range()));
                    Optional<AddressRange> range = mem.getRange() == null ? Optional.empty()
                            : numbers.range(mem.getRange());
                    if (range.isPresent()) {
                        PhysicalKind kind = PhysicalKind.valueOf(mem.getKind().getName().toUpperCase(Locale.ROOT));
                        memory.add(new PhysicalRegion(index, kind, range.get(), mem.getLabel() == null ? ""
                                : mem.getLabel()));
                    }
                } else if (p instanceof TablePool pool) {
                    int index = poolIndex++;
                    trace.put(new Subject.PoolRef(name, index), Located.at(pool, PT.getTablePool_Range()));
                    if (pool.getRange() != null) {
                        numbers.range(pool.getRange()).ifPresent(pools::add);
                    }
                }
            }
            if (format == null) {
                problems.error(Located.at(m, PT.getMachine_Name()), IssueCodes.FORMAT_MISSING, "machine '" + m.getName()
                        + "' has no format: write one of " + String.join(", ", Formats.names()));
            }
            Optional<PagingFormat> f = format == null ? Optional.empty() : format(format, bits, va, features, pat);
            int cpuCount = 1;
            if (cpus != null) {
                long c = cpus.getCount();
                if (c < 1 || c > Integer.MAX_VALUE) {
                    problems.error(Located.at(cpus, PT.getCpus_Count()), IssueCodes.INVALID_CPU_COUNT,
                            "a machine needs at least one CPU and at most " + Integer.MAX_VALUE + ", not "
                                    + Long.toUnsignedString(c));
                } else {
                    cpuCount = (int) c;
                }
            }
            if (f.isEmpty() || broken(m)) {
                return Optional.empty();
            }
            long frames = budget != null ? budget.getFrames() : poolFrames(pools, f.get());
            return Optional.of(new Machine(name, f.get(), cpuCount, memory, pools, frames));
        }

        /** The frames of the pools (saturating): the default budget, so that only the pools limit the tables. */
        private long poolFrames(List<AddressRange> pools, PagingFormat f) {
            long total = 0;
            for (AddressRange p : pools) {
                long frames = p.size() >>> f.frameShift();
                total = Long.MAX_VALUE - total < frames ? Long.MAX_VALUE : total + frames;
            }
            return total;
        }

        /** {@code current}, or {@code next} when it is the first; a second one is reported. */
        private <T extends MachineProperty> T once(T current, T next, String what, org.pt.dsl.pt.Machine m) {
            if (current == null) {
                return next;
            }
            problems.error(Located.whole(next), IssueCodes.GIVEN_TWICE, "'" + what + "' is given twice in machine '"
                    + m.getName() + "'");
            return current;
        }

        // ---- formats ------------------------------------------------------------------------------------------

        private Optional<PagingFormat> format(FormatDecl decl, PhysicalBits bits, VaBits va, Features written,
                MemoryTypes patDecl) {
            Vocabulary.Resolved<String> name = Vocabulary.format(decl.getName() == null ? "" : decl.getName());
            if (name.value().isEmpty()) {
                problems.error(Located.at(decl, PT.getFormatDecl_Name()), IssueCodes.UNKNOWN_FORMAT, name.message(),
                        suggestion(name));
                return Optional.empty();
            }
            PagingFormat base = Formats.standard(name.value().get()).orElseThrow();
            boolean ok = true;
            Set<Feature> features = base.features();
            List<Feature> listed = new ArrayList<>();
            if (written != null) {
                features = EnumSet.noneOf(Feature.class);
                for (int i = 0; i < written.getNames().size(); i++) {
                    Vocabulary.Resolved<Feature> f = Vocabulary.feature(written.getNames().get(i));
                    if (f.value().isEmpty()) {
                        problems.error(new Located(written, PT.getFeatures_Names(), i), IssueCodes.UNKNOWN_FEATURE,
                                f.message(), suggestion(f));
                        ok = false;
                    } else {
                        features.add(f.value().get());
                        listed.add(f.value().get());
                    }
                }
            }
            int pa = base.physicalBits();
            if (bits != null) {
                long b = bits.getBits();
                if (Long.compareUnsigned(b, 64) > 0) {
                    problems.error(Located.at(bits, PT.getPhysicalBits_Bits()), IssueCodes.FORMAT_PARAMETER,
                            "a physical address has at most 64 bits, not " + Long.toUnsignedString(b));
                    ok = false;
                } else {
                    pa = (int) b;
                }
            }
            int va0 = defaultVa(base, 0);
            int va1 = defaultVa(base, 1);
            if (va != null) {
                if (!(base instanceof AArch64Format)) {
                    problems.error(Located.whole(va), IssueCodes.FORMAT_PARAMETER, "'va bits' applies only to AArch64 "
                            + "formats, not " + base.name());
                    ok = false;
                } else {
                    boolean two = Numbers.isSet(va, PT.getVaBits_High());
                    va0 = clampBits(va.getLow());
                    va1 = two ? clampBits(va.getHigh()) : va0;
                }
            }
            List<X86Format.PatType> pat = base instanceof X86Format x ? x.pat() : null;
            if (patDecl != null) {
                String word = patDecl.getPreset() == null ? "" : patDecl.getPreset();
                if (!(base instanceof X86Format)) {
                    problems.error(Located.at(patDecl, PT.getMemoryTypes_Preset()), IssueCodes.FORMAT_PARAMETER,
                            "'pat' applies only to x86 formats, not " + base.name());
                    ok = false;
                } else {
                    Vocabulary.Resolved<List<X86Format.PatType>> preset = Vocabulary.pat(word);
                    if (preset.value().isEmpty()) {
                        problems.error(Located.at(patDecl, PT.getMemoryTypes_Preset()), IssueCodes.UNKNOWN_PAT_PRESET,
                                preset.message(), suggestion(preset));
                        ok = false;
                    } else {
                        pat = preset.value().get();
                    }
                }
            }
            boolean same = features.equals(base.features()) && pa == base.physicalBits() && va0 == defaultVa(base, 0)
                    && va1 == defaultVa(base, 1) && (!(base instanceof X86Format x) || x.pat().equals(pat));
            if (same) {
                return ok ? Optional.of(base) : Optional.empty();
            }
            // stage by stage (what was written wrongly stays at its default), so that the format's refusal lands on
            // what caused it; every stage is checked, so independent problems are all reported
            if (written != null) {
                Optional<String> why = refusal(base, base.physicalBits(), features, defaultVa(base, 0),
                        defaultVa(base, 1), pat);
                if (why.isPresent()) {
                    int culprit = -1;
                    for (int i = 0; i < listed.size() && culprit < 0; i++) {
                        if (refusal(base, base.physicalBits(), EnumSet.of(listed.get(i)), defaultVa(base, 0),
                                defaultVa(base, 1), pat).isPresent()) {
                            culprit = written.getNames().indexOf(Vocabulary.word(listed.get(i)));
                        }
                    }
                    problems.error(culprit < 0 ? Located.whole(written) : new Located(written, PT.getFeatures_Names(),
                            culprit), IssueCodes.FORMAT_PARAMETER, why.get());
                    ok = false;
                    features = base.features();
                }
            }
            if (bits != null && pa != base.physicalBits()) {
                Optional<String> why = refusal(base, pa, features, defaultVa(base, 0), defaultVa(base, 1), pat);
                if (why.isPresent()) {
                    problems.error(Located.at(bits, PT.getPhysicalBits_Bits()), IssueCodes.FORMAT_PARAMETER, why.get());
                    ok = false;
                    pa = base.physicalBits();
                }
            }
            if (va != null && base instanceof AArch64Format) {
                Optional<String> low = refusal(base, pa, features, va0, defaultVa(base, 1), pat);
                Optional<String> high = refusal(base, pa, features, defaultVa(base, 0), va1, pat);
                boolean two = Numbers.isSet(va, PT.getVaBits_High());
                if (low.isPresent()) {
                    problems.error(Located.at(va, PT.getVaBits_Low()), IssueCodes.FORMAT_PARAMETER, low.get());
                    ok = false;
                }
                if (high.isPresent() && (two || low.isEmpty())) {
                    problems.error(Located.at(va, two ? PT.getVaBits_High() : PT.getVaBits_Low()),
                            IssueCodes.FORMAT_PARAMETER, high.get());
                    ok = false;
                }
            }
            if (!ok) {
                return Optional.empty();
            }
            try {
                return Optional.of(rebuild(base, pa, features, va0, va1, pat));
            } catch (IllegalArgumentException e) {
                problems.error(Located.at(decl, PT.getFormatDecl_Name()), IssueCodes.FORMAT_PARAMETER, e.getMessage());
                return Optional.empty();
            }
        }

        private int clampBits(long bits) {
            return Long.compareUnsigned(bits, 1000) > 0 ? 1000 : (int) bits;
        }

        private int defaultVa(PagingFormat base, int half) {
            return base instanceof AArch64Format a ? a.vaBits(half) : 0;
        }

        private Optional<String> refusal(PagingFormat base, int pa, Set<Feature> features, int va0, int va1,
                List<X86Format.PatType> pat) {
            try {
                rebuild(base, pa, features, va0, va1, pat);
                return Optional.empty();
            } catch (IllegalArgumentException e) {
                return Optional.of(e.getMessage());
            }
        }

        private PagingFormat rebuild(PagingFormat base, int pa, Set<Feature> features, int va0, int va1,
                List<X86Format.PatType> pat) {
            if (base instanceof X86Format x) {
                return X86Format.of(x.mode(), pa, features, pat);
            }
            if (base instanceof AArch64Format a) {
                return AArch64Format.of(a.granule(), va0, va1, pa, features, a.mair());
            }
            if (base instanceof RiscVFormat r) {
                return RiscVFormat.of(r.mode(), pa, features);
            }
            if (base instanceof ArmV7ShortFormat) {
                return ArmV7ShortFormat.of(pa, features);
            }
            throw new IllegalArgumentException("no factory for format " + base.name());
        }

        // ---- layouts ------------------------------------------------------------------------------------------

        private Optional<Layout> layout(org.pt.dsl.pt.Layout l) {
            String name = names.get(l);
            org.pt.dsl.pt.Machine m = l.getMachine();
            boolean machineOk = usable(m, l, PT.getLayout_Machine(), "machine", "layout '" + l.getName() + "'");
            Machine machine = machineOk ? machines.get(m) : null;
            PagingFormat f = machine == null ? null : machine.format();
            Map<EObject, Region> translated = new LinkedHashMap<>();
            Set<String> seen = new java.util.HashSet<>();
            for (org.pt.dsl.pt.Region r : l.getRegions()) {
                String rn = r.getName() == null ? "" : r.getName();
                if (!seen.add(rn)) {
                    problems.error(Located.at(r, PT.getRegion_Name()), IssueCodes.DUPLICATE_NAME, "layout '"
                            + l.getName() + "' already has a region '" + rn + "'");
                    continue;
                }
                trace.put(new Subject.RegionRef(name, rn), Located.at(r, PT.getRegion_Name()));
                region(r, f).ifPresent(x -> translated.put(r, x));
            }
            regions.put(l, translated);
            if (machine == null || broken(l)) {
                return Optional.empty();
            }
            return Optional.of(new Layout(name, machine, new ArrayList<>(translated.values())));
        }

        private Optional<Region> region(org.pt.dsl.pt.Region r, PagingFormat f) {
            Purpose purpose;
            if (r.getPurpose() != null) {
                Vocabulary.Resolved<Purpose> p = Vocabulary.purpose(r.getPurpose());
                if (p.value().isEmpty()) {
                    problems.error(Located.at(r, PT.getRegion_Purpose()), IssueCodes.UNKNOWN_PURPOSE, p.message(),
                            suggestion(p));
                    return Optional.empty();
                }
                purpose = p.value().get();
            } else {
                purpose = Vocabulary.purposeOf(r.getName()).orElse(Purpose.OTHER);
            }
            if (r.getPlacement() instanceof RangePlacement rp) {
                if (rp.getRange() == null) {
                    return Optional.empty();
                }
                return numbers.range(rp.getRange()).map(range -> Region.of(r.getName(), purpose, range));
            }
            if (r.getPlacement() instanceof SlotPlacement sp) {
                long slot = sp.getSlot();
                if (Long.compareUnsigned(slot, Integer.MAX_VALUE) > 0) {
                    problems.error(Located.at(sp, PT.getSlotPlacement_Slot()), IssueCodes.SLOT_OUT_OF_RANGE,
                            "top-level slot " + Long.toUnsignedString(slot) + " of region '" + r.getName()
                                    + "' is out of range" + (f == null ? "" : ": a root of " + f.name() + " has "
                                            + slotEntries(f) + " entries, 0 to " + (slotEntries(f) - 1)));
                    return Optional.empty();
                }
                if (f == null) {
                    return Optional.empty();
                }
                AddressRange range;
                try {
                    range = Slots.range(f, (int) slot);
                } catch (IllegalArgumentException outOfRange) {
                    range = AddressRange.ofSize(0, 1); // a placeholder: the engine reports SLOT_OUT_OF_RANGE
                }
                return Optional.of(new Region(r.getName(), purpose, range, OptionalInt.of((int) slot)));
            }
            return Optional.empty();
        }

        private int slotEntries(PagingFormat f) {
            var h = f.halves().size() > 1 ? f.halves().get(1) : f.halves().get(0);
            return h.geometry().level(0).entries();
        }

        // ---- spaces -------------------------------------------------------------------------------------------

        private void spaceInOrder(org.pt.dsl.pt.Space s, Set<org.pt.dsl.pt.Space> done, Set<org.pt.dsl.pt.Space> path) {
            if (done.contains(s) || !path.add(s)) {
                return; // a sharing cycle: the engine reports it
            }
            for (Statement st : s.getStatements()) {
                if (st instanceof Share sh && sh.getSpace() != null && !sh.getSpace().eIsProxy()) {
                    spaceInOrder(sh.getSpace(), done, path);
                }
            }
            if (done.add(s)) {
                space(s, path).ifPresent(x -> spaces.put(s, x));
            }
        }

        private Optional<SpaceSpec> space(org.pt.dsl.pt.Space s, Set<org.pt.dsl.pt.Space> path) {
            String name = names.get(s);
            trace.put(new Subject.SpaceRef(name), Located.at(s, PT.getSpace_Name()));
            trace.put(new Subject.StrategyRef(name), Located.at(s, PT.getSpace_Name()));
            trace.put(new Subject.ShareRef(name), Located.at(s, PT.getSpace_Name()));
            org.pt.dsl.pt.Layout l = s.getLayout();
            boolean layoutOk = usable(l, s, PT.getSpace_Layout(), "layout", "space '" + s.getName() + "'");
            Layout layout = layoutOk ? layouts.get(l) : null;
            Map<EObject, Region> layoutRegions = layoutOk ? regions.get(l) : Map.of();
            Machine machineOfLayout = l == null || l.eIsProxy() ? null : machines.get(l.getMachine());
            PagingFormat f = machineOfLayout == null ? null : machineOfLayout.format();
            Optional<StrategySpec> strategy = Optional.empty();
            boolean hasStrategy = false;
            Optional<String> share = Optional.empty();
            boolean hasShare = false;
            List<Operation> ops = new ArrayList<>();
            List<Query> queries = new ArrayList<>();
            List<Statement> statements = s.getStatements();
            for (int i = 0; i < statements.size(); i++) {
                Statement st = statements.get(i);
                int index = i;
                if (st instanceof StrategyDecl d) {
                    if (hasStrategy) {
                        problems.error(Located.whole(d), IssueCodes.GIVEN_TWICE, "'tables via' is given twice in "
                                + "space '" + s.getName() + "'");
                        continue;
                    }
                    hasStrategy = true;
                    trace.put(new Subject.StrategyRef(name), Located.at(d, PT.getStrategyDecl_Strategy()));
                    strategy = strategy(d.getStrategy(), s);
                } else if (st instanceof Share sh) {
                    if (hasShare) {
                        problems.error(Located.whole(sh), IssueCodes.GIVEN_TWICE, "'share kernel half with' is "
                                + "given twice in space '" + s.getName() + "'");
                        continue;
                    }
                    hasShare = true;
                    trace.put(new Subject.ShareRef(name), Located.at(sh, PT.getShare_Space()));
                    org.pt.dsl.pt.Space other = sh.getSpace();
                    if (other == s || (other != null && !other.eIsProxy() && path.contains(other))) {
                        share = Optional.of(names.get(other)); // itself or a cycle: the engine reports it
                    } else if (usable(other, sh, PT.getShare_Space(), "space", "space '" + s.getName() + "'")) {
                        share = Optional.of(names.get(other));
                    }
                } else if (st instanceof MapStatement m) {
                    trace.put(new Subject.OperationRef(name, i), Located.at(m, PT.getMapStatement_Target()));
                    map(i, m, layoutRegions, l, f).ifPresent(ops::add);
                } else if (st instanceof Unmap u) {
                    trace.put(new Subject.OperationRef(name, i), Located.at(u, PT.getUnmap_Target()));
                    if (u.getTarget() instanceof AllRamTarget) {
                        problems.error(Located.at(u, PT.getUnmap_Target()), IssueCodes.ALL_RAM_FORM,
                                "'all ram into' can only be mapped, not unmapped: unmap the region instead");
                        continue;
                    }
                    va(u, u.getTarget(), u.getLast(), PT.getUnmap_Last(), u.getSize(), PT.getUnmap_Size(),
                            layoutRegions, l).ifPresent(r -> ops.add(new Operation.Unmap(index, r)));
                } else if (st instanceof Protect p) {
                    trace.put(new Subject.OperationRef(name, i), Located.at(p, PT.getProtect_Target()));
                    Optional<Attributes> attrs = attributes(p.getAttributes());
                    if (p.getTarget() instanceof AllRamTarget) {
                        problems.error(Located.at(p, PT.getProtect_Target()), IssueCodes.ALL_RAM_FORM,
                                "'all ram into' can only be mapped, not protected: protect the region instead");
                        continue;
                    }
                    Optional<AddressRange> r = va(p, p.getTarget(), p.getLast(), PT.getProtect_Last(), p.getSize(),
                            PT.getProtect_Size(), layoutRegions, l);
                    if (r.isPresent() && attrs.isPresent()) {
                        ops.add(new Operation.Protect(i, r.get(), attrs.get()));
                    }
                } else if (st instanceof org.pt.dsl.pt.Compact c) {
                    trace.put(new Subject.OperationRef(name, i), Located.whole(c));
                    ops.add(new Operation.Compact(i));
                } else if (st instanceof Walk w) {
                    trace.put(new Subject.QueryRef(name, i), Located.whole(w));
                    OptionalLong va = numbers.address(w.getVa());
                    OptionalLong pa = w.getPa() == null ? OptionalLong.empty() : numbers.address(w.getPa());
                    if (va.isPresent() && (w.getPa() == null || pa.isPresent())) {
                        queries.add(new Query.Walk(i, va.getAsLong(), pa, w.isFault()));
                    }
                } else if (st instanceof Reach r) {
                    trace.put(new Subject.QueryRef(name, i), Located.whole(r));
                    OptionalLong va = numbers.address(r.getVa());
                    org.pt.dsl.pt.Space from = r.getFrom();
                    if (from == null || from.eIsProxy()) {
                        problems.breakSilently(r);
                    } else if (va.isPresent()) {
                        queries.add(new Query.Reach(i, va.getAsLong(), names.get(from)));
                        reaches.add(r);
                    }
                } else if (st instanceof org.pt.dsl.pt.Report rep) {
                    trace.put(new Subject.QueryRef(name, i), Located.whole(rep));
                    queries.add(new Query.Report(i, Optional.ofNullable(rep.getWhat())));
                }
                if (f != null && st instanceof MapStatement m && m.getPolicy() != null
                        && m.getPolicy().getCap() != null) {
                    capIsPageSize(m.getPolicy(), f);
                }
            }
            if (layout == null || broken(s)) {
                return Optional.empty();
            }
            return Optional.of(new SpaceSpec(name, layout, strategy, share, ops, queries));
        }

        private void capIsPageSize(PagePolicy p, PagingFormat f) {
            OptionalLong cap = numbers.size(p.getCap());
            if (cap.isPresent() && !f.pageSizes().contains(cap.getAsLong())) {
                MappingError.UnsupportedPageSize e = new MappingError.UnsupportedPageSize(f.name(), cap.getAsLong(),
                        f.pageSizes());
                problems.error(Located.at(p, PT.getPagePolicy_Cap()), IssueCodes.UNSUPPORTED_PAGE_SIZE, e.message(),
                        "sizes=" + String.join(",", f.pageSizes().stream().map(SizeUnit::format).toList()));
            }
        }

        // ---- strategies ---------------------------------------------------------------------------------------

        private Optional<StrategySpec> strategy(Strategy s, org.pt.dsl.pt.Space space) {
            if (s instanceof Recursive r) {
                Optional<String> region = regionName(r.getRegion(), space);
                OptionalInt foreign = OptionalInt.empty();
                if (Numbers.isSet(r, PT.getRecursive_ForeignSlot())) {
                    long slot = r.getForeignSlot();
                    if (Long.compareUnsigned(slot, Integer.MAX_VALUE) > 0) {
                        problems.error(Located.at(r, PT.getRecursive_ForeignSlot()), IssueCodes.SLOT_OUT_OF_RANGE,
                                "foreign slot " + Long.toUnsignedString(slot) + " is out of range");
                        return Optional.empty();
                    }
                    foreign = OptionalInt.of((int) slot);
                }
                OptionalInt fs = foreign;
                return region.map(n -> new StrategySpec.Recursive(n, fs));
            }
            if (s instanceof DirectMapStrategy d) {
                return regionName(d.getRegion(), space).map(StrategySpec.DirectMap::new);
            }
            if (s instanceof IdentityStrategy) {
                return Optional.of(new StrategySpec.Identity());
            }
            if (s instanceof TableOffsetStrategy t) {
                return regionName(t.getRegion(), space).map(StrategySpec.TableOffset::new);
            }
            if (s instanceof WindowStrategy w) {
                Optional<String> region = regionName(w.getRegion(), space);
                Optional<StrategySpec> bootstrap = Optional.empty();
                if (w.getBootstrap() != null) {
                    bootstrap = strategy(w.getBootstrap(), space);
                    if (bootstrap.isEmpty()) {
                        return Optional.empty();
                    }
                }
                Optional<StrategySpec> b = bootstrap;
                return region.map(n -> new StrategySpec.Window(n, w.isPerCpu(), b));
            }
            problems.breakSilently(space);
            return Optional.empty();
        }

        private Optional<String> regionName(org.pt.dsl.pt.Region r, org.pt.dsl.pt.Space space) {
            if (r == null || r.eIsProxy()) {
                problems.breakSilently(space);
                return Optional.empty();
            }
            return Optional.ofNullable(r.getName());
        }

        // ---- statements ---------------------------------------------------------------------------------------

        private Optional<Operation> map(int index, MapStatement m, Map<EObject, Region> layoutRegions,
                org.pt.dsl.pt.Layout layout, PagingFormat f) {
            Optional<Attributes> attrs = attributes(m.getAttributes());
            PageSizePolicy policy = policy(m.getPolicy());
            Target t = m.getTarget();
            if (t instanceof AllRamTarget ar) {
                boolean named = ar.getRegion() != null && !ar.getRegion().eIsProxy();
                String into = "'all ram into " + (named ? ar.getRegion().getName() : "...") + "'";
                if (m.getLast() != null) {
                    problems.error(Located.at(m, PT.getMapStatement_Last()), IssueCodes.INCLUSIVE_END_NEEDS_ADDRESS,
                            "'..=' cannot follow " + into + ": all RAM takes its addresses from the machine's RAM");
                }
                if (m.getSize() != null) {
                    problems.error(Located.at(m, PT.getMapStatement_Size()), IssueCodes.ALL_RAM_FORM,
                            "'map all ram' takes its size from the machine's RAM: remove 'size'");
                }
                if (m.getTrailingSize() != null) {
                    problems.error(Located.at(m, PT.getMapStatement_TrailingSize()), IssueCodes.ALL_RAM_FORM,
                            "'map all ram' takes its size from the machine's RAM: remove 'size'");
                }
                if (m.getPa() != null) {
                    problems.error(Located.at(m, PT.getMapStatement_Pa()), IssueCodes.ALL_RAM_FORM,
                            "'map all ram' takes its physical addresses from the machine's RAM: remove 'to'");
                }
                if (m.isIdentity()) {
                    problems.error(Located.at(m, PT.getMapStatement_Identity()), IssueCodes.ALL_RAM_FORM,
                            "'map all ram' maps RAM at the region's offset, not identity: remove 'identity'");
                }
                Optional<String> region = regionName(ar.getRegion(), (org.pt.dsl.pt.Space) m.eContainer());
                if (region.isEmpty() || attrs.isEmpty()) {
                    return Optional.empty();
                }
                return Optional.of(new Operation.Map(index, Optional.empty(), region, new MapSource.AllRam(),
                        attrs.get(), policy, m.isRemap()));
            }
            MapSource source = null;
            if (m.getPa() != null) {
                OptionalLong pa = numbers.address(m.getPa());
                if (pa.isPresent()) {
                    source = new MapSource.Physical(pa.getAsLong());
                }
            } else if (m.isIdentity()) {
                source = new MapSource.Identity();
            } else {
                problems.error(Located.at(m, PT.getMapStatement_Target()), IssueCodes.SOURCE_MISSING,
                        "a mapping needs a physical source: 'to ADDRESS' or 'identity'");
            }
            org.pt.dsl.pt.Size size = m.getSize();
            EStructuralFeature sizeFeature = PT.getMapStatement_Size();
            if (m.getTrailingSize() != null) {
                if (size != null) {
                    problems.error(Located.at(m, PT.getMapStatement_TrailingSize()), IssueCodes.GIVEN_TWICE,
                            "the size of the mapping is given twice");
                    return Optional.empty();
                }
                size = m.getTrailingSize();
                sizeFeature = PT.getMapStatement_TrailingSize();
            }
            Optional<AddressRange> va = va(m, t, m.getLast(), PT.getMapStatement_Last(), size, sizeFeature,
                    layoutRegions, layout);
            if (va.isEmpty() || source == null || attrs.isEmpty()) {
                return Optional.empty();
            }
            Optional<String> region = t instanceof RegionTarget rt ? Optional.ofNullable(rt.getRegion().getName())
                    : Optional.empty();
            return Optional.of(new Operation.Map(index, va, region, source, attrs.get(), policy, m.isRemap()));
        }

        /** The virtual range of a statement: a region (or part of it), or an address with a size or inclusive end. */
        private Optional<AddressRange> va(EObject st, Target t, org.pt.dsl.pt.Address last,
                EStructuralFeature lastFeature, org.pt.dsl.pt.Size size, EStructuralFeature sizeFeature,
                Map<EObject, Region> layoutRegions, org.pt.dsl.pt.Layout layout) {
            if (t instanceof RegionTarget rt) {
                org.pt.dsl.pt.Region r = rt.getRegion();
                if (last != null) {
                    String name = r == null || r.eIsProxy() ? "" : r.getName();
                    problems.error(Located.at(st, lastFeature), IssueCodes.INCLUSIVE_END_NEEDS_ADDRESS, "'..=' cannot "
                            + "follow region '" + name + "': a region target takes its range from the region (write "
                            + "'size' to use part of it)");
                    return Optional.empty();
                }
                if (r == null || r.eIsProxy()) {
                    problems.breakSilently(st);
                    return Optional.empty();
                }
                if (layout != null && !layout.eIsProxy() && r.eContainer() != layout) {
                    problems.error(Located.whole(t), IssueCodes.UNKNOWN_REGION, "region '" + r.getName()
                            + "' is not in layout '" + layout.getName() + "'");
                    return Optional.empty();
                }
                OptionalLong bytes = size == null ? OptionalLong.empty() : numbers.size(size);
                Region region = layoutRegions.get(r);
                if (region == null || (size != null && bytes.isEmpty())) {
                    problems.breakSilently(st); // the region (or its layout) has errors of its own
                    return Optional.empty();
                }
                if (region.topLevelSlot().isPresent() && region.range().size() == 1) {
                    problems.breakSilently(st); // a slot out of range: the layout reports it
                    return Optional.empty();
                }
                if (size == null) {
                    return Optional.of(region.range());
                }
                return numbers.sized(region.range().start(), bytes.getAsLong(), Located.at(st, sizeFeature));
            }
            if (t instanceof AddressTarget at) {
                OptionalLong start = numbers.address(at.getAddress());
                if (last != null && size != null) {
                    problems.error(Located.at(st, sizeFeature), IssueCodes.GIVEN_TWICE,
                            "the end is given twice: by '..=' and by 'size'");
                    return Optional.empty();
                }
                if (last != null) {
                    OptionalLong l = numbers.address(last);
                    if (start.isEmpty() || l.isEmpty()) {
                        return Optional.empty();
                    }
                    return numbers.inclusive(start.getAsLong(), l.getAsLong(), Located.at(st, lastFeature));
                }
                if (size != null) {
                    OptionalLong bytes = numbers.size(size);
                    if (start.isEmpty() || bytes.isEmpty()) {
                        return Optional.empty();
                    }
                    return numbers.sized(start.getAsLong(), bytes.getAsLong(), Located.at(st, sizeFeature));
                }
                problems.error(Located.at(st, st.eClass().getEStructuralFeature("target")), IssueCodes.SIZE_MISSING,
                        "a statement on an address needs a size ('size 4 KiB') or an inclusive end ('..= 0x1fff')");
                return Optional.empty();
            }
            problems.breakSilently(st);
            return Optional.empty();
        }

        private PageSizePolicy policy(PagePolicy p) {
            if (p == null) {
                return PageSizePolicy.LARGEST;
            }
            if (p.getCap() != null) {
                OptionalLong cap = numbers.size(p.getCap());
                return cap.isPresent() ? PageSizePolicy.cap(cap.getAsLong()) : PageSizePolicy.LARGEST;
            }
            return "smallest".equals(p.getKind()) ? PageSizePolicy.SMALLEST : PageSizePolicy.LARGEST;
        }

        /** The attribute words of a map or protect statement; conflicts and unknown words are reported. */
        private Optional<Attributes> attributes(List<Attribute> words) {
            boolean ok = true;
            Map<String, Attribute> byGroup = new HashMap<>();
            Map<String, Attribute> byWord = new HashMap<>();
            boolean r = true;
            boolean w = false;
            boolean x = false;
            boolean user = false;
            boolean global = false;
            boolean nx = false;
            Attribute rightsWord = null;
            CacheType cache = CacheType.WRITE_BACK;
            Shareability share = Shareability.INNER;
            boolean accessed = true;
            boolean dirty = true;
            for (Attribute a : words) {
                String word = a.getName() == null ? "" : a.getName();
                Vocabulary.Resolved<Vocabulary.Word> res = Vocabulary.attribute(word);
                Located at = Located.at(a, PT.getAttribute_Name());
                if (res.value().isEmpty()) {
                    problems.error(at, IssueCodes.UNKNOWN_ATTRIBUTE, res.message(), suggestion(res));
                    ok = false;
                    continue;
                }
                Vocabulary.Word v = res.value().get();
                if (byWord.containsKey(word)) {
                    problems.warning(at, IssueCodes.DUPLICATE_ATTRIBUTE, "'" + word + "' is written twice");
                    continue;
                }
                byWord.put(word, a);
                Attribute earlier = byGroup.putIfAbsent(v.group(), a);
                if (earlier != null) {
                    problems.error(at, IssueCodes.ATTRIBUTE_CONFLICT, "'" + word + "' contradicts '" + earlier.getName()
                            + "': " + why(v), "conflictsWith=" + earlier.getName());
                    ok = false;
                    continue;
                }
                if (v instanceof Vocabulary.Word.Rights rights) {
                    r = rights.read();
                    w = rights.write();
                    x = rights.execute();
                    rightsWord = a;
                } else if (v instanceof Vocabulary.Word.Privilege p) {
                    user = p.user();
                } else if (v instanceof Vocabulary.Word.Global) {
                    global = true;
                } else if (v instanceof Vocabulary.Word.NoExecute) {
                    nx = true;
                } else if (v instanceof Vocabulary.Word.Cache c) {
                    cache = c.type();
                } else if (v instanceof Vocabulary.Word.Share s) {
                    share = s.shareability();
                } else if (v instanceof Vocabulary.Word.NotAccessed) {
                    accessed = false;
                    dirty = false;
                } else if (v instanceof Vocabulary.Word.NotDirty) {
                    dirty = false;
                }
            }
            if (nx && x) {
                Attribute nxWord = byWord.get("nx");
                boolean nxLater = words.indexOf(nxWord) > words.indexOf(rightsWord);
                Attribute later = nxLater ? nxWord : rightsWord;
                Attribute earlier = nxLater ? rightsWord : nxWord;
                problems.error(Located.at(later, PT.getAttribute_Name()), IssueCodes.ATTRIBUTE_CONFLICT, "'"
                        + later.getName() + "' contradicts '" + earlier.getName() + "': nx means not executable",
                        "conflictsWith=" + earlier.getName());
                ok = false;
            }
            if (!ok) {
                return Optional.empty();
            }
            return Optional.of(new Attributes(r, w, x, user, global, cache, share, accessed, dirty));
        }

        private String why(Vocabulary.Word v) {
            return switch (v.group()) {
                case "rights" -> "a mapping has one set of access rights";
                case "privilege" -> "a mapping is either user or kernel";
                case "cache" -> "a mapping has one cache type";
                case "shareability" -> "a mapping has one shareability";
                default -> "they cannot both hold";
            };
        }

        private String[] suggestion(Vocabulary.Resolved<?> r) {
            return r.suggestion().map(s -> new String[] {"suggestion=" + s}).orElse(new String[0]);
        }
    }
}
