package org.pt.engine.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pt.engine.core.AddressRange;
import org.pt.engine.core.Unsigned;
import org.pt.engine.format.Half;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.image.TableImage;
import org.pt.engine.model.Layout;
import org.pt.engine.model.Machine;
import org.pt.engine.model.MapSource;
import org.pt.engine.model.Operation;
import org.pt.engine.model.Output;
import org.pt.engine.model.PhysicalRegion;
import org.pt.engine.model.Query;
import org.pt.engine.model.Region;
import org.pt.engine.model.SpaceSpec;
import org.pt.engine.model.StrategySpec;
import org.pt.engine.space.AddressSpace;
import org.pt.engine.space.Event;
import org.pt.engine.space.MappingError;
import org.pt.engine.space.OpResult;
import org.pt.engine.space.Simulation;
import org.pt.engine.walk.Translation;
import org.pt.engine.walk.WalkTrace;

/**
 * Runs every check on a {@link SystemModel}: machines, layouts, then each space built in the simulation (shared
 * spaces first), its mappings checked against its layout, its strategy installed and verified, sharing and hazards
 * across spaces, and finally the queries. Never throws for bad input: everything wrong becomes a {@link Finding}.
 */
public final class Analysis {

    private final org.pt.engine.model.SystemModel model;
    private final List<Finding> findings = new ArrayList<>();
    private final Map<String, Simulation> simulations = new LinkedHashMap<>();
    private final Map<String, BuiltSpace> built = new LinkedHashMap<>();
    private final Map<Subject.QueryRef, Answer> answers = new LinkedHashMap<>();
    private final Map<Integer, TableImage> images = new LinkedHashMap<>();
    /** Each space's strategy, resolved once (the first space of each name). */
    private final Map<String, StrategyResolution> strategies = new HashMap<>();
    /** Machines whose pools or widths are wrong: reported by MachineChecks, not simulated. */
    private final Set<String> unsimulated = new HashSet<>();
    /** Whether a step failed ({@link #guarded}): the build is then not remembered, since the failure may not recur. */
    private boolean failed;
    /** The spaces of a sharing cycle: reported once, built unshared. */
    private final Set<String> cyclic = new HashSet<>();
    private static final Set<Code> POOL_ERRORS = Set.of(Code.PHYSICAL_BEYOND_WIDTH, Code.POOL_OVERLAP,
            Code.POOL_MISALIGNED, Code.POOL_MISSING, Code.POOL_OUTSIDE_RAM, Code.POOL_IN_RESERVED, Code.POOL_IN_MMIO,
            Code.POOL_BEYOND_TABLE_REACH, Code.BUDGET_TOO_LARGE, Code.POOL_TOO_LARGE);

    /** Where this build finds and keeps the state after its first spaces; null: nowhere. */
    private final Prefixes prefixes;
    /** The model without the operations of its spaces, made when a prefix is first looked for. */
    private org.pt.engine.model.SystemModel skeleton;

    private Analysis(org.pt.engine.model.SystemModel model) {
        this(model, null);
    }

    private Analysis(org.pt.engine.model.SystemModel model, Prefixes prefixes) {
        this.model = model;
        this.prefixes = prefixes;
    }

    public static AnalysisResult run(org.pt.engine.model.SystemModel model) {
        return complete(build(tablesOf(model)), model);
    }

    /**
     * What builds the tables of {@code model}: the model without its queries and outputs, which only read the built
     * spaces. Two models with equal tables are analysed alike up to their queries and outputs ({@link AnalysisMemo}).
     */
    static org.pt.engine.model.SystemModel tablesOf(org.pt.engine.model.SystemModel model) {
        List<SpaceSpec> spaces = new ArrayList<>();
        Map<String, Optional<StrategySpec>> strategies = strategies(model.spaces());
        for (SpaceSpec s : model.spaces()) {
            spaces.add(new SpaceSpec(s.name(), s.layout(), strategies.get(s.name()), s.shareKernelWith(), s.operations(),
                    List.of(), s.rootAt()));
        }
        return new org.pt.engine.model.SystemModel(model.machines(), model.layouts(), spaces, List.of());
    }

    /**
     * The first part of an analysis: every check of machines, layouts and spaces, each space built, strategies
     * verified, sharing and hazards across spaces. Its spaces are only read from then on, by any number of
     * {@link #complete}s at once; the cost reports asked of them are kept with them, since a report (unlike a walk)
     * reads every table of its space.
     */
    static final class Built {
        final List<Finding> findings;
        final Map<String, Simulation> simulations;
        final Map<String, BuiltSpace> spaces;
        private final Map<List<String>, Answer> reports = new java.util.concurrent.ConcurrentHashMap<>();

        /** Whether a step of the build failed ({@link Code#INTERNAL}): such a build is not remembered. */
        final boolean failed;

        Built(List<Finding> findings, Map<String, Simulation> simulations, Map<String, BuiltSpace> spaces,
                boolean failed) {
            this.failed = failed;
            this.findings = List.copyOf(findings);
            this.simulations = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(simulations));
            this.spaces = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(spaces));
        }

        /** The heap its tables take ({@link org.pt.engine.memory.PhysicalMemory#heldBytes}). */
        long tableBytes() {
            return Analysis.tableBytes(simulations);
        }

        /** The cost report {@code r} of space {@code b}: made once per space and aspect. */
        Answer report(BuiltSpace b, Query.Report r) {
            return reports.computeIfAbsent(List.of(b.name(), r.what().orElse("")),
                    k -> Costs.report(b, r, b.strategy()));
        }
    }

    /** Builds {@code tables} (a model from {@link #tablesOf}). */
    static Built build(org.pt.engine.model.SystemModel tables) {
        return build(tables, null);
    }

    /**
     * Builds {@code tables}, starting from the longest prefix of its build that {@code prefixes} holds (all of
     * {@link #buildAll} up to some space of {@link #buildOrder}) and keeping there the state after each space it builds
     * but the last. A prefix is known by {@link Prefix.Key}: what the state after it depends on.
     */
    static Built build(org.pt.engine.model.SystemModel tables, Prefixes prefixes) {
        Analysis a = new Analysis(tables, prefixes);
        a.buildAll();
        return new Built(a.findings, a.simulations, a.built, a.failed);
    }

    /**
     * The state of a build after the first spaces of its build order: the findings so far, each machine's simulation
     * and the spaces built, held as forks ({@link Simulation#fork}) that nothing writes, so that any number of later
     * builds start from forks of them.
     */
    static final class Prefix {
        private final List<Finding> findings;
        private final Map<String, Simulation> simulations;
        private final Map<String, BuiltSpace> built;

        /**
         * What the state after building {@code spaces} (the first of the build order, as {@link #tablesOf} gives
         * them) depends on: those spaces, and the model's {@code skeleton}, its machines and layouts and each space
         * without its operations. The skeleton decides the checks before any space is built, the build order, the
         * strategies and the table-descriptor bits of each machine; each space's build reads those, the spaces built
         * before it (the simulated memory, the allocator, the space it shares with) and its own operations.
         */
        static final class Key {
            private final org.pt.engine.model.SystemModel skeleton;
            private final List<SpaceSpec> spaces;
            private final int hash;

            /**
             * {@code hash} is {@code skeletonHash * 31 + spaces.hashCode()}, computed by the caller, who has it for
             * every prefix of one build order in one pass (a model's value hashes are not cached, and hashing the
             * skeleton and the spaces of each of n prefixes again would take time O(n^2)).
             */
            Key(org.pt.engine.model.SystemModel skeleton, List<SpaceSpec> spaces, int hash) {
                this.skeleton = skeleton;
                this.spaces = spaces;
                this.hash = hash;
            }

            @Override
            public boolean equals(Object o) {
                return o instanceof Key k && k.hash == hash && k.spaces.size() == spaces.size()
                        && k.skeleton.equals(skeleton) && k.spaces.equals(spaces);
            }

            @Override
            public int hashCode() {
                return hash;
            }
        }

        private Prefix(List<Finding> findings, Map<String, Simulation> simulations, Map<String, BuiltSpace> built) {
            this.findings = List.copyOf(findings);
            this.simulations = forks(simulations);
            this.built = into(built, this.simulations);
        }

        /** The heap its tables take, counting the frames it shares with the build it was taken from. */
        long tableBytes() {
            return Analysis.tableBytes(simulations);
        }

        /** The spaces built before this state, in build order. */
        List<String> spaces() {
            return List.copyOf(built.keySet());
        }

        /** The simulated memory of machine {@code machine} in this state (for tests). */
        Optional<Simulation> simulation(String machine) {
            return Optional.ofNullable(simulations.get(machine));
        }

        private static Map<String, Simulation> forks(Map<String, Simulation> simulations) {
            Map<String, Simulation> out = new LinkedHashMap<>();
            simulations.forEach((name, sim) -> out.put(name, sim.fork()));
            return out;
        }

        /** {@code built} with each space taken from its machine's simulation in {@code simulations}. */
        private static Map<String, BuiltSpace> into(Map<String, BuiltSpace> built, Map<String, Simulation> simulations) {
            Map<String, BuiltSpace> out = new LinkedHashMap<>();
            built.forEach((name, b) -> out.put(name, new BuiltSpace(b.spec(),
                    simulations.get(b.spec().layout().machine().name()).space(name).orElseThrow(), b.mappings(),
                    b.strategy(), b.events())));
            return out;
        }
    }

    /** Where builds keep and find their {@link Prefix}es, and count the spaces they build and reuse. */
    interface Prefixes {
        /** The state after the prefix {@code key}, when it is held. */
        Optional<Prefix> find(Prefix.Key key);

        /** Holds the state after the prefix {@code key}. */
        void keep(Prefix.Key key, Prefix state);

        /** Space {@code name} was built ({@code built}) or taken from a held prefix. */
        void count(String name, boolean built);

        /** How many prefixes are held at most: a build keeps the states after its last spaces only. */
        int kept();
    }

    private static long tableBytes(Map<String, Simulation> simulations) {
        long bytes = 0;
        for (Simulation sim : simulations.values()) {
            bytes += sim.memory().heldBytes();
        }
        return bytes;
    }

    /** {@code tables} without the operations of its spaces (see {@link Prefix.Key}). */
    private static org.pt.engine.model.SystemModel skeletonOf(org.pt.engine.model.SystemModel tables) {
        List<SpaceSpec> spaces = new ArrayList<>();
        for (SpaceSpec s : tables.spaces()) {
            spaces.add(new SpaceSpec(s.name(), s.layout(), s.strategy(), s.shareKernelWith(), List.of(), List.of(),
                    s.rootAt()));
        }
        return new org.pt.engine.model.SystemModel(tables.machines(), tables.layouts(), spaces, List.of());
    }

    /**
     * The analysis of {@code model} from the build of its tables: its queries answered and its outputs made against
     * the built spaces, whose specs become {@code model}'s own (with its queries).
     */
    static AnalysisResult complete(Built tables, org.pt.engine.model.SystemModel model) {
        Analysis a = new Analysis(model);
        a.findings.addAll(tables.findings);
        a.simulations.putAll(tables.simulations);
        Map<String, SpaceSpec> specs = new HashMap<>();
        Map<String, Optional<StrategySpec>> strategies = strategies(model.spaces());
        for (SpaceSpec s : model.spaces()) {
            specs.putIfAbsent(s.name(), new SpaceSpec(s.name(), s.layout(), strategies.get(s.name()), s.shareKernelWith(),
                    s.operations(), s.queries(), s.rootAt()));
        }
        tables.spaces.forEach((name, b) -> a.built.put(name, new BuiltSpace(specs.get(name), b.space(), b.mappings(),
                b.strategy(), b.events())));
        a.answerAndOutput(tables);
        return new AnalysisResult(a.findings, a.simulations, a.built, a.answers, a.images);
    }

    private static Map<String, SpaceSpec> byName(List<SpaceSpec> spaces) {
        Map<String, SpaceSpec> out = new HashMap<>();
        spaces.forEach(s -> out.putIfAbsent(s.name(), s));
        return out;
    }

    /**
     * Each space's strategy, by name (the first space of each name): its own, or else, when it shares the kernel half,
     * the strategy of the space it shares with (followed along the sharing chain; a cycle, reported by the sharing
     * checks, inherits nothing). A process thus reaches its tables as its kernel does without repeating
     * {@code tables via ...}. Each chain is followed once, whatever its length: what a space inherits is kept for
     * every space that shares with it (3,000 spaces sharing in a chain are resolved in 3,000 steps, not 4.5 million).
     */
    static Map<String, Optional<StrategySpec>> strategies(List<SpaceSpec> spaces) {
        Map<String, SpaceSpec> byName = byName(spaces);
        Map<String, Optional<StrategySpec>> out = new HashMap<>();
        for (SpaceSpec s : spaces) {
            List<String> path = new ArrayList<>();
            Set<String> onPath = new HashSet<>();
            SpaceSpec at = s;
            Optional<StrategySpec> found = Optional.empty();
            while (at != null) {
                Optional<StrategySpec> known = out.get(at.name());
                if (known != null) {
                    found = known;
                    break;
                }
                if (!onPath.add(at.name())) {
                    break; // a cycle: inherits nothing
                }
                path.add(at.name());
                if (at.strategy().isPresent() || at.shareKernelWith().isEmpty()) {
                    found = at.strategy();
                    break;
                }
                at = byName.get(at.shareKernelWith().get());
            }
            for (String name : path) {
                out.put(name, found);
            }
        }
        return out;
    }

    private void buildAll() {
        for (SpaceSpec s : model.spaces()) {
            strategies.putIfAbsent(s.name(), StrategyChecks.resolve(s));
        }
        for (Machine m : model.machines()) {
            List<Finding> mf = MachineChecks.check(m);
            findings.addAll(mf);
            if (mf.stream().anyMatch(f -> f.severity() == Severity.ERROR && POOL_ERRORS.contains(f.code()))) {
                unsimulated.add(m.name());
            } else {
                simulation(m);
            }
        }
        for (Layout l : model.layouts()) {
            findings.addAll(LayoutChecks.check(l));
        }
        List<SpaceSpec> order = List.copyOf(buildOrder());
        int[] hashes = prefixes == null ? null : prefixHashes(order);
        int from = prefixes == null ? 0 : restoreLongestPrefix(order, hashes);
        // the memo keeps its last prefixes only: states after earlier spaces would be made to be dropped at once
        int keepFrom = prefixes == null ? order.size() : Math.max(from, order.size() - 1 - prefixes.kept());
        for (int i = from; i < order.size(); i++) {
            SpaceSpec s = order.get(i);
            guarded(new Subject.SpaceRef(s.name()), "building space '" + s.name() + "'", () -> {
                failIfInjected(s.name());
                build(s);
            });
            if (prefixes != null) {
                prefixes.count(order.get(i).name(), true);
                if (i + 1 < order.size() && i >= keepFrom && !failed) { // a failure (the heap ran out?) is not remembered
                    prefixes.keep(prefixKey(order, i + 1, hashes), new Prefix(findings, simulations, built));
                }
            }
        }
        List<BuiltSpace> all = new ArrayList<>(built.values());
        for (BuiltSpace b : all) {
            findings.addAll(StrategySetup.verify(b));
        }
        findings.addAll(SharingChecks.check(all));
        findings.addAll(Hazards.check(all));
    }

    /**
     * Continues from the longest prefix of {@code order} that {@link #prefixes} holds: its findings, forks of its
     * simulations and its spaces replace this build's. Returns how many spaces of {@code order} that prefix built.
     */
    private int restoreLongestPrefix(List<SpaceSpec> order, int[] hashes) {
        for (int k = order.size() - 1; k > 0; k--) {
            Optional<Prefix> held = prefixes.find(prefixKey(order, k, hashes));
            if (held.isPresent()) {
                Prefix p = held.get();
                findings.clear();
                findings.addAll(p.findings);
                simulations.clear();
                simulations.putAll(Prefix.forks(p.simulations));
                built.clear();
                built.putAll(Prefix.into(p.built, simulations));
                built.keySet().forEach(name -> prefixes.count(name, false));
                return k;
            }
        }
        return 0;
    }

    /** {@code hashes[k]}: the {@link Prefix.Key} hash of the first {@code k} spaces of {@code order}. */
    private int[] prefixHashes(List<SpaceSpec> order) {
        if (skeleton == null) {
            skeleton = skeletonOf(model);
        }
        int skeletonHash = skeleton.hashCode();
        int[] hashes = new int[order.size() + 1];
        int listHash = 1; // List.hashCode of the first k spaces, as List defines it
        for (int k = 0; k <= order.size(); k++) {
            if (k > 0) {
                listHash = 31 * listHash + order.get(k - 1).hashCode();
            }
            hashes[k] = 31 * skeletonHash + listHash;
        }
        return hashes;
    }

    private Prefix.Key prefixKey(List<SpaceSpec> order, int spaces, int[] hashes) {
        return new Prefix.Key(skeleton, order.subList(0, spaces), hashes[spaces]);
    }

    private void answerAndOutput(Built tables) {
        for (BuiltSpace b : built.values()) {
            for (Query q : b.spec().queries()) {
                Subject.QueryRef at = new Subject.QueryRef(b.name(), q.index());
                guarded(at, "answering a query of space '" + b.name() + "'", () -> {
                    Answer a = q instanceof Query.Report r && !r.what().equals(Optional.of(EventReport.ASPECT))
                            ? tables.report(b, r) : answer(b, q, built);
                    answers.put(at, a);
                    findings.addAll(Messages.findings(at, a));
                });
            }
        }
        for (Output o : model.outputs()) {
            guarded(Subject.OutputRef.directive(o.index()), "making an output", () -> output(o));
        }
    }

    /**
     * Runs one step of the analysis (a space built, a query answered, an output made): a failure of the engine itself
     * (an exception, the heap or the stack running out) becomes an {@link Code#INTERNAL} error on {@code at}, the
     * element it was working on, so that no failure makes the analysis pass silently; the other steps still run.
     */
    private void guarded(Subject at, String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            failed = true;
            String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
                    : e.getMessage();
            findings.add(Finding.error(Code.INTERNAL, "internal error while " + what + ": " + message, at));
        }
    }

    /** The failures {@link #injectFailure} set on this thread, by space name. */
    private static final ThreadLocal<Map<String, Throwable>> INJECTED = ThreadLocal.withInitial(HashMap::new);

    /**
     * Test hook: on this thread, until the returned handle is closed, building the space {@code space} fails with
     * {@code failure} (a {@link RuntimeException} or an {@link Error}, such as an {@link OutOfMemoryError}), as a bug
     * or an exhausted heap would, so that tests can show such a failure is never silent.
     */
    public static AutoCloseable injectFailure(String space, Throwable failure) {
        if (!(failure instanceof RuntimeException || failure instanceof Error)) {
            throw new IllegalArgumentException("an unchecked throwable, not " + failure);
        }
        INJECTED.get().put(space, failure);
        return () -> INJECTED.get().remove(space);
    }

    private static void failIfInjected(String space) {
        Throwable t = INJECTED.get().get(space);
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
    }

    private void output(Output o) {
        OutputChecks.image(o, built).ifPresent(r -> {
            switch (r) {
                case TableImage.Result.Built b -> {
                    List<Finding> form = OutputChecks.form(o, b.image());
                    findings.addAll(form);
                    if (form.isEmpty()) {
                        images.put(o.index(), b.image());
                        findings.add(OutputChecks.summary(o, b.image()));
                    }
                }
                case TableImage.Result.Refused x -> findings.addAll(OutputChecks.refusals(o, x.refusals()));
            }
        });
    }

    private Optional<Simulation> simulation(Machine m) {
        if (unsimulated.contains(m.name())) {
            return Optional.empty();
        }
        Simulation sim = simulations.get(m.name());
        if (sim == null) {
            try {
                sim = new Simulation(m.format(), m.tablePools(), m.frameBudget(), tableDescriptorBits(m));
            } catch (IllegalArgumentException refused) {
                // MachineChecks reports every pool the simulation refuses (POOL_ERRORS), and then none is made: a
                // refusal it missed must not leave the machine's spaces unbuilt without a word
                unsimulated.add(m.name());
                findings.add(Finding.error(Code.INTERNAL, "internal error: machine '" + m.name()
                        + "' is not simulated: " + refused.getMessage(), new Subject.MachineRef(m.name())));
                return Optional.empty();
            }
            simulations.put(m.name(), sim);
        }
        return Optional.of(sim);
    }

    /** The table-descriptor bits the strategies of the machine's spaces need in every space of it. */
    private long tableDescriptorBits(Machine m) {
        long bits = 0;
        for (SpaceSpec s : model.spaces()) {
            if (s.layout().machine().name().equals(m.name())
                    && strategies.get(s.name()) instanceof StrategyResolution.Resolved r) {
                bits |= r.access().tableDescriptorBits();
            }
        }
        return bits;
    }

    /**
     * Spaces that others share from come first; a sharing cycle is reported and its members built unshared. Each
     * chain is followed without recursion, so that no length of it can overflow the stack.
     */
    private List<SpaceSpec> buildOrder() {
        Map<String, SpaceSpec> byName = new LinkedHashMap<>();
        for (SpaceSpec s : model.spaces()) {
            byName.putIfAbsent(s.name(), s);
        }
        List<SpaceSpec> order = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (SpaceSpec s : byName.values()) {
            // the chain from s to the first space built already, shared-from last
            LinkedHashSet<String> path = new LinkedHashSet<>();
            List<SpaceSpec> chain = new ArrayList<>();
            SpaceSpec at = s;
            while (at != null && !done.contains(at.name())) {
                if (!path.add(at.name())) {
                    cycle(at.name(), path);
                    break;
                }
                chain.add(at);
                at = at.shareKernelWith().map(byName::get).orElse(null);
            }
            for (int i = chain.size() - 1; i >= 0; i--) {
                if (done.add(chain.get(i).name())) {
                    order.add(chain.get(i));
                }
            }
        }
        return order;
    }

    /** Reports the sharing cycle that {@code name} closes on {@code path}, whose members from it on are built unshared. */
    private void cycle(String name, Set<String> path) {
        findings.add(Finding.error(Code.SHARE_REJECTED, "space '" + name + "' shares its kernel half in a cycle",
                new Subject.ShareRef(name)));
        boolean inCycle = false;
        for (String p : path) {
            inCycle |= p.equals(name);
            if (inCycle) {
                cyclic.add(p);
            }
        }
    }

    private void build(SpaceSpec s) {
        Machine m = s.layout().machine();
        Optional<Simulation> sim = simulation(m);
        if (sim.isEmpty()) {
            return;
        }
        Simulation.Created c = sim.get().createSpace(s.name(), s.rootAt());
        if (c instanceof Simulation.Created.Refused r && r.error() instanceof MappingError.RootMisplaced) {
            findings.add(Refusals.finding(r.error(), "", new Subject.RootRef(s.name())));
            return;
        }
        if (c instanceof Simulation.Created.Refused r) {
            findings.add(Refusals.finding(r.error(), "space '" + s.name() + "': ", new Subject.SpaceRef(s.name())));
            return;
        }
        AddressSpace space = ((Simulation.Created.Ok) c).space();
        StrategyResolution strategy = strategies.get(s.name());
        findings.addAll(StrategySetup.install(s, space, strategy));
        List<BuiltSpace.StatementEvents> events = new ArrayList<>();
        s.shareKernelWith().filter(other -> !cyclic.contains(s.name())).ifPresent(other -> share(s, space, other, events));
        List<ResolvedMapping> applied = new ArrayList<>();
        for (Operation op : s.operations()) {
            apply(s, space, op, applied, events);
        }
        built.put(s.name(), new BuiltSpace(s, space, applied, strategy, events));
    }

    private void share(SpaceSpec s, AddressSpace space, String other, List<BuiltSpace.StatementEvents> events) {
        BuiltSpace from = built.get(other);
        if (from == null) {
            findings.add(Finding.error(Code.SHARE_REJECTED, "space '" + s.name() + "' cannot share with '" + other
                    + "', which was not built", new Subject.ShareRef(s.name())));
            return;
        }
        OpResult r = space.share(from.space(), kernelHalf(space.simulation().format()));
        if (r instanceof OpResult.Rejected rej) {
            findings.add(Refusals.finding(rej.error(), "", new Subject.ShareRef(s.name())));
        } else if (!r.eventsOrThrow().isEmpty()) {
            events.add(new BuiltSpace.StatementEvents(new Subject.ShareRef(s.name()), r.eventsOrThrow()));
        }
    }

    /**
     * The VA range of the kernel half: the high canonical half (x86, RISC-V), TTBR1 (AArch64), 3-4 GiB on 32-bit
     * (the classic 3G/1G split), the upper half of TTBR0 when TTBR1 walks are disabled.
     */
    public static AddressRange kernelHalf(PagingFormat f) {
        if (f.halves().size() > 1) {
            return f.halves().get(1).ranges().get(0);
        }
        Half h = f.halves().get(0);
        if (h.ranges().size() > 1) {
            return h.ranges().get(1);
        }
        AddressRange only = h.ranges().get(0);
        if (Long.compareUnsigned(only.last(), 0xFFFF_FFFFL) <= 0) {
            return AddressRange.inclusive(0xC000_0000L, only.last());
        }
        return AddressRange.inclusive(only.start() + (only.size() >>> 1), only.last());
    }

    /** Runs one operation; a refusal is an error at the statement, what it did to the tables is kept as its events. */
    private void apply(SpaceSpec s, AddressSpace space, Operation op, List<ResolvedMapping> applied,
            List<BuiltSpace.StatementEvents> events) {
        Subject at = new Subject.OperationRef(s.name(), op.index());
        List<Event> did = new ArrayList<>();
        switch (op) {
            case Operation.Map map -> {
                List<ResolvedMapping> resolved = resolve(s, map, at);
                if (map.source() instanceof MapSource.AllRam) {
                    findings.addAll(MappingChecks.allRam(s, map, resolved));
                }
                findings.addAll(MappingChecks.check(s, resolved));
                for (ResolvedMapping r : resolved) {
                    if (!record(space.map(r.va().start(), r.va().size(), r.pa(), r.attributes(), r.policy(),
                            r.remap()), at, did)) {
                        break;
                    }
                    applied.add(r);
                }
            }
            case Operation.Unmap un -> record(space.unmap(un.va().start(), un.va().size()), at, did);
            case Operation.Protect p -> record(space.protect(p.va().start(), p.va().size(), p.attributes()), at, did);
            case Operation.Compact c -> record(space.compact(), at, did);
        }
        if (!did.isEmpty()) {
            events.add(new BuiltSpace.StatementEvents(at, did));
        }
    }

    /** Reports a refused operation at its statement (false), or adds what it did to {@code did} (true). */
    private boolean record(OpResult r, Subject at, List<Event> did) {
        if (r instanceof OpResult.Rejected rej) {
            findings.add(Refusals.finding(rej.error(), "", at));
            return false;
        }
        did.addAll(r.eventsOrThrow());
        return true;
    }

    private List<ResolvedMapping> resolve(SpaceSpec s, Operation.Map map, Subject at) {
        List<ResolvedMapping> out = new ArrayList<>();
        MapSource src = map.source();
        if (src instanceof MapSource.AllRam) {
            Optional<Region> region = map.region().flatMap(s.layout()::region);
            if (region.isEmpty()) {
                findings.add(Finding.error(Code.UNKNOWN_REGION, "'map all ram' needs a region of layout '"
                        + s.layout().name() + "' to map into", at));
                return out;
            }
            Region r = region.get();
            if (!Unsigned.isAligned(r.physicalBase(), s.layout().machine().format().smallestPage())) {
                return out; // LayoutChecks reports the base
            }
            for (PhysicalRegion ram : s.layout().machine().ram()) {
                if (Long.compareUnsigned(ram.range().last(), r.physicalBase()) < 0) {
                    continue; // below the base: MappingChecks.allRam reports it
                }
                long start = Unsigned.max(ram.range().start(), r.physicalBase());
                long size = ram.range().last() - start + 1;
                long offset = start - r.physicalBase();
                if (!Unsigned.addFits(r.range().start(), offset)) {
                    findings.add(Finding.error(Code.INVALID_RANGE, "RAM at " + Unsigned.hex(start) + " does not fit in "
                            + r.name() + ": " + Unsigned.hex(r.range().start()) + " + " + Unsigned.hex(offset)
                            + " wraps past 2^64", at));
                    continue;
                }
                long va = r.range().start() + offset;
                if (AddressRange.checkSized(va, size).isPresent()) {
                    findings.add(Refusals.finding(new MappingError.InvalidRange(va, size, false), "", at));
                    continue;
                }
                out.add(new ResolvedMapping(map.index(), AddressRange.ofSize(va, size), start,
                        map.attributes(), map.policy(), map.remap(), src, map.region()));
            }
            return out;
        }
        AddressRange va = map.va().orElseThrow(() -> new IllegalArgumentException("map without a range"));
        long pa = src instanceof MapSource.Physical p ? p.pa() : va.start();
        out.add(new ResolvedMapping(map.index(), va, pa, map.attributes(), map.policy(), map.remap(), src, map.region()));
        return out;
    }

    /**
     * The answer to query {@code q} (any walk, reach or report, written in the spec or not) of a space the analysis
     * built. Reads the built spaces and never writes them, so queries may run at once, from several threads, and
     * after the analysis (an editor's hover).
     */
    public static Answer answer(AnalysisResult result, String space, Query q) {
        BuiltSpace b = result.space(space).orElseThrow(() -> new IllegalArgumentException("no space '" + space + "' was built"));
        return answer(b, q, result.spaces());
    }

    private static Answer answer(BuiltSpace b, Query q, Map<String, BuiltSpace> built) {
        return switch (q) {
            case Query.Walk w -> walk(b, w);
            case Query.Reach r -> Reach.answer(b, r, built);
            case Query.Decode d -> Decoding.answer(b.space().simulation().format(), d);
            case Query.Report r when r.what().equals(Optional.of(EventReport.ASPECT)) -> new Answer.Events(b.name(), b.events());
            case Query.Report r -> Costs.report(b, r, b.strategy());
        };
    }

    private static Answer.Walk walk(BuiltSpace b, Query.Walk w) {
        WalkTrace t = b.space().walk(w.va(), null);
        Translation r = t.result();
        Answer.Expectation e = new Answer.Expectation.None();
        if (w.expectFault()) {
            e = r instanceof Translation.Mapped ? new Answer.Expectation.FaultExpected() : new Answer.Expectation.Met();
        }
        if (!e.failed() && w.expectPa().isPresent()) {
            long want = w.expectPa().getAsLong();
            e = r instanceof Translation.Mapped m && m.pa() == want ? new Answer.Expectation.Met()
                    : new Answer.Expectation.PaExpected(want);
        }
        return new Answer.Walk(w.va(), t, e);
    }

    static Map<String, Integer> index(List<BuiltSpace> spaces) {
        Map<String, Integer> out = new HashMap<>();
        for (int i = 0; i < spaces.size(); i++) {
            out.put(spaces.get(i).name(), i);
        }
        return out;
    }
}
