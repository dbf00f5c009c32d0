package org.pt.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.pt.engine.format.AArch64Format;
import org.pt.engine.image.AccessFormula;
import org.pt.engine.image.Register;
import org.pt.engine.image.TableImage;
import org.pt.engine.model.Region;

/**
 * What the C templates lay out, computed from a job: every name, constant and accessor case as text pieces (numbers
 * in C syntax, spec strings made comment-safe). The table entries are not here; {@link CEmitter} streams them.
 */
final class CModel {

    /** {@code #define name value} with a comment (may be empty). */
    record Define(String name, String value, String comment) {
    }

    /** One case of a switch accessor: {@code case label: return expr;}. */
    record Case(int label, String expr) {
    }

    /**
     * A {@code static inline uint64_t name(param)}: either a switch over {@code param} with {@code cases} (else
     * {@code UINT64_MAX}), or, when {@code cases} is empty, {@code UINT64_MAX} when {@code outside} (if not empty) and
     * otherwise {@code result}.
     */
    record Function(String comment, String name, String param, List<Case> cases, String outside, String result) {
        boolean isSwitch() {
            return result.isEmpty();
        }

        /** The parameter a switch accessor switches on: the first one. */
        String selector() {
            String first = param.split(",")[0].trim();
            return first.substring(first.lastIndexOf(' ') + 1);
        }
    }

    /** One space: its root symbols, register values, region constants and accessors. */
    record Space(String name, List<Define> roots, List<Define> registers, List<Define> regions, List<Define> strategy,
            List<Function> accessors) {
    }

    final Job job;
    final TableImage image;
    final boolean absolute;
    final String spec;
    final String format;
    final String spaceNames;
    final String headerName;
    final String guard;
    final String tables;
    final String entryType;
    final long entries;
    final long align;
    final String physOffset;
    final String entryAt;
    final List<Define> constants = new ArrayList<>();
    final List<Space> spaces = new ArrayList<>();

    CModel(Job job) {
        this.job = job;
        this.image = job.image();
        this.absolute = job.absolute();
        this.spec = Comments.safe(job.source());
        this.format = Comments.safe(image.format().name());
        List<String> names = new ArrayList<>();
        for (TableImage.SpaceImage s : image.spaces()) {
            names.add("'" + Comments.safe(s.name()) + "'");
        }
        this.spaceNames = String.join(", ", names);
        String base = job.baseName();
        String file = base.substring(base.lastIndexOf('/') + 1);
        this.headerName = file + ".h";
        if (!headerName.matches("[A-Za-z0-9_][A-Za-z0-9_.+-]*")) {
            throw new GenerateRefusal("the C header '" + Comments.safe(headerName) + "' cannot be included by name: "
                    + "use letters, digits, '_', '.', '+' and '-' in the output file name");
        }
        String p = job.prefix();
        this.guard = Identifiers.constant(p, file + "_h");
        this.tables = Identifiers.of(p, "tables");
        this.entryType = image.entryBytes() == 8 ? "uint64_t" : "uint32_t";
        this.entries = image.size() / image.entryBytes();
        this.align = alignment();
        this.physOffset = Identifiers.constant(p, "phys_offset");
        this.entryAt = Identifiers.constant(p, "entry_at");
        constants.add(new Define(Identifiers.constant(p, "base"), u64(image.base()), absolute
                ? "physical address of " + tables + " (at physical)"
                : "physical address of " + tables + " as simulated; where it is loaded, see " + physOffset));
        constants.add(new Define(Identifiers.constant(p, "size"), u64(image.size()), "bytes of " + tables));
        constants.add(new Define(Identifiers.constant(p, "entry_bytes"), Integer.toString(image.entryBytes()),
                "bytes per table entry"));
        for (TableImage.SpaceImage s : image.spaces()) {
            spaces.add(space(s));
        }
    }

    /** The largest table alignment of the image: the alignment of its base, at least a frame. */
    private long alignment() {
        long frame = 1L << image.format().frameShift();
        long base = image.base();
        long a = base == 0 ? 1L << 30 : Long.lowestOneBit(base);
        long largest = frame;
        for (TableImage.Table t : image.tables()) {
            largest = Math.max(largest, Long.highestOneBit(t.bytes()));
        }
        return Math.max(frame, Math.min(a, largest));
    }

    private Space space(TableImage.SpaceImage s) {
        String p = job.prefix();
        String n = s.name();
        List<Define> roots = new ArrayList<>();
        boolean twoHalves = image.format() instanceof AArch64Format;
        for (int h = 0; h < s.roots().size(); h++) {
            long root = s.roots().get(h);
            if (image.table(root).filter(t -> t.pa() == root).isEmpty()) {
                continue;
            }
            String name = Identifiers.of(p, n + "_root" + (twoHalves ? Integer.toString(h) : ""));
            roots.add(new Define(name, "(&" + tables + "[" + (root - image.base()) / image.entryBytes() + "])",
                    "root table of '" + Comments.safe(n) + "'" + (twoHalves ? ", half " + h : "") + " at "
                    + hex(root) + (absolute ? "" : " as simulated")));
        }
        List<Define> registers = new ArrayList<>();
        for (Register r : s.registers()) {
            String name = Identifiers.constant(p, n + "_" + r.name());
            registers.add(new Define(name, register(r, s, roots), Comments.safe(r.role() + ": " + fields(r))));
        }
        List<Define> regions = new ArrayList<>();
        for (Region r : s.layout().regions()) {
            regions.add(new Define(Identifiers.constant(p, n + "_" + r.name() + "_start"), u64(r.range().start()),
                    "region '" + Comments.safe(r.name()) + "' (" + r.purpose().name().toLowerCase(Locale.ROOT) + ")"));
            regions.add(new Define(Identifiers.constant(p, n + "_" + r.name() + "_size"), u64(r.range().size()), ""));
        }
        List<Define> strategy = new ArrayList<>();
        List<Function> accessors = new ArrayList<>();
        accessors(Identifiers.of(p, n), Identifiers.constant(p, n), s.access(), strategy, accessors);
        return new Space(Comments.safe(n), roots, registers, regions, strategy, accessors);
    }

    /**
     * A register's value; in relocatable mode a root register is the root symbol's physical address with the other
     * bits added (every family whose relocatable form is not refused keeps the root address in place).
     */
    private String register(Register r, TableImage.SpaceImage s, List<Define> roots) {
        if (!absolute && r.role().startsWith("root of")) {
            int half = r.name().startsWith("TTBR1") ? 1 : 0;
            long root = s.roots().get(half);
            String suffix = image.format() instanceof AArch64Format ? Integer.toString(half) : "";
            String sym = Identifiers.of(job.prefix(), s.name() + "_root" + suffix);
            long rest = r.value() - root;
            if ((r.value() & root) == root && (rest & root) == 0
                    && roots.stream().anyMatch(d -> d.name().equals(sym))) {
                String c = r.bits() == 64 ? "uint64_t" : "uint32_t";
                return "((" + c + ")((uintptr_t)" + sym + " - " + physOffset + ")"
                        + (rest == 0 ? "" : " | " + literal(r.bits(), rest)) + ")";
            }
        }
        return literal(r.bits(), r.value());
    }

    private static String fields(Register r) {
        List<String> out = new ArrayList<>();
        for (Register.Field f : r.fields()) {
            out.add(f.name() + "=" + hex(f.value()) + " (" + f.meaning() + ")");
        }
        return String.join(", ", out);
    }

    private void accessors(String fn, String constant, AccessFormula a, List<Define> strategy, List<Function> out) {
        switch (a) {
            case AccessFormula.None n -> {
            }
            case AccessFormula.Offset o -> offset(fn, constant, o, strategy, out);
            case AccessFormula.RecursiveSlot r -> recursive(fn, constant, r, strategy, out);
            case AccessFormula.Window w -> {
                String how = "window '" + Comments.safe(w.region()) + "'";
                strategy.add(new Define(constant + "_WINDOW_PAGE_SIZE", u64(w.pageSize()), how));
                strategy.add(new Define(constant + "_WINDOW_ENTRY", u64(w.entryTemplate()),
                        "a window entry without its frame address"));
                List<Case> vas = new ArrayList<>();
                List<Case> ptes = new ArrayList<>();
                for (int cpu = 0; cpu < w.pageVas().size(); cpu++) {
                    vas.add(new Case(cpu, u64(w.pageVas().get(cpu))));
                    ptes.add(new Case(cpu, physical(w.ptePas().get(cpu))));
                }
                out.add(new Function("the VA of cpu's window page (UINT64_MAX: no such cpu)", fn + "_window_va",
                        "unsigned cpu", vas, "", ""));
                out.add(new Function("the physical address of the entry that maps cpu's window page",
                        fn + "_window_pte_pa", "unsigned cpu", ptes, "", ""));
                accessors(fn + "_bootstrap", constant + "_BOOTSTRAP", w.bootstrap(), strategy, out);
            }
        }
    }

    /** A physical address in the image as the target will have it: relocatable when it lies in a table. */
    private String physical(long pa) {
        if (pa == -1L) {
            return "UINT64_MAX";
        }
        if (!absolute && image.table(pa).isPresent()) {
            return "((uint64_t)((uintptr_t)" + tables + " + " + hex(pa - image.base()) + " - " + physOffset + "))";
        }
        return u64(pa);
    }

    private static void offset(String fn, String constant, AccessFormula.Offset o, List<Define> strategy,
            List<Function> out) {
        long start = o.window().start();
        long span = o.window().last() - start;
        String how = Comments.safe(o.kind() + (o.region().isEmpty() ? "" : " '" + o.region() + "'"));
        strategy.add(new Define(constant + "_MAP_VA", u64(start), how + ": the VA of physical " + hex(o.paBase())));
        strategy.add(new Define(constant + "_MAP_PA", u64(o.paBase()), ""));
        strategy.add(new Define(constant + "_MAP_SIZE", span == -1L ? "0" : u64(span + 1), span == -1L
                ? "the whole address space" : ""));
        out.add(new Function("the VA of physical address pa through the " + how + " (UINT64_MAX: not covered)",
                fn + "_phys_to_virt", "uint64_t pa", List.of(), outside("pa", o.paBase(), span),
                offsetBy("pa", o.paBase(), start)));
        out.add(new Function("the physical address of va in the " + how + " (UINT64_MAX: not in it)",
                fn + "_virt_to_phys", "uint64_t va", List.of(), outside("va", start, span),
                offsetBy("va", start, o.paBase())));
    }

    /** {@code x} outside {@code [from, from + span]}, or empty when every value is inside. */
    private static String outside(String x, long from, long span) {
        List<String> tests = new ArrayList<>();
        if (from != 0) {
            tests.add(x + " < " + u64(from));
        }
        if (span != -1L && !(from == 0 && span == -1L)) {
            tests.add((from == 0 ? x : x + " - " + u64(from)) + " > " + u64(span));
        }
        return String.join(" || ", tests);
    }

    private static String offsetBy(String x, long from, long to) {
        if (from == to) {
            return x;
        }
        return (to == 0 ? "" : u64(to) + " + ") + (from == 0 ? x : "(" + x + " - " + u64(from) + ")");
    }

    private void recursive(String fn, String constant, AccessFormula.RecursiveSlot r, List<Define> strategy,
            List<Function> out) {
        String how = Comments.safe("recursive slot '" + r.region() + "'");
        strategy.add(new Define(constant + "_RECURSIVE_SLOT", Integer.toString(r.slot()), how
                + (r.firstPd() >= 0 ? ": PDPT entry whose page directory holds the four recursive entries" : "")));
        if (r.firstPd() >= 0) {
            strategy.add(new Define(constant + "_RECURSIVE_FIRST_PD", Integer.toString(r.firstPd()),
                    "the first of the four page-directory entries that point at the page directories"));
        }
        String what = "depth 0 is the root";
        out.add(new Function("the VA of the table at depth of va's walk (" + what + "; UINT64_MAX: not mapped)",
                fn + "_table_va", "unsigned depth, uint64_t va", tableCases(r, -1), "", ""));
        out.add(new Function("the VA of va's entry in the table at depth of its walk", fn + "_entry_va",
                "unsigned depth, uint64_t va", entryCases(r, fn + "_table_va"), "", ""));
        if (r.foreign() >= 0) {
            strategy.add(new Define(constant + "_FOREIGN_SLOT", Integer.toString(r.foreign()),
                    "load another space's root here to reach its tables"));
            out.add(new Function("the VA of the table at depth of va's walk in the space whose root is in the "
                    + "foreign slot", fn + "_foreign_table_va", "unsigned depth, uint64_t va",
                    tableCases(r, r.foreign()), "", ""));
            out.add(new Function("the VA of va's entry in that table", fn + "_foreign_entry_va",
                    "unsigned depth, uint64_t va", entryCases(r, fn + "_foreign_table_va"), "", ""));
        }
    }

    /** Per depth: a constant (slots and placement) plus va's index bits moved to the levels below the slots. */
    private static List<Case> tableCases(AccessFormula.RecursiveSlot r, int foreign) {
        List<Case> cases = new ArrayList<>();
        List<Integer> sh = r.shifts();
        int depth = r.depth();
        if (r.firstPd() >= 0) {
            long slot = r.slot();
            long pd = r.firstPd();
            cases.add(new Case(1, u64(slot << sh.get(0) | (pd + slot) << sh.get(1) | pd << sh.get(2)) + " + "
                    + moved(r, 0, sh.get(2))));
            cases.add(new Case(2, u64(slot << sh.get(0) | pd << sh.get(1)) + " + " + moved(r, 0, sh.get(1)) + " + "
                    + moved(r, 1, sh.get(2))));
            return cases;
        }
        for (int d = 0; d < depth; d++) {
            int lead = depth - d;
            long raw = 0;
            for (int p = 0; p < lead; p++) {
                raw |= (long) (foreign >= 0 && p == lead - 1 ? foreign : r.slot()) << sh.get(p);
            }
            StringBuilder e = new StringBuilder(u64(r.placement().place(raw)));
            for (int p = lead; p < depth; p++) {
                e.append(" + ").append(moved(r, p - lead, sh.get(p)));
            }
            cases.add(new Case(d, e.toString()));
        }
        return cases;
    }

    /** va's index at depth {@code from}, placed at bit {@code to}. */
    private static String moved(AccessFormula.RecursiveSlot r, int from, int to) {
        int s = r.shifts().get(from);
        long mask = ((1L << r.indexBits().get(from)) - 1) << to;
        return "((va >> " + (s - to) + ") & " + u64(mask) + ")";
    }

    private List<Case> entryCases(AccessFormula.RecursiveSlot r, String table) {
        List<Case> cases = new ArrayList<>();
        int lg = Integer.numberOfTrailingZeros(image.entryBytes());
        for (int d = r.firstPd() >= 0 ? 1 : 0; d < r.depth(); d++) {
            cases.add(new Case(d, table + "(" + d + ", va) + " + moved(r, d, lg)));
        }
        return cases;
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    static String u64(long v) {
        return "UINT64_C(" + hex(v) + ")";
    }

    static String literal(int bits, long v) {
        return bits == 64 ? u64(v) : "UINT32_C(" + hex(v) + ")";
    }
}
