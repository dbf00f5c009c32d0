package org.pt.generate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.pt.engine.format.Geometry;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.format.X86Format;
import org.pt.engine.image.AccessFormula;
import org.pt.engine.image.Register;
import org.pt.engine.image.Registers;
import org.pt.engine.image.TableImage;
import org.pt.engine.image.TableImage.SpaceImage;
import org.pt.engine.image.TableImage.Table;
import org.pt.engine.model.Region;

/**
 * What the assembly forms ({@code gas}, {@code nasm}) and the linker fragment say about one job besides the entries:
 * the names (section, image label, root labels, constants), the image's alignment, the constants with their values
 * and, for values that are physical addresses in the image, how they follow the image when it is linked elsewhere.
 * Built once per emission; the text is the templates' and {@link EntryStream}'s.
 */
public final class AsmModel {

    /** The section every form puts the tables in. */
    public static final String SECTION = ".pt_tables";

    /** A global label at the root table of {@code space}'s half {@code half}, target address {@code pa}. */
    public record Root(String label, String space, int half, long pa) {
    }

    /**
     * How a constant follows the image: its value is {@code rest + (pa >>> shift)}, where {@code pa} is a physical
     * address in the image, {@code label} the assembler label at physical address {@code labelPa} (the image or a
     * root) and {@code offset() = pa - labelPa}.
     */
    public record Link(String label, long labelPa, long pa, int shift, long rest) {
        public long offset() {
            return pa - labelPa;
        }
    }

    /**
     * A constant: {@code name} is {@code value}; {@code link} is non-null when the value is (a function of) a physical
     * address in the image, so that relocatable forms compute it from the labels.
     */
    public record Constant(String name, long value, Link link, String comment) {
    }

    private final Job job;
    private final TableImage image;
    private final String tables;
    private final String physOffset;
    private final long alignment;
    private final List<Root> roots = new ArrayList<>();
    private final List<Constant> constants = new ArrayList<>();
    private final Map<Long, List<Root>> rootsAt = new LinkedHashMap<>();
    /** Root registers whose value is no shift of the root's address (none in the formats PT models). */
    private final List<String> unlinkedRoots = new ArrayList<>();

    public AsmModel(Job job) {
        this.job = job;
        this.image = job.image();
        String p = job.prefix();
        this.tables = Identifiers.of(p, "tables");
        this.physOffset = Identifiers.constant(p, "PHYS_OFFSET");
        PagingFormat f = image.format();
        long align = 1L << f.frameShift();
        for (Table t : image.tables()) {
            align = Math.max(align, level(t, t.depth()).tableAlign());
        }
        this.alignment = align;
        boolean twoHalves = f.halves().size() > 1;
        for (SpaceImage s : image.spaces()) {
            for (int h = 0; h < s.roots().size(); h++) {
                Root r = new Root(Identifiers.of(p, s.name() + "_root" + (twoHalves ? h : "")), s.name(), h,
                        s.roots().get(h));
                roots.add(r);
                rootsAt.computeIfAbsent(r.pa(), k -> new ArrayList<>()).add(r);
            }
        }
        collectConstants();
        checkUnique();
    }

    private Geometry.Level level(Table t, int depth) {
        return image.format().halves().get(t.half()).geometry().level(depth);
    }

    private void collectConstants() {
        String p = job.prefix();
        long base = image.base();
        constants.add(new Constant(Identifiers.constant(p, "BASE"), base, new Link(tables, base, base, 0, 0),
                "physical address of the first table"));
        constants.add(new Constant(Identifiers.constant(p, "SIZE"), image.size(), null, "bytes of the image"));
        constants.add(new Constant(Identifiers.constant(p, "ENTRY_BYTES"), image.entryBytes(), null,
                "bytes of each entry, little-endian"));
        PagingFormat f = image.format();
        for (SpaceImage s : image.spaces()) {
            int half = 0;
            for (Register r : s.registers()) {
                String name = Identifiers.constant(p, s.name() + "_" + r.name());
                String comment = r.name() + ": " + r.role();
                Link link = null;
                if (r.role().startsWith("root of") && half < s.roots().size()) {
                    link = rootLink(f, s, half, r);
                    if (link == null) {
                        unlinkedRoots.add(r.name());
                    }
                    half++;
                }
                if (link == null && r.bits() > 32 && target32()) {
                    // a 32-bit assembler or linker would keep only the low half; wrmsr takes the value in EDX:EAX
                    constants.add(new Constant(name + "_LO", r.value() & 0xFFFF_FFFFL, null, comment + ", bits 31:0"));
                    constants.add(new Constant(name + "_HI", r.value() >>> 32, null, comment + ", bits 63:32"));
                } else {
                    constants.add(new Constant(name, r.value(), link, comment));
                }
            }
            for (Region region : s.layout().regions()) {
                String n = s.name() + "_" + region.name();
                constants.add(new Constant(Identifiers.constant(p, n + "_START"), region.range().start(), null,
                        "region '" + region.name() + "' of '" + s.name() + "'"));
                constants.add(new Constant(Identifiers.constant(p, n + "_SIZE"), region.range().size(), null,
                        region.range().endsAtTop() && region.range().start() == 0 ? "2^64 (written 0)" : "bytes"));
            }
            access(s, s.access(), "");
        }
    }

    /** The link of root register {@code r} of half {@code half}: how its value depends on the root's address. */
    private Link rootLink(PagingFormat f, SpaceImage s, int half, Register r) {
        long root = s.roots().get(half);
        Root label = rootsAt.get(root).stream().filter(x -> x.space().equals(s.name()) && x.half() == half)
                .findFirst().orElseThrow();
        long rest = registerWithRoot(f, s, half, r, 0);
        for (int shift = 0; shift < 16; shift++) {
            boolean fits = true;
            for (long probe : new long[] {root, alignment, alignment << 1, alignment << 7}) {
                if (registerWithRoot(f, s, half, r, probe) - rest != probe >>> shift) {
                    fits = false;
                    break;
                }
            }
            if (fits) {
                return new Link(label.label(), root, root, shift, rest);
            }
        }
        return null;
    }

    /** The value of the register named like {@code r} when half {@code half}'s root is at {@code pa}. */
    private static long registerWithRoot(PagingFormat f, SpaceImage s, int half, Register r, long pa) {
        List<Long> roots = new ArrayList<>(s.roots());
        roots.set(half, pa);
        return Registers.of(f, s.name(), roots).stream().filter(x -> x.name().equals(r.name())).findFirst()
                .orElseThrow().value();
    }

    private void access(SpaceImage s, AccessFormula a, String prefix) {
        String p = job.prefix();
        String sp = s.name() + "_" + prefix;
        switch (a) {
            case AccessFormula.None n -> {
            }
            case AccessFormula.Offset o -> {
                String what = o.kind() + (o.region().isEmpty() ? "" : " '" + o.region() + "'");
                constants.add(new Constant(Identifiers.constant(p, sp + "MAP_VA"), o.window().start(), null,
                        what + ": the VA of physical MAP_PA"));
                constants.add(new Constant(Identifiers.constant(p, sp + "MAP_PA"), o.paBase(), null,
                        what + ": phys_to_virt(pa) = pa - MAP_PA + MAP_VA"));
                constants.add(new Constant(Identifiers.constant(p, sp + "MAP_SIZE"), o.window().size(), null,
                        what + ": bytes covered" + (o.window().size() == 0 ? " (2^64, written 0)" : "")));
            }
            case AccessFormula.RecursiveSlot r -> {
                constants.add(new Constant(Identifiers.constant(p, sp + "RECURSIVE_SLOT"), r.slot(), null,
                        "recursive slot of region '" + r.region() + "'"));
                for (int d = 0; d < r.depth(); d++) {
                    long va = r.tableVa(d, 0);
                    if (va != -1L) {
                        constants.add(new Constant(Identifiers.constant(p, sp + "TABLE_VA" + d), va, null,
                                "the table at depth " + d + " (0: root) of VA 0 through the slot"));
                    }
                }
            }
            case AccessFormula.Window w -> {
                for (int cpu = 0; cpu < w.pageVas().size(); cpu++) {
                    constants.add(new Constant(Identifiers.constant(p, sp + "WINDOW_VA" + cpu), w.pageVas().get(cpu),
                            null, "window page of CPU " + cpu));
                    long pte = w.ptePas().get(cpu);
                    Link link = image.table(pte).isPresent() ? new Link(tables, image.base(), pte, 0, 0) : null;
                    constants.add(new Constant(Identifiers.constant(p, sp + "WINDOW_PTE_PA" + cpu), pte, link,
                            "the entry that maps the window page of CPU " + cpu));
                }
                access(s, w.bootstrap(), "BOOTSTRAP_");
            }
        }
    }

    private void checkUnique() {
        Set<String> seen = new HashSet<>();
        seen.add(tables);
        seen.add(physOffset);
        List<String> names = new ArrayList<>();
        roots.forEach(r -> names.add(r.label()));
        constants.forEach(c -> names.add(c.name()));
        for (String n : names) {
            if (!seen.add(n)) {
                throw new GenerateRefusal(kind() + ": two names of the spec become the same identifier '" + n
                        + "' (every character outside A-Z, a-z, 0-9 and _ becomes _); rename one of them");
            }
        }
    }

    /**
     * Refuses relocatable output when some entry pointing at a table, or some root register, does not hold the
     * table's address in place (RISC-V keeps a page number at bit 10; AArch64 with 52-bit addresses moves bits 51:48):
     * an assembler cannot compute such an entry from a label.
     */
    public void requireRelocatable() {
        PagingFormat f = image.format();
        for (Table t : image.tables()) {
            if (leafOnly(t)) {
                continue;
            }
            Geometry.Level next = level(t, t.depth() + 1);
            int from = Long.numberOfTrailingZeros(next.tableAlign());
            for (int b = from; b < f.tableAddressBits(t.archLevel()); b++) {
                long a = 1L << b;
                if ((f.tableEntry(a, t.archLevel()) ^ f.tableEntry(0, t.archLevel())) != a) {
                    throw new GenerateRefusal(kind() + ": relocatable tables (no 'at physical') need every entry that "
                            + "points at a table to hold the table's address in place, and " + f.name() + " entries of "
                            + "the " + t.level() + " do not (address bit " + b + " is stored elsewhere); add 'at "
                            + "physical ADDRESS' to the generate directive to write absolute tables");
                }
            }
        }
        List<String> shifted = new ArrayList<>(unlinkedRoots);
        for (Constant c : constants) {
            if (c.link() != null && c.link().shift() != 0) {
                shifted.add(c.comment().substring(0, c.comment().indexOf(':')));
            }
        }
        if (!shifted.isEmpty()) {
            throw new GenerateRefusal(kind() + ": relocatable tables (no 'at physical') need each root register to "
                    + "hold the root's address in place, and " + f.name() + "'s " + shifted.get(0) + " holds it "
                    + "shifted; add 'at physical ADDRESS' to the generate directive to write absolute tables");
        }
    }

    /** Whether {@code t} is at the last level of its half: its entries never point at tables. */
    public boolean leafOnly(Table t) {
        return t.depth() == image.format().halves().get(t.half()).geometry().depth() - 1;
    }

    /** The job's kind word ({@code gas}, {@code nasm}, {@code linker}). */
    public String kind() {
        return job.output().kind().word();
    }

    public Job job() {
        return job;
    }

    public TableImage image() {
        return image;
    }

    /** Whether table pointers are computed from labels when linked (no {@code at physical}). */
    public boolean relocatable() {
        return !job.absolute();
    }

    /** The label of the whole image ({@code pt_tables}). */
    public String tables() {
        return tables;
    }

    /** The name of the image's physical base constant ({@code PT_BASE}). */
    public String baseConstant() {
        return Identifiers.constant(job.prefix(), "BASE");
    }

    /** The link-minus-physical offset's name ({@code PT_PHYS_OFFSET}). */
    public String physOffset() {
        return physOffset;
    }

    /** The image's alignment: its largest table alignment, at least a frame. */
    public long alignment() {
        return alignment;
    }

    public List<Root> roots() {
        return List.copyOf(roots);
    }

    /** The roots whose table starts at {@code pa} (several spaces may share one). */
    public List<Root> rootsAt(long pa) {
        return rootsAt.getOrDefault(pa, List.of());
    }

    public List<Constant> constants() {
        return List.copyOf(constants);
    }

    /** Whether the target's addresses are 32 bits wide (x86-32 and PAE, ARMv7, Sv32). */
    public boolean target32() {
        PagingFormat f = image.format();
        return switch (f.family()) {
            case X86 -> ((X86Format) f).mode() == X86Format.Mode.LEGACY_32 || ((X86Format) f).mode() == X86Format.Mode.PAE;
            case ARMV7 -> true;
            case RISCV -> f.halves().get(0).geometry().depth() == 2;
            case AARCH64 -> false;
        };
    }

    // ---- header text (the same facts in every form) -------------------------------------------------------

    /** The spec, safe for a comment. */
    public String source() {
        return Comments.safe(job.source());
    }

    /** The format in a few words. */
    public String formatLine() {
        PagingFormat f = image.format();
        return Comments.safe(f.name() + ", " + f.entryBytes() + "-byte little-endian entries, " + f.physicalBits()
                + "-bit physical addresses");
    }

    /** The spaces, quoted, comma-separated. */
    public String spacesLine() {
        return Comments.safe(image.spaces().stream().map(s -> "'" + s.name() + "'").collect(Collectors.joining(", ")));
    }

    /** The tables in one line: how many, how many bytes, where. */
    public String extentLine() {
        return image.tables().size() + " tables in " + image.size() + " bytes at physical " + hex(image.base());
    }

    /** {@code 0x}-prefixed lower-case hex, no separators (every assembler and ld read it). */
    public static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    /** A text from the spec for a comment. */
    public static String safe(String s) {
        return Comments.safe(s);
    }
}
