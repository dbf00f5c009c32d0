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
        private long budget;

        MachineB(String name, PagingFormat format) {
            this.name = name;
            this.format = format;
            this.budget = Machine.maxFrameBudget(format.frameShift());
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

        /** A direct-map region whose first byte holds physical {@code base} ({@code from physical BASE}). */
        LayoutB directMap(String n, long start, long size, long base) {
            regions.add(Region.of(n, Purpose.DIRECT_MAP, AddressRange.ofSize(start, size)).withPhysicalBase(base));
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
            return map(va, size, pa, a, PageSizePolicy.LARGEST);
        }

        SpaceB map(long va, long size, long pa, Attributes a, PageSizePolicy policy) {
            ops.add(new Operation.Map(next(), Optional.of(AddressRange.ofSize(va, size)), Optional.empty(),
                    new MapSource.Physical(pa), a, policy, false));
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

        SpaceB protect(long va, long size, Attributes a) {
            ops.add(new Operation.Protect(next(), AddressRange.ofSize(va, size), a));
            return this;
        }

        SpaceB compact() {
            ops.add(new Operation.Compact(next()));
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

    // ---- layout checks (helper A): Linux's x86_64 layouts ---------------------------------------------------

    /**
     * A PC for the Linux layouts: x86_64 with 46 physical bits, low RAM, the VGA/BIOS hole, RAM to 3 GiB, the
     * IOAPIC/LAPIC/HPET MMIO, 60 GiB of RAM above 4 GiB and a 4 MiB table pool at 32 MiB.
     */
    static Machine linuxPc(PagingFormat format) {
        return machine("pc", format)
                .ram(0, 0xA_0000)
                .reserved(0xA_0000, 0x6_0000, "VGA and BIOS")
                .ram(0x10_0000, 3 * GIB - 0x10_0000)
                .mmio(0xFEC0_0000L, 20 * MIB, "IOAPIC, LAPIC, HPET")
                .ram(4 * GIB, 60 * GIB)
                .tables(0x200_0000, 4 * MIB)
                .build();
    }

    /**
     * Linux's x86_64 4-level layout, Documentation/arch/x86/x86_64/mm.rst, every row a region. The "unused hole"
     * rows and the hypervisor guard hole are guard regions (nothing is mapped there); the non-canonical hole is not
     * a region. The fixmap's start (FIXADDR_START) varies with the configuration; its region is the most it can
     * take: from the end of the module space, 0xffff_ffff_ff00_0000, to the documented end 0xffff_ffff_ff5f_ffff.
     * The legacy vsyscall page is user-visible but lives in the kernel half (current kernels emulate it): "other".
     */
    static Layout linux4Level(Machine m) {
        return layout("linux", m)
                .regionInclusive("user", Purpose.USER, 0x0000_0000_0000_0000L, 0x0000_7fff_ffff_ffffL)
                .regionInclusive("hypervisor_guard", Purpose.GUARD, 0xffff_8000_0000_0000L, 0xffff_87ff_ffff_ffffL)
                .regionInclusive("ldt_remap", Purpose.KERNEL, 0xffff_8800_0000_0000L, 0xffff_887f_ffff_ffffL)
                .regionInclusive("direct_map", Purpose.DIRECT_MAP, 0xffff_8880_0000_0000L, 0xffff_c87f_ffff_ffffL)
                .regionInclusive("unused_1", Purpose.GUARD, 0xffff_c880_0000_0000L, 0xffff_c8ff_ffff_ffffL)
                .regionInclusive("vmalloc", Purpose.KERNEL, 0xffff_c900_0000_0000L, 0xffff_e8ff_ffff_ffffL)
                .regionInclusive("unused_2", Purpose.GUARD, 0xffff_e900_0000_0000L, 0xffff_e9ff_ffff_ffffL)
                .regionInclusive("vmemmap", Purpose.KERNEL, 0xffff_ea00_0000_0000L, 0xffff_eaff_ffff_ffffL)
                .regionInclusive("unused_3", Purpose.GUARD, 0xffff_eb00_0000_0000L, 0xffff_ebff_ffff_ffffL)
                .regionInclusive("kasan_shadow", Purpose.KERNEL, 0xffff_ec00_0000_0000L, 0xffff_fbff_ffff_ffffL)
                .regionInclusive("unused_4", Purpose.GUARD, 0xffff_fc00_0000_0000L, 0xffff_fdff_ffff_ffffL)
                .regionInclusive("cpu_entry_area", Purpose.KERNEL, 0xffff_fe00_0000_0000L, 0xffff_fe7f_ffff_ffffL)
                .regionInclusive("unused_5", Purpose.GUARD, 0xffff_fe80_0000_0000L, 0xffff_feff_ffff_ffffL)
                .regionInclusive("esp_fixup_stacks", Purpose.KERNEL, 0xffff_ff00_0000_0000L, 0xffff_ff7f_ffff_ffffL)
                .regionInclusive("unused_6", Purpose.GUARD, 0xffff_ff80_0000_0000L, 0xffff_ffee_ffff_ffffL)
                .regionInclusive("efi", Purpose.OTHER, 0xffff_ffef_0000_0000L, 0xffff_fffe_ffff_ffffL)
                .regionInclusive("unused_7", Purpose.GUARD, 0xffff_ffff_0000_0000L, 0xffff_ffff_7fff_ffffL)
                .regionInclusive("kernel_text", Purpose.KERNEL, 0xffff_ffff_8000_0000L, 0xffff_ffff_9fff_ffffL)
                .regionInclusive("modules", Purpose.KERNEL, 0xffff_ffff_a000_0000L, 0xffff_ffff_feff_ffffL)
                .regionInclusive("fixmap", Purpose.KERNEL, 0xffff_ffff_ff00_0000L, 0xffff_ffff_ff5f_ffffL)
                .regionInclusive("vsyscall", Purpose.OTHER, 0xffff_ffff_ff60_0000L, 0xffff_ffff_ff60_0fffL)
                .regionInclusive("unused_8", Purpose.GUARD, 0xffff_ffff_ffe0_0000L, 0xffff_ffff_ffff_ffffL)
                .build();
    }

    /**
     * Linux's x86_64 5-level (LA57) layout, mm.rst: its own rows up to the KASAN shadow, then the 4-level rows from
     * 0xffff_fc00_0000_0000 on, unchanged. Holes are guard regions as in {@link #linux4Level}.
     */
    static Layout linux5Level(Machine m) {
        LayoutB b = layout("linux57", m)
                .regionInclusive("user", Purpose.USER, 0x0000_0000_0000_0000L, 0x00ff_ffff_ffff_ffffL)
                .regionInclusive("hypervisor_guard", Purpose.GUARD, 0xff00_0000_0000_0000L, 0xff0f_ffff_ffff_ffffL)
                .regionInclusive("ldt_remap", Purpose.KERNEL, 0xff10_0000_0000_0000L, 0xff10_ffff_ffff_ffffL)
                .regionInclusive("direct_map", Purpose.DIRECT_MAP, 0xff11_0000_0000_0000L, 0xff90_ffff_ffff_ffffL)
                .regionInclusive("unused_1", Purpose.GUARD, 0xff91_0000_0000_0000L, 0xff9f_ffff_ffff_ffffL)
                .regionInclusive("vmalloc", Purpose.KERNEL, 0xffa0_0000_0000_0000L, 0xffd1_ffff_ffff_ffffL)
                .regionInclusive("unused_2", Purpose.GUARD, 0xffd2_0000_0000_0000L, 0xffd3_ffff_ffff_ffffL)
                .regionInclusive("vmemmap", Purpose.KERNEL, 0xffd4_0000_0000_0000L, 0xffd5_ffff_ffff_ffffL)
                .regionInclusive("unused_3", Purpose.GUARD, 0xffd6_0000_0000_0000L, 0xffde_ffff_ffff_ffffL)
                .regionInclusive("kasan_shadow", Purpose.KERNEL, 0xffdf_0000_0000_0000L, 0xffff_fbff_ffff_ffffL);
        for (Region r : linux4Level(m).regions()) {
            if (Long.compareUnsigned(r.range().start(), 0xffff_fc00_0000_0000L) >= 0) {
                b.regionInclusive(r.name(), r.purpose(), r.range().start(), r.range().last());
            }
        }
        return b.build();
    }

    // ---- sharing and hazards (helper C) ------------------------------------------------------------------------

    /** Appends a protect statement to {@code s}. */
    static SpaceB protect(SpaceB s, long va, long size, Attributes a) {
        s.ops.add(new Operation.Protect(s.next(), AddressRange.ofSize(va, size), a));
        return s;
    }

    /** Appends a map statement with an explicit page-size policy to {@code s}. */
    static SpaceB map(SpaceB s, long va, long size, long pa, Attributes a, PageSizePolicy policy) {
        s.ops.add(new Operation.Map(s.next(), Optional.of(AddressRange.ofSize(va, size)), Optional.empty(),
                new MapSource.Physical(pa), a, policy, false));
        return s;
    }

    // ---- strategies and costs (helper B) ---------------------------------------------------------------------------

    /** Adds {@code report <what>} (one aspect of the cost report) to a space. */
    static SpaceB report(SpaceB b, String what) {
        b.queries.add(new Query.Report(b.next(), Optional.of(what)));
        return b;
    }
}
