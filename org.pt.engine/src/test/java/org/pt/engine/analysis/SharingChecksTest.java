package org.pt.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.pt.engine.analysis.Specs.GIB;
import static org.pt.engine.analysis.Specs.KIB;
import static org.pt.engine.analysis.Specs.MIB;
import static org.pt.engine.analysis.Specs.TIB;
import static org.pt.engine.analysis.Specs.analyse;
import static org.pt.engine.analysis.Specs.layout;
import static org.pt.engine.analysis.Specs.machine;
import static org.pt.engine.analysis.Specs.space;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.pt.engine.core.Unsigned;
import org.pt.engine.format.Access;
import org.pt.engine.format.AArch64Format;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.Feature;
import org.pt.engine.format.Formats;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.format.X86Format;
import org.pt.engine.model.Layout;
import org.pt.engine.model.Machine;
import org.pt.engine.model.Purpose;
import org.pt.engine.model.SpaceSpec;
import org.pt.engine.model.StrategySpec;
import org.pt.engine.space.AddressSpace;
import org.pt.engine.space.OpResult;
import org.pt.engine.space.PageSizePolicy;
import org.pt.engine.walk.Translation;

/** Kernel-half sharing: top-level kernel entries not in every space of a sharing group, shared self-map slots. */
class SharingChecksTest {

    private static final long POOL = 0x0200_0000L;
    private static final long DIRECT = 0xFFFF_8880_0000_0000L;
    private static final long VMALLOC = 0xFFFF_C900_0000_0000L;
    private static final long KERNEL = 0xFFFF_FFFF_8000_0000L;
    private static final Attributes RW_GLOBAL = Attributes.KERNEL_RW.withGlobal(true);
    private static final Attributes USER_RW = Attributes.of("rw").withUser(true);

    private static final Machine PC = machine("pc", Formats.standard("x86_64").orElseThrow())
            .ram(0, 2 * GIB).tables(POOL, 4 * MIB).build();

    private static final Layout HH = layout("hh", PC)
            .region("user", Purpose.USER, 0, 128 * TIB)
            .region("direct_map", Purpose.DIRECT_MAP, DIRECT, 64 * TIB)
            .region("vmalloc", Purpose.KERNEL, VMALLOC, 32 * TIB)
            .slot("self", 510)
            .region("kernel", Purpose.KERNEL, KERNEL, 512 * MIB)
            .build();

    /** kernel: all RAM in the direct map (op 0) and its image (op 1). */
    private static Specs.SpaceB kernel() {
        return space("kernel", HH).allRam("direct_map", RW_GLOBAL).map(KERNEL, 16 * MIB, 0x100_0000L,
                Attributes.KERNEL_RX.withGlobal(true));
    }

    /** init: shares the kernel half with kernel, maps a user page (op 0). */
    private static Specs.SpaceB init() {
        return space("init", HH).shareKernelWith("kernel").map(0x40_0000L, 64 * KIB, 0x800_0000L, USER_RW);
    }

    private static AnalysisResult run(SpaceSpec... spaces) {
        return analyse(List.of(PC), List.of(HH), List.of(spaces));
    }

    private static List<String> sharing(List<Finding> findings) {
        List<String> out = new ArrayList<>();
        for (Finding f : findings) {
            if (f.code() == Code.KERNEL_ENTRY_NOT_SHARED || f.code() == Code.SELF_MAP_SHARED) {
                out.add(f.toString());
            }
        }
        return out;
    }

    private static List<BuiltSpace> built(AnalysisResult r, String... names) {
        List<BuiltSpace> out = new ArrayList<>();
        for (String n : names) {
            out.add(r.space(n).orElseThrow());
        }
        return out;
    }

    private static Finding only(List<Finding> findings, Code code) {
        List<Finding> of = findings.stream().filter(f -> f.code() == code).toList();
        assertEquals(1, of.size(), () -> "findings " + findings);
        return of.get(0);
    }

    private static void applied(OpResult r) {
        assertInstanceOf(OpResult.Applied.class, r, () -> r.toString());
    }

    @Test
    void spacesSharingTheKernelHalfHaveNoFindings() {
        AnalysisResult r = run(kernel().build(), init().build());
        assertEquals(List.of(), sharing(r.findings()));
        // the check had something to compare: init reaches the kernel image through the shared PML4[511]
        Translation t = r.space("init").orElseThrow().space().translate(KERNEL + 0x1234, Access.KERNEL_READ);
        assertEquals(0x100_1234L, assertInstanceOf(Translation.Mapped.class, t).pa());
    }

    @Test
    void topLevelEntryMappedInOneSpaceAfterSharingIsNotShared() {
        AnalysisResult r = run(kernel().build(), init().map(VMALLOC, 4 * KIB, 0x900_0000L, RW_GLOBAL).build());
        assertEquals(List.of("warning: PML4[402] at 0xffff_c900_0000_0000 ..= 0xffff_c97f_ffff_ffff (512 GiB) in region"
                + " 'vmalloc' is present in 'init' but not in 'kernel': filling it later needs syncing every space;"
                + " pre-allocate it [KERNEL_ENTRY_NOT_SHARED]"), sharing(r.findings()));
        Finding f = only(r.findings(), Code.KERNEL_ENTRY_NOT_SHARED);
        assertEquals(Severity.WARNING, f.severity());
        assertEquals(List.of(new Subject.OperationRef("init", 1), new Subject.SpaceRef("kernel")), f.subjects());
        assertEquals(Map.of("slot", "402", "present", "init", "missing", "kernel"), f.data());
    }

    @Test
    void kernelMappingANewTopLevelEntryAfterInitSharedIsNotShared() {
        AnalysisResult r = run(kernel().build(), init().build());
        AddressSpace k = r.space("kernel").orElseThrow().space();
        applied(k.map(VMALLOC, 4 * KIB, 0x900_0000L, RW_GLOBAL, PageSizePolicy.LARGEST, false));
        List<Finding> found = SharingChecks.check(built(r, "kernel", "init"));
        assertEquals(List.of("warning: PML4[402] at 0xffff_c900_0000_0000 ..= 0xffff_c97f_ffff_ffff (512 GiB) in region"
                + " 'vmalloc' is present in 'kernel' but not in 'init': filling it later needs syncing every space;"
                + " pre-allocate it [KERNEL_ENTRY_NOT_SHARED]"), sharing(found));
        Finding f = only(found, Code.KERNEL_ENTRY_NOT_SHARED);
        // no statement made the entry: the finding is shown at the space, and at init's share statement
        assertEquals(List.of(new Subject.SpaceRef("kernel"), new Subject.ShareRef("init")), f.subjects());
        assertEquals(Map.of("slot", "402", "present", "kernel", "missing", "init"), f.data());
    }

    @Test
    void sameSlotFilledSeparatelyInTwoSpacesPointsAtDifferentTables() {
        AnalysisResult r = run(kernel().build(), init().map(VMALLOC, 4 * KIB, 0x900_0000L, RW_GLOBAL).build());
        AddressSpace k = r.space("kernel").orElseThrow().space();
        applied(k.map(VMALLOC + 2 * MIB, 4 * KIB, 0x900_1000L, RW_GLOBAL, PageSizePolicy.LARGEST, false));
        List<Finding> found = SharingChecks.check(built(r, "kernel", "init"));
        assertEquals(List.of("warning: PML4[402] at 0xffff_c900_0000_0000 ..= 0xffff_c97f_ffff_ffff (512 GiB) in region"
                + " 'vmalloc' differs between spaces: table 0x200_b000 in 'kernel', table 0x200_8000 in 'init': a change"
                + " under it in one space is not seen in the others; share one table [KERNEL_ENTRY_NOT_SHARED]"),
                sharing(found));
        Finding f = only(found, Code.KERNEL_ENTRY_NOT_SHARED);
        assertEquals(List.of(new Subject.OperationRef("init", 1), new Subject.SpaceRef("kernel")), f.subjects());
        assertEquals(Map.of("slot", "402", "present", "kernel,init", "missing", ""), f.data());
    }

    @Test
    void everySpaceOfASharingChainIsCompared() {
        // user2 shares with init, which shares with kernel: one group of three
        AnalysisResult r = run(kernel().build(), init().map(VMALLOC, 4 * KIB, 0x900_0000L, RW_GLOBAL).build(),
                space("user2", HH).shareKernelWith("init").build());
        assertEquals(List.of("warning: PML4[402] at 0xffff_c900_0000_0000 ..= 0xffff_c97f_ffff_ffff (512 GiB) in region"
                + " 'vmalloc' is present in 'init' and 'user2' but not in 'kernel': filling it later needs syncing every"
                + " space; pre-allocate it [KERNEL_ENTRY_NOT_SHARED]"), sharing(r.findings()));
        Finding f = only(r.findings(), Code.KERNEL_ENTRY_NOT_SHARED);
        assertEquals(List.of(new Subject.OperationRef("init", 1), new Subject.ShareRef("user2"),
                new Subject.SpaceRef("kernel")), f.subjects());
        assertEquals(Map.of("slot", "402", "present", "init,user2", "missing", "kernel"), f.data());
    }

    @Test
    void spacesWithoutASharingRelationAreNotCompared() {
        AnalysisResult r = run(kernel().build(), space("guest", HH).map(VMALLOC, 4 * KIB, 0x900_0000L, RW_GLOBAL).build());
        assertEquals(List.of(), sharing(r.findings()));
        // the two kernel halves really differ: the guest has no direct map
        Translation t = r.space("guest").orElseThrow().space().translate(DIRECT, Access.KERNEL_READ);
        assertInstanceOf(Translation.NotMapped.class, t);
    }

    @Test
    void selfMapSlotPointingAtAnotherSpacesRootIsShared() {
        AnalysisResult r = run(kernel().build(), init().build());
        AddressSpace k = r.space("kernel").orElseThrow().space();
        AddressSpace i = r.space("init").orElseThrow().space();
        PagingFormat f = k.simulation().format();
        assertEquals(POOL, k.root(0));
        applied(k.setRootEntry(0, 510, f.tableEntry(k.root(0), 4)));
        applied(i.setRootEntry(0, 510, f.tableEntry(k.root(0), 4)));
        List<Finding> found = SharingChecks.check(built(r, "kernel", "init"));
        assertEquals(List.of("error: PML4[510] of 'init' points at the root of 'kernel' (0x200_0000): a self-map slot must"
                + " point at each space's own root [SELF_MAP_SHARED]"), sharing(found));
        Finding e = only(found, Code.SELF_MAP_SHARED);
        assertEquals(Severity.ERROR, e.severity());
        assertEquals(List.of(new Subject.ShareRef("init"), new Subject.SpaceRef("kernel")), e.subjects());
        assertEquals(Map.of("slot", "510", "space", "kernel"), e.data());
    }

    @Test
    void eachSpacesOwnRecursiveSlotIsExpectedToDiffer() {
        AnalysisResult r = run(kernel().build(), init().build());
        AddressSpace k = r.space("kernel").orElseThrow().space();
        PagingFormat f = k.simulation().format();
        // kernel has a recursive slot, init none: not a kernel entry init lacks
        applied(k.setRootEntry(0, 510, f.tableEntry(k.root(0), 4)));
        assertEquals(List.of(), sharing(SharingChecks.check(built(r, "kernel", "init"))));
        // init gets its own: still nothing
        AddressSpace i = r.space("init").orElseThrow().space();
        applied(i.setRootEntry(0, 510, f.tableEntry(i.root(0), 4)));
        assertEquals(List.of(), sharing(SharingChecks.check(built(r, "kernel", "init"))));
        assertEquals(i.root(0), ((Translation.Mapped) i.translate(0xFFFF_FF7F_BFDF_E000L, Access.KERNEL_READ)).pa());
    }

    @Test
    void recursiveStrategyInEverySharingSpaceIsNeitherSharedNorMissing() {
        StrategySpec recursive = new StrategySpec.Recursive("self", OptionalInt.empty());
        AnalysisResult r = run(kernel().strategy(recursive).build(), init().strategy(recursive).build(),
                space("user2", HH).shareKernelWith("kernel").build());
        assertEquals(List.of(), sharing(r.findings()));
        // each space with the strategy sees its own PML4 at the slot-510 address; user2, which names none, inherits
        // kernel's and gets a slot of its own too
        for (String name : List.of("kernel", "init", "user2")) {
            AddressSpace s = r.space(name).orElseThrow().space();
            assertEquals(s.root(0), ((Translation.Mapped) s.translate(0xFFFF_FF7F_BFDF_E000L, Access.KERNEL_READ)).pa());
        }
        assertEquals(Optional.of(recursive), r.space("user2").orElseThrow().spec().strategy());
    }

    @Test
    void aSpaceThatNamesNoStrategyInheritsTheOneOfTheSpaceItSharesWithAlongTheChain() {
        StrategySpec recursive = new StrategySpec.Recursive("self", OptionalInt.empty());
        AnalysisResult r = run(kernel().strategy(recursive).build(), init().build(),
                space("user2", HH).shareKernelWith("init").build(), space("alone", HH).build());
        assertEquals(Optional.of(recursive), r.space("init").orElseThrow().spec().strategy());
        assertEquals(Optional.of(recursive), r.space("user2").orElseThrow().spec().strategy(), "through init");
        assertEquals(Optional.empty(), r.space("alone").orElseThrow().spec().strategy(), "shares nothing");
        assertInstanceOf(StrategyResolution.Resolved.class, r.space("user2").orElseThrow().strategy());
        assertInstanceOf(StrategyResolution.None.class, r.space("alone").orElseThrow().strategy());
        // a space naming its own keeps it
        StrategySpec identity = new StrategySpec.Identity();
        AnalysisResult own = run(kernel().strategy(recursive).build(), init().strategy(identity).build());
        assertEquals(Optional.of(identity), own.space("init").orElseThrow().spec().strategy());
    }

    @Test
    void declaredForeignSlotMayPointAtAnotherSpacesRoot() {
        AnalysisResult r = run(kernel().build(), init().build());
        BuiltSpace kernel = r.space("kernel").orElseThrow();
        BuiltSpace init = r.space("init").orElseThrow();
        PagingFormat f = kernel.space().simulation().format();
        applied(kernel.space().setRootEntry(0, 509, f.tableEntry(init.space().root(0), 4)));
        // undeclared: the kernel's PML4[509] shows init's tables, as a shared self-map would
        List<Finding> undeclared = SharingChecks.check(List.of(kernel, init));
        assertEquals(List.of("error: PML4[509] of 'kernel' points at the root of 'init' (0x200_4000): a self-map slot must"
                + " point at each space's own root [SELF_MAP_SHARED]"), sharing(undeclared));
        assertEquals(List.of(new Subject.SpaceRef("kernel"), new Subject.SpaceRef("init")),
                only(undeclared, Code.SELF_MAP_SHARED).subjects());
        // declared as the recursive strategy's foreign slot: expected, and not a kernel entry init lacks
        SpaceSpec s = kernel.spec();
        SpaceSpec withForeign = new SpaceSpec(s.name(), s.layout(),
                Optional.of(new StrategySpec.Recursive("self", OptionalInt.of(509))), s.shareKernelWith(), s.operations(),
                s.queries());
        assertEquals(List.of(), sharing(SharingChecks.check(
                List.of(new BuiltSpace(withForeign, kernel.space(), kernel.mappings(), kernel.strategy(), kernel.events()), init))));
    }

    @Test
    void paeSelfMapInTheSharedPageDirectoryPointsAtTheFirstSpacesDirectories() {
        // PAE: the recursive entries live in the page directory under PDPT[3], which the kernel half shares
        Machine m = machine("pae", X86Format.of(X86Format.Mode.PAE, 36, EnumSet.of(Feature.NX, Feature.GLOBAL_PAGES),
                X86Format.POWER_ON_PAT)).ram(0, GIB).tables(POOL, 4 * MIB).build();
        Layout l = layout("split", m).region("user", Purpose.USER, 0, 3 * GIB)
                .region("kernel", Purpose.KERNEL, 0xC000_0000L, GIB).build();
        Specs.SpaceB kernel = space("kernel", l).map(0xC000_0000L, 16 * MIB, 0x100_0000L, RW_GLOBAL);
        for (long quarter = 0; quarter < 3; quarter++) {
            kernel.map(quarter * GIB, 4 * KIB, 0x200_0000L, Attributes.KERNEL_RW);
        }
        AnalysisResult r = analyse(List.of(m), List.of(l), List.of(kernel.build(),
                space("init", l).shareKernelWith("kernel").build()));
        AddressSpace k = r.space("kernel").orElseThrow().space();
        PagingFormat f = k.simulation().format();
        long[] pd = new long[4];
        for (int i = 0; i < 4; i++) {
            pd[i] = f.address(k.simulation().memory().read(k.root(0) + i * 8L), 3);
        }
        for (int i = 0; i < 4; i++) {
            k.simulation().memory().write(pd[3] + (508L + i) * 8, f.tableEntry(pd[i], 2));
        }
        assertEquals(List.of("0x200_2000", "0x200_4000", "0x200_6000", "0x200_1000"),
                List.of(Unsigned.hex(pd[0]), Unsigned.hex(pd[1]), Unsigned.hex(pd[2]), Unsigned.hex(pd[3])));
        List<Finding> found = SharingChecks.check(built(r, "kernel", "init"));
        assertEquals(List.of("error: PD[508], PD[509] and PD[510] under PDPT[3] of 'init' point at the PDs of 'kernel' at"
                + " 0x200_2000, 0x200_4000 and 0x200_6000: a self-map slot must point at each space's own PDs"
                + " [SELF_MAP_SHARED]"), sharing(found));
        assertEquals(List.of(new Subject.ShareRef("init"), new Subject.SpaceRef("kernel")), found.get(0).subjects());
        assertEquals(Map.of("slot", "508", "space", "kernel"), found.get(0).data());
    }

    @Test
    void topLevelPagesAreCopiedWhenSharedButOneMappedByTheSharingSpaceIsNot() {
        // i386 without PAE: the kernel's 4 MiB pages live in the page directory itself; sharing copies them
        Machine m = machine("i386", Formats.standard("x86-32").orElseThrow()).ram(0, GIB).tables(POOL, 4 * MIB).build();
        Layout l = layout("split", m).region("user", Purpose.USER, 0, 3 * GIB)
                .region("kernel", Purpose.KERNEL, 0xC000_0000L, GIB).build();
        Attributes rwx = Attributes.of("rwx").withGlobal(true);
        AnalysisResult copied = analyse(List.of(m), List.of(l), List.of(
                space("kernel", l).map(0xC000_0000L, 4 * MIB, 0, rwx).build(),
                space("init", l).shareKernelWith("kernel").build()));
        assertEquals(List.of(), sharing(copied.findings()));
        AnalysisResult own = analyse(List.of(m), List.of(l), List.of(
                space("kernel", l).map(0xC000_0000L, 4 * MIB, 0, rwx).build(),
                space("init", l).shareKernelWith("kernel").map(0xC040_0000L, 4 * MIB, 4 * MIB, rwx).build()));
        assertEquals(List.of("warning: PD[769] at 0xc040_0000 ..= 0xc07f_ffff (4 MiB) in region 'kernel' is present in"
                + " 'init' but not in 'kernel': a top-level page cannot be shared through a table, only copied; map it"
                + " through a table [KERNEL_ENTRY_NOT_SHARED]"), sharing(own.findings()));
        Finding f = only(own.findings(), Code.KERNEL_ENTRY_NOT_SHARED);
        assertEquals(List.of(new Subject.OperationRef("init", 0), new Subject.SpaceRef("kernel")), f.subjects());
    }

    @Test
    void aarch64SpacesShareTheWholeTtbr1Root() {
        PagingFormat a64 = AArch64Format.linux4k48();
        Machine m = machine("arm", a64).ram(0x4000_0000L, GIB).tables(0x4200_0000L, 4 * MIB).build();
        Layout l = layout("halves", m).region("user", Purpose.USER, 0, 256 * TIB)
                .region("linear", Purpose.DIRECT_MAP, 0xFFFF_0000_0000_0000L, 128 * TIB)
                .region("kernel", Purpose.KERNEL, 0xFFFF_8000_0000_0000L, 128 * TIB).build();
        Attributes rw = Attributes.KERNEL_RW;
        AnalysisResult shared = analyse(List.of(m), List.of(l), List.of(
                space("kernel", l).map(0xFFFF_8000_0000_0000L, 2 * MIB, 0x4000_0000L, rw).build(),
                space("init", l).shareKernelWith("kernel").build()));
        assertEquals(List.of(), sharing(shared.findings()));
        assertEquals(shared.space("kernel").orElseThrow().space().root(1),
                shared.space("init").orElseThrow().space().root(1));
        // the same statements in two spaces that were meant to share but each have their own TTBR1 root
        AnalysisResult separate = analyse(List.of(m), List.of(l), List.of(
                space("kernel", l).map(0xFFFF_8000_0000_0000L, 2 * MIB, 0x4000_0000L, rw).build(),
                space("init", l).build()));
        BuiltSpace init = separate.space("init").orElseThrow();
        SpaceSpec s = init.spec();
        BuiltSpace meantToShare = new BuiltSpace(new SpaceSpec(s.name(), s.layout(), s.strategy(), Optional.of("kernel"),
                s.operations(), s.queries()), init.space(), init.mappings(), init.strategy(), init.events());
        List<Finding> found = SharingChecks.check(List.of(separate.space("kernel").orElseThrow(), meantToShare));
        assertEquals(List.of("warning: L0[256] at 0xffff_8000_0000_0000 ..= 0xffff_807f_ffff_ffff (512 GiB) in region"
                + " 'kernel' is present in 'kernel' but not in 'init': the spaces have different TTBR1_EL1 roots; share"
                + " the root [KERNEL_ENTRY_NOT_SHARED]"), sharing(found));
    }
}
