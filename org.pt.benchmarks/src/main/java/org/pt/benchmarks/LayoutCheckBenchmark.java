package org.pt.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.pt.engine.analysis.Finding;
import org.pt.engine.analysis.LayoutChecks;
import org.pt.engine.analysis.MachineChecks;
import org.pt.engine.analysis.MappingChecks;
import org.pt.engine.analysis.ResolvedMapping;
import org.pt.engine.core.AddressRange;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.X86Format;
import org.pt.engine.model.Layout;
import org.pt.engine.model.Machine;
import org.pt.engine.model.MapSource;
import org.pt.engine.model.PhysicalKind;
import org.pt.engine.model.PhysicalRegion;
import org.pt.engine.model.Purpose;
import org.pt.engine.model.Region;
import org.pt.engine.model.SpaceSpec;
import org.pt.engine.space.PageSizePolicy;

/**
 * Target: checking the Linux x86_64 4-level layout with its 64 TiB direct map, without building tables, takes 5 ms
 * or less warm ({@link #layoutAndMappings}, average time per check).
 *
 * <p>The machine is x86_64 with 46 physical bits and 64 TiB of physical address space described: low RAM, the VGA/BIOS
 * hole (reserved), RAM to 3 GiB, the IOAPIC/LAPIC/HPET MMIO below 4 GiB and RAM from 4 GiB to the top of the 46-bit
 * space, with a 4 MiB table pool in RAM. The layout is every row of Documentation/arch/x86/x86_64/mm.rst (22 regions,
 * the unused holes as guard regions). One check is what the analysis does for it without building anything:
 * {@link LayoutChecks#check} of the layout, then {@link MappingChecks#check} of each statement of a kernel space:
 * {@code map all ram into direct_map} (resolved to one mapping per RAM range, as the analysis resolves it, with the
 * highest RAM byte at the last byte of the 64 TiB region), the kernel text, a module, the cpu entry area, the fixmap
 * and a user mapping. Setup checks that the whole check finds nothing, so the clean path is what is measured.
 * {@link #machine} and {@link #directMapStatement} time the machine checks and the all-RAM statement alone.
 *
 * <p>Run: {@code ./build.sh bench LayoutCheckBenchmark -f 1 -wi 3 -i 5}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseParallelGC"})
public class LayoutCheckBenchmark {

    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;
    private static final long TIB = 1L << 40;

    /** mm.rst, 4-level: name, purpose, start, last. */
    private static final Object[][] LINUX = {
        {"user", Purpose.USER, 0x0000_0000_0000_0000L, 0x0000_7fff_ffff_ffffL},
        {"hypervisor_guard", Purpose.GUARD, 0xffff_8000_0000_0000L, 0xffff_87ff_ffff_ffffL},
        {"ldt_remap", Purpose.KERNEL, 0xffff_8800_0000_0000L, 0xffff_887f_ffff_ffffL},
        {"direct_map", Purpose.DIRECT_MAP, 0xffff_8880_0000_0000L, 0xffff_c87f_ffff_ffffL},
        {"unused_1", Purpose.GUARD, 0xffff_c880_0000_0000L, 0xffff_c8ff_ffff_ffffL},
        {"vmalloc", Purpose.KERNEL, 0xffff_c900_0000_0000L, 0xffff_e8ff_ffff_ffffL},
        {"unused_2", Purpose.GUARD, 0xffff_e900_0000_0000L, 0xffff_e9ff_ffff_ffffL},
        {"vmemmap", Purpose.KERNEL, 0xffff_ea00_0000_0000L, 0xffff_eaff_ffff_ffffL},
        {"unused_3", Purpose.GUARD, 0xffff_eb00_0000_0000L, 0xffff_ebff_ffff_ffffL},
        {"kasan_shadow", Purpose.KERNEL, 0xffff_ec00_0000_0000L, 0xffff_fbff_ffff_ffffL},
        {"unused_4", Purpose.GUARD, 0xffff_fc00_0000_0000L, 0xffff_fdff_ffff_ffffL},
        {"cpu_entry_area", Purpose.KERNEL, 0xffff_fe00_0000_0000L, 0xffff_fe7f_ffff_ffffL},
        {"unused_5", Purpose.GUARD, 0xffff_fe80_0000_0000L, 0xffff_feff_ffff_ffffL},
        {"esp_fixup_stacks", Purpose.KERNEL, 0xffff_ff00_0000_0000L, 0xffff_ff7f_ffff_ffffL},
        {"unused_6", Purpose.GUARD, 0xffff_ff80_0000_0000L, 0xffff_ffee_ffff_ffffL},
        {"efi", Purpose.OTHER, 0xffff_ffef_0000_0000L, 0xffff_fffe_ffff_ffffL},
        {"unused_7", Purpose.GUARD, 0xffff_ffff_0000_0000L, 0xffff_ffff_7fff_ffffL},
        {"kernel_text", Purpose.KERNEL, 0xffff_ffff_8000_0000L, 0xffff_ffff_9fff_ffffL},
        {"modules", Purpose.KERNEL, 0xffff_ffff_a000_0000L, 0xffff_ffff_feff_ffffL},
        {"fixmap", Purpose.KERNEL, 0xffff_ffff_ff00_0000L, 0xffff_ffff_ff5f_ffffL},
        {"vsyscall", Purpose.OTHER, 0xffff_ffff_ff60_0000L, 0xffff_ffff_ff60_0fffL},
        {"unused_8", Purpose.GUARD, 0xffff_ffff_ffe0_0000L, 0xffff_ffff_ffff_ffffL},
    };

    private Machine machine;
    private Layout layout;
    private SpaceSpec space;
    private List<List<ResolvedMapping>> statements;

    @Setup(Level.Trial)
    public void describe() {
        List<PhysicalRegion> memory = List.of(
                new PhysicalRegion(0, PhysicalKind.RAM, AddressRange.ofSize(0, 0xA_0000), ""),
                new PhysicalRegion(1, PhysicalKind.RESERVED, AddressRange.ofSize(0xA_0000, 0x6_0000), "VGA and BIOS"),
                new PhysicalRegion(2, PhysicalKind.RAM, AddressRange.inclusive(0x10_0000, 3 * GIB - 1), ""),
                new PhysicalRegion(3, PhysicalKind.MMIO, AddressRange.ofSize(0xFEC0_0000L, 20 * MIB), "IOAPIC, LAPIC, HPET"),
                new PhysicalRegion(4, PhysicalKind.RAM, AddressRange.inclusive(4 * GIB, 64 * TIB - 1), ""));
        machine = new Machine("pc", X86Format.x86_64(), 4, memory, List.of(AddressRange.ofSize(0x200_0000, 4 * MIB)),
                1L << 20);
        List<Region> regions = new ArrayList<>();
        for (Object[] row : LINUX) {
            regions.add(Region.of((String) row[0], (Purpose) row[1], AddressRange.inclusive((Long) row[2], (Long) row[3])));
        }
        layout = new Layout("linux", machine, regions);
        space = new SpaceSpec("kernel", layout, Optional.empty(), Optional.empty(), List.of(), List.of());

        Attributes rw = Attributes.KERNEL_RW.withGlobal(true);
        long directMap = layout.region("direct_map").orElseThrow().range().start();
        List<ResolvedMapping> allRam = new ArrayList<>();
        for (PhysicalRegion ram : machine.ram()) {
            allRam.add(new ResolvedMapping(0, AddressRange.ofSize(directMap + ram.range().start(), ram.range().size()),
                    ram.range().start(), rw, PageSizePolicy.LARGEST, false, new MapSource.AllRam(),
                    Optional.of("direct_map")));
        }
        statements = List.of(allRam,
                explicit(1, 0xFFFF_FFFF_8100_0000L, 16 * MIB, 0x100_0000, Attributes.KERNEL_RX.withGlobal(true)),
                explicit(2, 0xFFFF_FFFF_C000_0000L, 2 * MIB, 0x200_0000, Attributes.KERNEL_RW),
                explicit(3, 0xFFFF_FE00_0000_0000L, 64 * 1024, 0x300_0000, Attributes.KERNEL_RW),
                explicit(4, 0xFFFF_FFFF_FF5F_F000L, 4096, 0xFEE0_0000L, Attributes.KERNEL_RW),
                explicit(5, 0x40_0000, 64 * 1024, 0x800_0000, Attributes.KERNEL_RW.withUser(true)));

        List<Finding> found = new ArrayList<>(MachineChecks.check(machine));
        found.addAll(check());
        if (!found.isEmpty()) {
            throw new IllegalStateException("the Linux layout should check clean, but: " + found);
        }
        long ramBytes = 0;
        for (PhysicalRegion ram : machine.ram()) {
            ramBytes += ram.range().size();
        }
        System.out.println("\nLinux x86_64 layout: " + regions.size() + " regions; all RAM " + (ramBytes >>> 30)
                + " GiB in " + allRam.size() + " ranges, direct map " + layout.region("direct_map").orElseThrow().range()
                + "; " + statements.size() + " map statements; no findings");
    }

    private static List<ResolvedMapping> explicit(int index, long va, long size, long pa, Attributes a) {
        return List.of(new ResolvedMapping(index, AddressRange.ofSize(va, size), pa, a, PageSizePolicy.LARGEST, false,
                new MapSource.Physical(pa), Optional.empty()));
    }

    private List<Finding> check() {
        List<Finding> out = new ArrayList<>(LayoutChecks.check(layout));
        for (List<ResolvedMapping> statement : statements) {
            out.addAll(MappingChecks.check(space, statement));
        }
        return out;
    }

    /** The layout's checks plus every map statement's: the target. */
    @Benchmark
    public List<Finding> layoutAndMappings() {
        return check();
    }

    /** {@code map all ram into direct_map} alone: 64 TiB of RAM in three ranges. */
    @Benchmark
    public List<Finding> directMapStatement() {
        return MappingChecks.check(space, statements.get(0));
    }

    /** The machine's physical map and pool. */
    @Benchmark
    public List<Finding> machine() {
        return MachineChecks.check(machine);
    }
}
