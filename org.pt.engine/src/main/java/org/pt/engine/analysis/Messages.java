package org.pt.engine.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pt.engine.core.AddressRange;
import org.pt.engine.core.SizeUnit;
import org.pt.engine.core.Unsigned;
import org.pt.engine.format.DecodedEntry;
import org.pt.engine.strategy.AccessCost;
import org.pt.engine.strategy.Location;
import org.pt.engine.strategy.Recursive;
import org.pt.engine.strategy.SelfEntry;
import org.pt.engine.strategy.SoftwareWalk;
import org.pt.engine.strategy.SoftwareWalk.Landing;
import org.pt.engine.strategy.TableAccess;
import org.pt.engine.strategy.VaUse;
import org.pt.engine.strategy.Window;
import org.pt.engine.walk.Translation;
import org.pt.engine.walk.WalkStep;
import org.pt.engine.walk.WalkTrace;

/**
 * The one place where answers become text: each {@link Answer} turns into the one-line findings a front end shows on
 * its query (a walk's result or failed expectation, a reach, the aspects of a report, in that order), and the parts
 * that other findings quote (where a kernel's dereference lands, what a direct map covers).
 */
public final class Messages {

    /** The code of an unknown report aspect, and of each aspect's line. */
    private static final Code UNKNOWN_REPORT = Code.UNKNOWN_REPORT;
    private static final Code COST_REPORT = Code.COST_REPORT;

    private Messages() {
    }

    /** The findings that show {@code answer} on its query. */
    public static List<Finding> findings(Subject.QueryRef at, Answer answer) {
        return switch (answer) {
            case Answer.Walk w -> List.of(walk(at, w));
            case Answer.Reach r -> List.of(reach(at, r));
            case Answer.Decode d -> decode(at, d);
            case Answer.Report r -> report(at, r);
            case Answer.Events e -> EventReport.findings(at, e);
            case Answer.LayoutTable l -> layout(at, l);
            case Answer.UnknownReport u -> List.of(Finding.error(UNKNOWN_REPORT, "unknown report '" + u.what()
                    + "': one of " + String.join(", ", u.aspects()), at).withData("aspects", String.join(",", u.aspects())));
        };
    }

    // ---- walk ------------------------------------------------------------------------------------------------------

    private static Finding walk(Subject at, Answer.Walk w) {
        Translation r = w.result();
        String trace = trace(w.trace());
        return switch (w.expectation()) {
            case Answer.Expectation.FaultExpected f -> Finding.error(Code.WALK_EXPECTATION_FAILED, "expected "
                    + Unsigned.hex(w.va()) + " to fault, but " + r + "; " + trace, at);
            case Answer.Expectation.PaExpected p -> Finding.error(Code.WALK_EXPECTATION_FAILED, "expected "
                    + Unsigned.hex(w.va()) + " -> " + Unsigned.hex(p.pa()) + ", but " + r + "; " + trace, at);
            case Answer.Expectation.None n -> Finding.info(Code.WALK_RESULT, r + "; " + trace, at);
            case Answer.Expectation.Met m -> Finding.info(Code.WALK_RESULT, r + "; " + trace, at);
        };
    }

    /** {@code CR3 0x200_0000: PML4[0]=0x... PDPT[0]=0x...} */
    static String trace(WalkTrace t) {
        StringBuilder sb = new StringBuilder(t.half()).append(' ').append(Unsigned.hex(t.rootPa())).append(':');
        for (WalkStep s : t.steps()) {
            sb.append(' ').append(s.level()).append('[').append(s.index()).append("]=").append(Unsigned.rawHex(s.entry().raw()));
        }
        return sb.toString();
    }

    // ---- decode ----------------------------------------------------------------------------------------------------

    private static List<Finding> decode(Subject at, Answer.Decode d) {
        String value = Unsigned.hex(d.value());
        return switch (d.decoded()) {
            case Answer.Decoded.Entry e -> {
                List<Finding> out = new ArrayList<>();
                out.add(Finding.info(Code.DECODE_RESULT, entry(value, e), at));
                e.malformed().ifPresent(m -> out.add(Finding.warning(Code.DECODE_PROBLEM, e.level() + " entry " + value
                        + " is rejected by the MMU: " + m.reason() + (m.bits() == 0 ? "" : " (reserved "
                        + Unsigned.bitList(m.bits()) + " set: " + Unsigned.hex(m.bits()) + ")"), at)));
                yield out;
            }
            case Answer.Decoded.Register r -> {
                List<Finding> out = new ArrayList<>();
                out.add(Finding.info(Code.DECODE_RESULT, register(r.register()), at));
                for (String p : r.problems()) {
                    out.add(Finding.warning(Code.DECODE_PROBLEM, r.register().name() + " " + value + ": " + p, at));
                }
                yield out;
            }
            case Answer.Decoded.UnknownLevel u -> List.of(Finding.error(Code.DECODE_REFUSED, d.format() + " has no level '"
                    + u.level() + "': its levels are " + String.join(", ", u.levels()), at));
            case Answer.Decoded.NoSuchRegister n -> List.of(Finding.error(Code.DECODE_REFUSED, (n.families().isEmpty()
                    ? "'" + n.register() + "' is no paging register PT decodes"
                    : "'" + n.register() + "' is " + article(n.families().get(0)) + " " + String.join(" and ", n.families())
                            + " register (" + String.join(", ", n.formats()) + ")") + "; " + d.format() + " has "
                            + String.join(", ", n.registers()), at));
            case Answer.Decoded.TooWide w -> List.of(Finding.error(Code.DECODE_REFUSED, value + " does not fit in "
                    + w.bits() + " bits, the width of " + w.what() + " (it has bit "
                    + (63 - Long.numberOfLeadingZeros(d.value())) + " set)", at));
        };
    }

    /** {@code an} before a name read with a vowel first ({@code x86}, {@code AArch64}, {@code L1}), else {@code a}. */
    static String article(String word) {
        return !word.startsWith("RISC") && "AEIOUaeiouxL".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
    }

    /**
     * {@code PD entry 0x8000_0000_0020_0083: 2 MiB page at 0x20_0000, k:rw- u:---, WB (PAT entry 0); XD=1 ... P=1},
     * {@code ...: table at 0x200_1000; ...}, {@code ...: invalid (the walk stops here); ...}.
     */
    private static String entry(String value, Answer.Decoded.Entry e) {
        StringBuilder sb = new StringBuilder(e.level()).append(" entry ").append(value).append(": ");
        switch (e.walk()) {
            case Translation.Mapped m -> sb.append(SizeUnit.format(m.pageSize())).append(" page at ")
                    .append(Unsigned.hex(m.pageBase())).append(", ").append(m.permissions()).append(", ")
                    .append(e.entry().memoryType().map(Object::toString).orElse(m.memoryType().name()));
            case Translation.NotMapped n when !n.level().equals(e.level()) -> sb.append("table at ")
                    .append(Unsigned.hex(e.entry().address().orElseThrow()));
            case Translation.NotMapped n -> sb.append("invalid (the walk stops here with a translation fault)");
            case Translation.Faulted f -> sb.append(e.entry().kind().name().toLowerCase(java.util.Locale.ROOT))
                    .append(e.entry().address().isPresent() ? " at " + Unsigned.hex(e.entry().address().getAsLong()) : "")
                    .append(", rejected: ").append(f.fault().kind().description());
        }
        sb.append(';');
        for (org.pt.engine.format.DecodedEntry.Field f : e.entry().fields()) {
            sb.append(' ').append(f);
        }
        return sb.toString();
    }

    /** {@code CR3 0x200_0000: PCID=0 (...), PWT=0 (walks write-back), ...}. */
    private static String register(org.pt.engine.image.Register r) {
        StringBuilder sb = new StringBuilder(r.name()).append(' ').append(Unsigned.hex(r.value())).append(':');
        String sep = " ";
        for (org.pt.engine.image.Register.Field f : r.fields()) {
            sb.append(sep).append(f.name()).append('=').append(f.value() < 10 ? Long.toString(f.value())
                    : Unsigned.hex(f.value())).append(" (").append(f.meaning()).append(')');
            sep = ", ";
        }
        return sb.toString();
    }

    // ---- reach -----------------------------------------------------------------------------------------------------

    private static Finding reach(Subject at, Answer.Reach r) {
        String b = r.space();
        String from = r.from();
        return switch (r.outcome()) {
            case Answer.Reached.NoSuchSpace n -> Finding.error(Code.TABLES_UNREACHABLE, "no space '" + from
                    + "' was built to reach the tables of '" + b + "' from", at);
            case Answer.Reached.OtherMachine o -> Finding.error(Code.TABLES_UNREACHABLE, "'" + from + "' runs on machine '"
                    + o.fromMachine() + "' and '" + b + "' on machine '" + o.machine()
                    + "': no strategy reaches the tables of another machine", at);
            case Answer.Reached.NoStrategy n -> Finding.error(Code.TABLES_UNREACHABLE, "space '" + from
                    + "' names no strategy for reaching page tables, so it cannot reach the tables of '" + b + "'", at,
                    new Subject.SpaceRef(from));
            case Answer.Reached.StrategyUnusable u -> Finding.error(Code.TABLES_UNREACHABLE, "the strategy of space '"
                    + from + "' is not usable (see its error), so it cannot reach the tables of '" + b + "'", at,
                    new Subject.StrategyRef(from));
            case Answer.Reached.Untranslatable u -> Finding.error(Code.SOFTWARE_WALK_FAILED, "cannot walk "
                    + Unsigned.hex(r.va()) + " in '" + b + "': " + u.reason(), at);
            case Answer.Reached.OnlyOwnTables o -> freeSlot(Finding.error(Code.TABLES_UNREACHABLE, onlyOwn(o.access(), from)
                    + "; " + Unsigned.hex(r.va()) + " of '" + b + "' is translated under " + o.rootRegister() + " root "
                    + Unsigned.hex(o.root()) + foreignSlotWanted(o), at, new Subject.StrategyRef(from)), o.freeSlot());
            case Answer.Reached.Walked w -> w.walk().ok() ? Finding.info(Code.REACH_RESULT, reached(r, w), at)
                    : freeSlot(walkFailed(at, r, w), w.freeSlot());
        };
    }

    private static Finding freeSlot(Finding f, java.util.OptionalInt free) {
        return free.isPresent() ? f.withData("freeSlot", Integer.toString(free.getAsInt())) : f;
    }

    /**
     * {@code : a foreign slot loaded with that root would reach it: PML4[509] is free ('foreign slot 509')}; on PAE,
     * where the recursive entries are page-directory entries, nothing (a foreign slot needs a recursive top-level entry).
     */
    private static String foreignSlotWanted(Answer.Reached.OnlyOwnTables o) {
        if (o.access().isPaeDirectories()) {
            return "";
        }
        String s = ": a foreign slot loaded with that root would reach it";
        if (o.freeSlot().isEmpty()) {
            return s + ", but no top-level slot of the kernel half is free";
        }
        int free = o.freeSlot().getAsInt();
        return s + ": " + o.access().half().geometry().level(0).name() + "[" + free + "] is free ('foreign slot " + free
                + "')";
    }

    /** {@code recursive slot PML4[510] reaches only the tables under the CR3 root of 'kernel'} */
    static String onlyOwn(Recursive rec, String kernel) {
        return rec.describe() + " reaches only the tables under the " + rec.half().rootRegister() + " root of '" + kernel
                + "'";
    }

    private static Finding walkFailed(Subject at, Answer.Reach r, Answer.Reached.Walked w) {
        SoftwareWalk.Step s = w.walk().failed().orElseThrow();
        Landing l = s.failure().orElseThrow();
        String detail;
        if (s.pteLanding() != null && !s.pteLanding().ok()) {
            Location.Windowed win = (Location.Windowed) s.location();
            long pteVa = Location.vaOf(win.pte());
            detail = "the window entry at " + Unsigned.hex(win.ptePa()) + (pteVa == -1 ? " " : ", written at "
                    + Unsigned.hex(pteVa) + ", ") + landing(l, r.from());
        } else if (l instanceof Landing.NotReached || l instanceof Landing.SlotInUse) {
            detail = landing(l, r.from());
        } else {
            detail = Unsigned.hex(Location.vaOf(s.location())) + " " + landing(l, r.from());
        }
        return Finding.error(Code.SOFTWARE_WALK_FAILED, "software walk of " + Unsigned.hex(r.va()) + " in '" + r.space()
                + "' from '" + r.from() + "' by " + w.access().describe() + " fails at " + s.name() + " (entry at "
                + Unsigned.hex(s.entryPa()) + "): " + detail, at, new Subject.StrategyRef(r.from()));
    }

    /** {@code 'kernel' reaches 0x40_0000 of 'init' by ...: PML4[0] at 0x...; cost: 4 reads, 0 remaps} */
    private static String reached(Answer.Reach r, Answer.Reached.Walked w) {
        SoftwareWalk.Result res = w.walk();
        long va = r.va();
        StringBuilder sb = new StringBuilder("'").append(r.from()).append("' reaches ").append(Unsigned.hex(va))
                .append(" of '").append(r.space()).append("' by ").append(w.access().describe());
        res.foreignSlot().ifPresent(fo -> sb.append(", ").append(fo.slotName()).append(" loaded with the root of '")
                .append(fo.space()).append("' (").append(Unsigned.hex(fo.rootPa())).append(')'));
        sb.append(':');
        String sep = " ";
        for (SoftwareWalk.Step s : res.steps()) {
            sb.append(sep).append(s.name());
            Location loc = s.location();
            if (loc instanceof Location.Skipped sk) {
                sb.append(" not read (").append(sk.why()).append(')');
            } else {
                sb.append(" at ").append(Unsigned.hex(Location.vaOf(loc)));
                if (loc instanceof Location.Windowed win) {
                    sb.append(" (window on ").append(Unsigned.hex(win.frame())).append(", its entry written at ")
                            .append(Unsigned.hex(Location.vaOf(win.pte()))).append(')');
                }
            }
            sep = ", ";
        }
        Translation t = res.target();
        if (t instanceof Translation.NotMapped n) {
            sb.append("; ").append(Unsigned.hex(va)).append(" is not mapped in '").append(r.space())
                    .append("' (no present entry at ").append(n.level()).append(')');
        } else if (t instanceof Translation.Faulted fl) {
            sb.append("; ").append(Unsigned.hex(va)).append(" faults in '").append(r.space()).append("': ").append(fl.fault());
        }
        sb.append("; cost: ").append(plural(res.reads(), "read")).append(", ").append(plural(res.remaps(), "remap"));
        if (res.remaps() > 0) {
            AccessCost c = w.cost();
            sb.append(", ").append(plural(res.remaps(), "TLB invalidation")).append(" (").append(c.invalidation()).append(')');
            if (c.shootdownCpus() > 0) {
                sb.append(" each with a shootdown to ").append(plural(c.shootdownCpus(), "other CPU"));
            }
        }
        if (res.foreignSlot().isPresent()) {
            sb.append(", 1 foreign-slot load (1 entry write, then invalidating what was cached through it)");
        }
        return sb.toString();
    }

    /** {@code lands on 0x4000_1010 in no table}, {@code is not mapped in 'kernel' (no present entry at PD)}, ... */
    public static String landing(Landing l, String kernel) {
        return switch (l) {
            case Landing.Lands x -> "lands on the entry";
            case Landing.ReadOnly r -> "is read-only in '" + kernel + "': " + r.fault();
            case Landing.Elsewhere e -> "lands on " + Unsigned.hex(e.pa()) + " " + e.entry().map(t -> "(entry " + t.index()
                    + " of the " + t.level() + " at " + Unsigned.hex(t.table()) + ")").orElse("in no table");
            case Landing.Unmapped u -> "is not mapped in '" + kernel + "' (no present entry at " + u.level() + ")";
            case Landing.Faulted f -> "faults in '" + kernel + "': " + f.fault();
            case Landing.NotReached n -> n.reason();
            case Landing.WindowNotReached w -> "the window entry is not reached";
            case Landing.NeedsPreparation p -> "a window's entry is reached by a strategy that needs no preparation";
            case Landing.SlotInUse s -> "foreign slot " + s.slot() + " of '" + kernel + "' is in use ("
                    + Unsigned.rawHex(s.raw()) + ")";
            case Landing.Skipped s -> "not read (" + s.why() + ")";
        };
    }

    // ---- a refused recursive slot ---------------------------------------------------------------------------------

    /**
     * {@code f} with what the MMU does with the self entry at each level appended to its message, and as data:
     * {@code selfEntry} (the raw entry) and {@code selfEntryLevels} ({@code L2=table,L1=table,L0=fault}).
     */
    static Finding withSelfEntry(Finding f, SelfEntry e) {
        StringBuilder levels = new StringBuilder();
        for (SelfEntry.Reading r : e.readings()) {
            levels.append(levels.isEmpty() ? "" : ",").append(r.level()).append('=').append(kind(r.outcome()));
        }
        return new Finding(f.severity(), f.code(), f.message() + "; " + selfEntry(e), f.subjects(), f.data())
                .withData("selfEntry", Unsigned.rawHex(e.entry())).withData("selfEntryLevels", levels.toString());
    }

    /**
     * {@code the MMU reads self entry L2[510]=0x21000001 (root at 0x8400_0000) at L2 as a table descriptor pointing at
     * the root, at L1 ..., at L0 as a fault: non-leaf entry at the last level (...)}
     */
    static String selfEntry(SelfEntry e) {
        StringBuilder sb = new StringBuilder("the MMU reads self entry ").append(e.slot()).append('=')
                .append(Unsigned.rawHex(e.entry())).append(" (root at ").append(Unsigned.hex(e.rootPa())).append(')');
        String sep = " ";
        for (SelfEntry.Reading r : e.readings()) {
            sb.append(sep).append("at ").append(r.level());
            r.readAs().ifPresent(s -> sb.append(" (the ").append(SizeUnit.format(s.rootBytes())).append(' ')
                    .append(s.rootLevel()).append(" read as a ").append(SizeUnit.format(s.bytes())).append(' ')
                    .append(r.level()).append(s.entries() > s.rootEntries() ? " of " + s.entries() + " entries: "
                            + (s.entries() - s.rootEntries()) + " of them the memory after it)"
                            : ": only its first " + s.entries() + " entries)"));
            if (r.outcome() instanceof SelfEntry.Outcome.Beyond b) {
                sb.append(" never: index ").append(r.index()).append(" is beyond the ").append(b.entries())
                        .append(" entries of an ").append(r.level()).append("; read as an ").append(r.level())
                        .append(" descriptor it would be ").append(outcome(b.wouldBe(), r.decoded()));
            } else {
                sb.append(" as ").append(outcome(r.outcome(), r.decoded()));
            }
            sep = ", ";
        }
        return sb.toString();
    }

    private static String outcome(SelfEntry.Outcome o, DecodedEntry decoded) {
        return switch (o) {
            case SelfEntry.Outcome.NextTable t -> "a table descriptor pointing at "
                    + (t.root() ? "the root" : Unsigned.hex(t.pa()) + ", not the root");
            case SelfEntry.Outcome.Page p -> "a " + SizeUnit.format(p.size()) + " page at " + Unsigned.hex(p.pa()) + " ("
                    + p.permissions() + ", " + p.memoryType() + "; " + fields(decoded) + ")";
            case SelfEntry.Outcome.Faults f -> "a fault: " + f.fault().kind().description()
                    + (f.fault().detail().isEmpty() ? "" : " (" + f.fault().detail() + ")");
            case SelfEntry.Outcome.Beyond b -> outcome(b.wouldBe(), decoded);
        };
    }

    private static String kind(SelfEntry.Outcome o) {
        return switch (o) {
            case SelfEntry.Outcome.NextTable t -> "table";
            case SelfEntry.Outcome.Page p -> "page";
            case SelfEntry.Outcome.Faults f -> "fault";
            case SelfEntry.Outcome.Beyond b -> "unread";
        };
    }

    /** {@code XN=0 TEX=0 AP[2]=0 ...}: the fields a decoded entry names. */
    private static String fields(DecodedEntry d) {
        StringBuilder sb = new StringBuilder();
        for (DecodedEntry.Field f : d.fields()) {
            sb.append(sb.isEmpty() ? "" : " ").append(f);
        }
        return sb.toString();
    }

    // ---- report ----------------------------------------------------------------------------------------------------

    private static List<Finding> report(Subject at, Answer.Report r) {
        List<Finding> out = new ArrayList<>();
        r.tables().ifPresent(t -> out.add(Finding.info(COST_REPORT, tables(r.space(), t), at)));
        r.pages().ifPresent(p -> out.add(Finding.info(COST_REPORT, pages(r.space(), p), at)));
        switch (r.strategy()) {
            case Answer.StrategyUse.NotAsked n -> {
            }
            case Answer.StrategyUse.NoStrategy n -> out.add(Finding.info(COST_REPORT, "space '" + r.space()
                    + "' names no strategy for reaching page tables", at));
            case Answer.StrategyUse.Unusable u -> out.add(Finding.info(COST_REPORT, "the strategy of space '" + r.space()
                    + "' is not usable (see its error)", at));
            case Answer.StrategyUse.Usable u -> {
                u.where().ifPresent(w -> out.add(Finding.info(COST_REPORT, where(r.space(), u.access(), w), at)));
                u.va().ifPresent(v -> out.add(Finding.info(COST_REPORT, va(v), at)));
                u.cost().ifPresent(c -> out.add(Finding.info(COST_REPORT, access(u.access(), c), at)));
            }
        }
        return out;
    }

    /**
     * The layout table: a header ({@code # start ...}), one line per row, then how many regions and gaps, each a note,
     * its columns padded so that the lines align under one another: start, inclusive end, size, top-level slots, share
     * of the VA half, region (or {@code (gap)}), purpose (with the physical base a region writes), label. Addresses
     * have every digit of the format's VA ({@code 0x0000_7fff_ffff_ffff}), so that a front end that sorts the notes of
     * one position by their text (as {@code ptc check} does) keeps them in address order, under the header.
     */
    private static List<Finding> layout(Subject at, Answer.LayoutTable l) {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"# start", "end", "size", "top-level", "share", "region", "purpose", "label"});
        for (Answer.LayoutRow r : l.rows()) {
            cells.add(new String[] {Unsigned.hex(r.range().start(), l.digits()), Unsigned.hex(r.range().last(), l.digits()),
                    SizeUnit.format(r.range().size()), r.slots().map(Answer.SlotSpan::toString).orElse("-"), share(r),
                    r.region().map(x -> x.name()).orElse("(gap)"),
                    r.region().map(x -> x.purpose().keyword() + (x.physicalBase() == 0 ? ""
                            : " from physical " + Unsigned.hex(x.physicalBase()))).orElse(""),
                    r.region().flatMap(x -> x.label()).orElse("")});
        }
        if (l.rows().stream().allMatch(r -> r.region().flatMap(x -> x.label()).isEmpty())) {
            cells.get(0)[7] = ""; // no label column
        }
        int[] width = new int[cells.get(0).length];
        for (String[] c : cells) {
            for (int i = 0; i < c.length; i++) {
                width[i] = Math.max(width[i], c[i].length());
            }
        }
        List<Finding> out = new ArrayList<>();
        for (String[] c : cells) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < c.length; i++) {
                boolean right = i == 2 || i == 4; // size and share, right-aligned
                String pad = " ".repeat(width[i] - c[i].length());
                sb.append(i == 0 ? "" : "  ").append(right ? pad + c[i] : c[i] + pad);
            }
            out.add(Finding.info(COST_REPORT, sb.toString().stripTrailing(), at));
        }
        out.add(Finding.info(COST_REPORT, "layout '" + l.layout() + "' of space '" + l.space() + "': "
                + plural(l.regions(), "region") + " and " + plural(l.gaps(), "gap"), at));
        return out;
    }

    /** {@code 50.0 %}, a layout row's share of its VA half; {@code -} when it lies in none. */
    public static String share(Answer.LayoutRow r) {
        return r.share().isPresent() ? r.share().getAsLong() / 10 + "." + r.share().getAsLong() % 10 + " %" : "-";
    }

    /** {@code space 'kernel' has 7 tables (28 KiB): 1 PML4, 2 PDPT, 2 PD, 2 PT; 3 of them are shared with other spaces} */
    private static String tables(String space, Answer.Tables t) {
        StringBuilder sb = new StringBuilder("space '").append(space).append("' has ").append(t.count())
                .append(t.count() == 1 ? " table (" : " tables (").append(SizeUnit.format(t.bytes())).append("):");
        String sep = " ";
        for (Map.Entry<String, Long> e : t.perLevel().entrySet()) {
            sb.append(sep).append(e.getValue()).append(' ').append(e.getKey());
            sep = ", ";
        }
        if (t.shared() > 0) {
            sb.append("; ").append(t.shared()).append(t.shared() == 1 ? " of them is" : " of them are")
                    .append(" shared with other spaces");
        }
        return sb.toString();
    }

    /** {@code space 'kernel' maps 4 GiB in 4 pages of 1 GiB and 64 KiB in 16 pages of 4 KiB: 20 TLB entries cover it} */
    private static String pages(String space, Answer.Pages p) {
        Map<Long, Long> bySize = p.bytesBySize();
        if (bySize.isEmpty()) {
            return "space '" + space + "' maps nothing";
        }
        StringBuilder sb = new StringBuilder("space '").append(space).append("' maps ");
        long entries = 0;
        int k = 0;
        for (Map.Entry<Long, Long> e : bySize.entrySet()) {
            long pages = e.getValue() / e.getKey();
            entries += pages;
            sb.append(k == 0 ? "" : k == bySize.size() - 1 ? " and " : ", ").append(SizeUnit.format(e.getValue()))
                    .append(" in ").append(pages).append(pages == 1 ? " page of " : " pages of ")
                    .append(SizeUnit.format(e.getKey()));
            k++;
        }
        return sb.append(": ").append(entries).append(entries == 1 ? " TLB entry covers" : " TLB entries cover")
                .append(" every mapping").toString();
    }

    /** {@code tables of 'kernel' through recursive slot PML4[510]: PML4 0x200_0000 at 0x...; PDPT 0x200_1000 (0x...) at ...} */
    private static String where(String space, TableAccess access, Answer.Where w) {
        StringBuilder sb = new StringBuilder("tables of '").append(space).append("' through ").append(access.describe())
                .append(':');
        String sep = " ";
        for (Answer.TableLocation t : w.listed()) {
            sb.append(sep).append(t.level()).append(' ').append(Unsigned.hex(t.pa()));
            t.translates().ifPresent(r -> sb.append(" (").append(Unsigned.hex(r.start())).append(')'));
            sb.append(' ').append(location(t.location()));
            sep = "; ";
        }
        if (w.total() > w.listed().size()) {
            sb.append(" (and ").append(w.total() - w.listed().size()).append(" more)");
        }
        return sb.toString();
    }

    private static String location(Location loc) {
        return switch (loc) {
            case Location.At at -> "at " + Unsigned.hex(at.va());
            case Location.Foreign fo -> "at " + Unsigned.hex(fo.va()) + " once " + fo.slotName() + " holds its root";
            case Location.Windowed w -> "at " + Unsigned.hex(w.va()) + " after a remap of the window";
            case Location.Skipped sk -> "not read (" + sk.why() + ")";
            case Location.Unreachable u -> "unreachable (" + u.reason() + ")";
        };
    }

    /** {@code recursive slot PML4[510] takes 0xffff_ff00_0000_0000 ..= 0xffff_ff7f_ffff_ffff (512 GiB) of VA} */
    private static String va(Answer.VaTaken v) {
        VaUse use = v.use();
        StringBuilder sb = new StringBuilder(use.what()).append(" takes ");
        List<AddressRange> ranges = use.ranges();
        for (int i = 0; i < ranges.size(); i++) {
            sb.append(i == 0 ? "" : i == ranges.size() - 1 ? " and " : ", ").append(ranges.get(i));
        }
        sb.append(" of VA");
        if (!use.note().isEmpty()) {
            sb.append("; ").append(use.note());
        }
        v.coverage().ifPresent(c -> sb.append("; ").append(coverage(c)));
        return sb.toString();
    }

    /** {@code 'physmap' maps physical 0x0 ..= 0x3fff_ffff (1 GiB)} */
    static String coverage(Answer.Coverage c) {
        StringBuilder sb = new StringBuilder("'").append(c.region()).append("' maps ");
        if (c.physical().isEmpty()) {
            return sb.append("no physical memory").toString();
        }
        sb.append("physical ");
        for (int i = 0; i < c.physical().size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(c.physical().get(i));
        }
        return sb.toString();
    }

    /** {@code one table access by window 'w' costs 1 remap ... ; it reaches any table of any space, ...} */
    private static String access(TableAccess access, AccessCost c) {
        StringBuilder sb = new StringBuilder("one table access by ").append(access.describe()).append(" costs ");
        if (c.isFree()) {
            sb.append("no remap and no TLB invalidation");
        } else {
            sb.append(c.remaps()).append(c.remaps() == 1 ? " remap (a page-table entry write) and " : " remaps and ")
                    .append(plural(c.invalidations(), "TLB invalidation")).append(" (").append(c.invalidation()).append(')');
            if (access instanceof Window w) {
                if (c.shootdownCpus() > 0) {
                    sb.append(", plus a TLB shootdown to ").append(plural(c.shootdownCpus(), "other CPU"))
                            .append(" (one window page for ").append(c.shootdownCpus() + 1).append(" CPUs)");
                } else {
                    sb.append(w.perCpu() ? " and no shootdown (one window page per CPU)" : " and no shootdown (1 CPU)");
                }
            }
        }
        return sb.append("; it reaches ").append(access.reaches()).toString();
    }

    /** {@code 1 read}, {@code 2 reads} */
    private static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
