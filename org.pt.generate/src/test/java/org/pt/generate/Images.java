package org.pt.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.pt.engine.analysis.Analysis;
import org.pt.engine.analysis.AnalysisResult;
import org.pt.engine.analysis.Severity;
import org.pt.engine.analysis.Slots;
import org.pt.engine.core.AddressRange;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.Formats;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.image.TableImage;
import org.pt.engine.model.Layout;
import org.pt.engine.model.Machine;
import org.pt.engine.model.MapSource;
import org.pt.engine.model.Operation;
import org.pt.engine.model.Output;
import org.pt.engine.model.PhysicalKind;
import org.pt.engine.model.PhysicalRegion;
import org.pt.engine.model.Purpose;
import org.pt.engine.model.Region;
import org.pt.engine.model.SpaceSpec;
import org.pt.engine.model.StrategySpec;
import org.pt.engine.model.SystemModel;
import org.pt.engine.space.PageSizePolicy;

/**
 * Small systems whose table images the generator tests emit, built with the engine's records: an x86_64 PC with a
 * recursive kernel (and one with a foreign slot), a space sharing its kernel half, a direct map and a table map; a PAE
 * PC with page-directory recursion; a 32-bit PC.
 */
final class Images {

    static final long KIB = 1L << 10;
    static final long MIB = 1L << 20;
    static final long GIB = 1L << 30;
    static final long TIB = 1L << 40;
    static final long DIRECT = 0xFFFF_8880_0000_0000L;
    static final long KERNEL = 0xFFFF_FFFF_8000_0000L;
    static final long TABLEMAP = 0xFFFF_FE00_0000_0000L;
    static final Attributes RW = Attributes.KERNEL_RW;
    static final Attributes USER_RW = Attributes.of("rw").withUser(true);

    private Images() {
    }

    static PagingFormat format(String name) {
        return Formats.standard(name).orElseThrow();
    }

    static Machine machine(String name, PagingFormat f, long[] ram, long poolStart, long poolSize) {
        return machine(name, f, 1, ram, poolStart, poolSize);
    }

    static Machine machine(String name, PagingFormat f, int cpus, long[] ram, long poolStart, long poolSize) {
        List<PhysicalRegion> memory = new ArrayList<>();
        for (int i = 0; i < ram.length; i += 2) {
            memory.add(new PhysicalRegion(memory.size(), PhysicalKind.RAM, AddressRange.ofSize(ram[i], ram[i + 1]), ""));
        }
        return new Machine(name, f, cpus, memory, List.of(AddressRange.ofSize(poolStart, poolSize)),
                Machine.maxFrameBudget(f.frameShift()));
    }

    static Region region(String name, Purpose p, long start, long size) {
        return Region.of(name, p, AddressRange.ofSize(start, size));
    }

    static Region slot(PagingFormat f, String name, int slot) {
        return new Region(name, Purpose.SELF_MAP, Slots.range(f, slot), OptionalInt.of(slot));
    }

    static Operation map(int index, long va, long size, long pa, Attributes a) {
        return map(index, va, size, pa, a, PageSizePolicy.LARGEST);
    }

    static Operation map(int index, long va, long size, long pa, Attributes a, PageSizePolicy policy) {
        return new Operation.Map(index, Optional.of(AddressRange.ofSize(va, size)), Optional.empty(),
                new MapSource.Physical(pa), a, policy, false);
    }

    static Operation allRam(int index, String region, Attributes a) {
        return new Operation.Map(index, Optional.empty(), Optional.of(region), new MapSource.AllRam(), a,
                PageSizePolicy.LARGEST, false);
    }

    static SpaceSpec space(String name, Layout l, StrategySpec strategy, Operation... ops) {
        return new SpaceSpec(name, l, Optional.ofNullable(strategy), Optional.empty(), List.of(ops), List.of());
    }

    static Output output(int index, Output.Kind kind, OptionalLong at, String... spaces) {
        return new Output(index, kind, List.of(spaces), at, Optional.empty());
    }

    /** The analysis of one machine, one layout, the spaces and outputs; fails on any error. */
    static AnalysisResult analyse(Machine m, Layout l, List<SpaceSpec> spaces, List<Output> outputs) {
        AnalysisResult r = Analysis.run(new SystemModel(List.of(m), List.of(l), spaces, outputs));
        List<String> errors = r.findings().stream().filter(f -> f.severity() == Severity.ERROR).map(Object::toString)
                .toList();
        if (!errors.isEmpty()) {
            throw new AssertionError(errors.toString());
        }
        return r;
    }

    // ---- the x86_64 PC ------------------------------------------------------------------------------------------

    static final Machine PC = machine("pc", format("x86_64"), new long[] {0, 3 * GIB, 0x1_0000_0000L, 1 * GIB},
            0x200_0000L, 4 * MIB);
    static final Layout HH = new Layout("hh", PC, List.of(
            region("user", Purpose.USER, 0, 128 * TIB),
            region("direct_map", Purpose.DIRECT_MAP, DIRECT, 64 * TIB),
            region("tablemap", Purpose.OTHER, TABLEMAP, 4 * MIB),
            slot(PC.format(), "self", 510),
            region("kernel", Purpose.KERNEL, KERNEL, 512 * MIB)));

    /**
     * The x86_64 PC: 'kernel' (recursive slot 510), 'init' (shares its kernel half), 'fk' (recursive with foreign
     * slot 509), 'dm' (direct map of all RAM), 'pools' (table offset); {@code outputs} name them.
     */
    static AnalysisResult pc(Output... outputs) {
        SpaceSpec kernel = space("kernel", HH, new StrategySpec.Recursive("self", OptionalInt.empty()),
                map(0, KERNEL, 16 * MIB, 0x100_0000L, RW), map(1, 0x40_0000L, 64 * KIB, 0x800_0000L, USER_RW));
        SpaceSpec init = new SpaceSpec("init", HH, Optional.empty(), Optional.of("kernel"),
                List.of(map(0, 0x40_0000L, 8 * KIB, 0x900_0000L, USER_RW)), List.of());
        SpaceSpec fk = space("fk", HH, new StrategySpec.Recursive("self", OptionalInt.of(509)),
                map(0, KERNEL, 2 * MIB, 0x100_0000L, RW), map(1, 0x7F_FFFF_F000L, 4 * KIB, 0xA00_0000L, USER_RW));
        SpaceSpec dm = space("dm", HH, new StrategySpec.DirectMap("direct_map"), allRam(0, "direct_map", RW),
                map(1, 0x40_0000L, 4 * KIB, 0x80_0000L, RW));
        SpaceSpec pools = space("pools", HH, new StrategySpec.TableOffset("tablemap"),
                map(0, TABLEMAP, 4 * MIB, 0x200_0000L, RW), map(1, 0x40_0000L, 4 * KIB, 0x80_0000L, RW));
        return analyse(PC, HH, List.of(kernel, init, fk, dm, pools), List.of(outputs));
    }

    static TableImage image(AnalysisResult r, int output) {
        return r.image(output).orElseThrow(() -> new AssertionError("no image for output " + output + ": "
                + r.findings()));
    }

    // ---- PAE and 32-bit PCs -------------------------------------------------------------------------------------

    static final Machine PAE = machine("pae", format("x86-pae"), new long[] {0, 3 * GIB}, 0x200_0000L, 4 * MIB);
    static final Layout PAE_LAYOUT = new Layout("pae", PAE, List.of(
            region("user", Purpose.USER, 0, 3 * GIB),
            region("kernel", Purpose.KERNEL, 0xC000_0000L, 256 * MIB),
            region("self", Purpose.SELF_MAP, 0xFF80_0000L, 8 * MIB)));

    /** A PAE PC whose 'kernel' reaches its tables through PD[508..511] of PDPT[3]. */
    static AnalysisResult pae(Output... outputs) {
        SpaceSpec kernel = space("kernel", PAE_LAYOUT, new StrategySpec.Recursive("self", OptionalInt.empty()),
                map(0, 0xC000_0000L, 8 * MIB, 0x10_0000L, RW), map(1, 0x40_0000L, 16 * KIB, 0x80_0000L, USER_RW));
        return analyse(PAE, PAE_LAYOUT, List.of(kernel), List.of(outputs));
    }

    static final Machine I386 = machine("i386", format("x86-32"), new long[] {0, 1 * GIB}, 0x200_0000L, 4 * MIB);
    static final Layout I386_LAYOUT = new Layout("low", I386, List.of(
            region("user", Purpose.USER, 0, 3 * GIB),
            slot(I386.format(), "self", 1023),
            region("kernel", Purpose.KERNEL, 0xC000_0000L, 256 * MIB)));

    /** A 32-bit PC with a recursive page directory. */
    static AnalysisResult i386(Output... outputs) {
        SpaceSpec kernel = space("kernel", I386_LAYOUT, new StrategySpec.Recursive("self", OptionalInt.empty()),
                map(0, 0xC000_0000L, 8 * MIB, 0, Attributes.of("rwx")),
                map(1, 0x40_0000L, 16 * KIB, 0x80_0000L, Attributes.of("rwx").withUser(true)));
        return analyse(I386, I386_LAYOUT, List.of(kernel), List.of(outputs));
    }

    /** One user space on a machine of {@code format} with RAM and tables at {@code ram}: the image of output 0. */
    static TableImage user(String format, long ram) {
        return user(format, ram, "s", "user");
    }

    /** {@link #user(String, long)} with the space and its region named as given. */
    static TableImage user(String format, long ram, String space, String region) {
        Machine m = machine("m", format(format), new long[] {ram, 1 * GIB}, ram + 32 * MIB, 4 * MIB);
        Layout l = new Layout("l", m, List.of(region(region, Purpose.USER, 0, 256 * GIB)));
        SpaceSpec s = space(space, l, null, map(0, 0x40_0000L, 64 * KIB, ram + MIB, USER_RW));
        return image(analyse(m, l, List.of(s), List.of(output(0, Output.Kind.C, OptionalLong.empty(), space))), 0);
    }

    static final long LINEAR = 0xFFFF_0000_0000_0000L;
    static final Machine VIRT = machine("virt", format("aarch64-4k"), new long[] {0x4000_0000L, 1 * GIB}, 0x4400_0000L,
            4 * MIB);
    static final Layout VIRT_LAYOUT = new Layout("linux", VIRT, List.of(
            region("user", Purpose.USER, 0, 256 * TIB),
            region("linear", Purpose.DIRECT_MAP, LINEAR, 128 * TIB).withPhysicalBase(0x4000_0000L),
            region("kernel", Purpose.KERNEL, 0xFFFF_8000_8000_0000L, 64 * MIB)));

    /** An arm64 board with RAM at 1 GiB: 'dm' reaches its tables through a linear map holding PHYS_OFFSET at its start. */
    static AnalysisResult virt(Output... outputs) {
        SpaceSpec dm = space("dm", VIRT_LAYOUT, new StrategySpec.DirectMap("linear"), allRam(0, "linear", RW),
                map(1, 0xFFFF_8000_8000_0000L, 2 * MIB, 0x4020_0000L, RW));
        return analyse(VIRT, VIRT_LAYOUT, List.of(dm), List.of(outputs));
    }

    static final Machine QUAD = machine("quad", format("x86_64"), 4, new long[] {0, 8 * GIB}, 4 * GIB, 4 * MIB);
    static final Layout QUAD_LAYOUT = new Layout("hh", QUAD, List.of(
            region("user", Purpose.USER, 0, 128 * TIB),
            region("direct_map", Purpose.DIRECT_MAP, DIRECT, 64 * TIB),
            region("window", Purpose.WINDOW, 0xFFFF_FE00_0000_0000L, 64 * KIB)));

    /** Four CPUs, 'kernel' reaching its tables through a per-CPU window bootstrapped by a direct map. */
    static AnalysisResult quad(Output... outputs) {
        SpaceSpec kernel = space("kernel", QUAD_LAYOUT, new StrategySpec.Window("window", true,
                Optional.of(new StrategySpec.DirectMap("direct_map"))), allRam(0, "direct_map", RW),
                map(1, 0x40_0000L, 4 * KIB, 0x80_0000L, RW));
        return analyse(QUAD, QUAD_LAYOUT, List.of(kernel), List.of(outputs));
    }
}
