package org.pt.engine.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.pt.engine.core.AddressRange;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.PagingFormat;
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
import org.pt.engine.space.PageSizePolicy;

/** Fluent builders for analysis tests: a machine, a layout, spaces, then {@link #analyse()}. */
final class Specs {

    static final long KIB = 1L << 10;
    static final long MIB = 1L << 20;
    static final long GIB = 1L << 30;
    static final long TIB = 1L << 40;

    static MachineB machine(String name, PagingFormat format) {
        return new MachineB(name, format);
    }

    static final class MachineB {
        private final String name;
        private final PagingFormat format;
        private final List<PhysicalRegion> memory = new ArrayList<>();
        private final List<AddressRange> pools = new ArrayList<>();
        private int cpus = 1;
        private long budget = 1L << 20;

        MachineB(String name, PagingFormat format) {
            this.name = name;
            this.format = format;
        }

        MachineB ram(long start, long size) {
            return region(PhysicalKind.RAM, start, size, "");
        }

        MachineB reserved(long start, long size, String label) {
            return region(PhysicalKind.RESERVED, start, size, label);
        }

        MachineB mmio(long start, long size, String label) {
            return region(PhysicalKind.MMIO, start, size, label);
        }

        MachineB region(PhysicalKind kind, long start, long size, String label) {
            memory.add(new PhysicalRegion(memory.size(), kind, AddressRange.ofSize(start, size), label));
            return this;
        }

        MachineB tables(long start, long size) {
            pools.add(AddressRange.ofSize(start, size));
            return this;
        }

        MachineB cpus(int n) {
            cpus = n;
            return this;
        }

        MachineB budget(long frames) {
            budget = frames;
            return this;
        }

        Machine build() {
            return new Machine(name, format, cpus, memory, pools, budget);
        }
    }

    static LayoutB layout(String name, Machine m) {
        return new LayoutB(name, m);
    }

    static final class LayoutB {
        private final String name;
        private final Machine machine;
        private final List<Region> regions = new ArrayList<>();

        LayoutB(String name, Machine machine) {
            this.name = name;
            this.machine = machine;
        }

        LayoutB region(String n, Purpose p, long start, long size) {
            regions.add(Region.of(n, p, AddressRange.ofSize(start, size)));
            return this;
        }

        LayoutB regionInclusive(String n, Purpose p, long start, long last) {
            regions.add(Region.of(n, p, AddressRange.inclusive(start, last)));
            return this;
        }

        /** A self-map region: the range of top-level entry {@code slot} of the first half that has it. */
        LayoutB slot(String n, int slot) {
            regions.add(new Region(n, Purpose.SELF_MAP, Slots.range(machine.format(), slot), OptionalInt.of(slot)));
            return this;
        }

        Layout build() {
            return new Layout(name, machine, regions);
        }
    }

    static SpaceB space(String name, Layout l) {
        return new SpaceB(name, l);
    }

    static final class SpaceB {
        private final String name;
        private final Layout layout;
        private Optional<StrategySpec> strategy = Optional.empty();
        private Optional<String> share = Optional.empty();
        private final List<Operation> ops = new ArrayList<>();
        private final List<Query> queries = new ArrayList<>();

        SpaceB(String name, Layout layout) {
            this.name = name;
            this.layout = layout;
        }

        SpaceB strategy(StrategySpec s) {
            strategy = Optional.of(s);
            return this;
        }

        SpaceB shareKernelWith(String other) {
            share = Optional.of(other);
            return this;
        }

        private int next() {
            return ops.size() + queries.size();
        }

        SpaceB map(long va, long size, long pa, Attributes a) {
            ops.add(new Operation.Map(next(), Optional.of(AddressRange.ofSize(va, size)), Optional.empty(),
                    new MapSource.Physical(pa), a, PageSizePolicy.LARGEST, false));
            return this;
        }

        SpaceB mapRegion(String region, long size, long pa, Attributes a) {
            long start = layout.region(region).orElseThrow().range().start();
            ops.add(new Operation.Map(next(), Optional.of(AddressRange.ofSize(start, size)), Optional.of(region),
                    new MapSource.Physical(pa), a, PageSizePolicy.LARGEST, false));
            return this;
        }

        SpaceB identity(long va, long size, Attributes a) {
            ops.add(new Operation.Map(next(), Optional.of(AddressRange.ofSize(va, size)), Optional.empty(),
                    new MapSource.Identity(), a, PageSizePolicy.LARGEST, false));
            return this;
        }

        SpaceB allRam(String region, Attributes a) {
            ops.add(new Operation.Map(next(), Optional.empty(), Optional.of(region), new MapSource.AllRam(), a,
                    PageSizePolicy.LARGEST, false));
            return this;
        }

        SpaceB unmap(long va, long size) {
            ops.add(new Operation.Unmap(next(), AddressRange.ofSize(va, size)));
            return this;
        }

        SpaceB walk(long va, long expectPa) {
            queries.add(new Query.Walk(next(), va, OptionalLong.of(expectPa), false));
            return this;
        }

        SpaceB walk(long va) {
            queries.add(new Query.Walk(next(), va, OptionalLong.empty(), false));
            return this;
        }

        SpaceB reach(long va, String from) {
            queries.add(new Query.Reach(next(), va, from));
            return this;
        }

        SpaceB report() {
            queries.add(new Query.Report(next(), Optional.empty()));
            return this;
        }

        SpaceSpec build() {
            return new SpaceSpec(name, layout, strategy, share, ops, queries);
        }
    }

    static AnalysisResult analyse(List<Machine> machines, List<Layout> layouts, List<SpaceSpec> spaces) {
        return Analysis.run(new SystemModel(machines, layouts, spaces));
    }

    /** Findings as {@code severity code: message} lines, for exact comparison. */
    static List<String> lines(AnalysisResult r) {
        List<String> out = new ArrayList<>();
        for (Finding f : r.findings()) {
            out.add(f.toString());
        }
        return out;
    }

    static List<String> lines(AnalysisResult r, Code code) {
        List<String> out = new ArrayList<>();
        for (Finding f : r.findings()) {
            if (f.code() == code) {
                out.add(f.toString());
            }
        }
        return out;
    }
}
