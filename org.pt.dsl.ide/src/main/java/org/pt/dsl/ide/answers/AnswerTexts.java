package org.pt.dsl.ide.answers;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Map;
import java.util.StringJoiner;
import org.pt.engine.analysis.Answer;
import org.pt.engine.analysis.BuiltSpace;
import org.pt.engine.analysis.Messages;
import org.pt.engine.analysis.Slots;
import org.pt.engine.core.AddressRange;
import org.pt.engine.core.SizeUnit;
import org.pt.engine.core.Unsigned;
import org.pt.engine.format.DecodedEntry;
import org.pt.engine.format.Half;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.model.Layout;
import org.pt.engine.model.Region;
import org.pt.engine.model.StrategySpec;
import org.pt.engine.strategy.SoftwareWalk;
import org.pt.engine.walk.Translation;
import org.pt.engine.walk.WalkStep;

/**
 * The texts an editor shows for a query's typed {@link Answer}: a one-line label (an inlay hint at the end of the
 * {@code walk}, {@code reach} or {@code report} line) and, for a walk, the full answer in Markdown (a hover). Read from
 * the answer's values, never from the message text.
 */
public final class AnswerTexts {

    private AnswerTexts() {
    }

    /**
     * The one-line answer: {@code → 0x100_1234 2 MiB k:r-x u:--- WB} for a walk, {@code 3 reads, 0 remaps} for a
     * reach, {@code 4 tables (16 KiB)} for a report.
     */
    public static String label(Answer answer) {
        return switch (answer) {
            case Answer.Walk w -> "→ " + translation(w.result());
            case Answer.Reach r -> reach(r.outcome());
            case Answer.Decode d -> decodeLabel(d.decoded());
            case Answer.Report r -> report(r);
            case Answer.Events e -> plural(e.statements().size(), "statement") + " with events";
            case Answer.LayoutTable l -> plural(l.regions(), "region") + ", " + plural(l.gaps(), "gap");
            case Answer.UnknownReport u -> "unknown report";
        };
    }

    /** {@code 0x100_1234 2 MiB k:r-x u:--- WB}, {@code not mapped (PD)}, {@code fault: ...}. */
    static String translation(Translation t) {
        return switch (t) {
            case Translation.Mapped m -> Unsigned.hex(m.pa()) + " " + SizeUnit.format(m.pageSize()) + " "
                    + m.permissions() + " " + m.memoryType().name();
            case Translation.NotMapped n -> "not mapped (" + n.level() + ")";
            case Translation.Faulted f -> "fault: " + f.fault();
        };
    }

    private static String reach(Answer.Reached outcome) {
        return switch (outcome) {
            case Answer.Reached.Walked w -> walked(w.walk());
            case Answer.Reached.Untranslatable u -> "cannot walk";
            default -> "unreachable";
        };
    }

    private static String walked(SoftwareWalk.Result walk) {
        String cost = plural(walk.reads(), "read") + ", " + plural(walk.remaps(), "remap");
        return walk.failed().map(s -> "fails at " + s.name() + "; " + cost).orElse(cost);
    }

    private static String report(Answer.Report r) {
        StringJoiner parts = new StringJoiner(", ");
        r.tables().ifPresent(t -> parts.add(plural(t.count(), "table") + " (" + SizeUnit.format(t.bytes()) + ")"));
        r.pages().ifPresent(p -> {
            for (Map.Entry<Long, Long> e : p.bytesBySize().entrySet()) {
                parts.add(SizeUnit.format(e.getValue()) + " in " + SizeUnit.format(e.getKey()) + " pages");
            }
        });
        if (r.strategy() instanceof Answer.StrategyUse.Usable u) {
            u.cost().ifPresent(c -> parts.add(plural(c.remaps(), "remap")));
        } else if (!(r.strategy() instanceof Answer.StrategyUse.NotAsked)) {
            parts.add("no usable strategy");
        }
        return parts.length() == 0 ? "nothing mapped" : parts.toString();
    }

    /**
     * {@code report layout} in Markdown: the layout table, one row per region or gap (the values of the answer,
     * as {@code ptc check} prints them).
     */
    public static String layoutMarkdown(Answer.LayoutTable l) {
        StringBuilder sb = new StringBuilder("**report layout** of '").append(l.space()).append("': layout '")
                .append(l.layout()).append("', ").append(plural(l.regions(), "region")).append(", ")
                .append(plural(l.gaps(), "gap")).append("\n\n| start | end | size | top-level | share | region | purpose |\n")
                .append("|---|---|---:|---|---:|---|---|\n");
        for (Answer.LayoutRow r : l.rows()) {
            sb.append("| ").append(Unsigned.hex(r.range().start(), l.digits())).append(" | ")
                    .append(Unsigned.hex(r.range().last(), l.digits()))
                    .append(" | ").append(SizeUnit.format(r.range().size())).append(" | ")
                    .append(r.slots().map(Answer.SlotSpan::toString).orElse("-")).append(" | ")
                    .append(Messages.share(r))
                    .append(" | ").append(r.region().map(Region::name).orElse("(gap)")).append(" | ")
                    .append(r.region().map(x -> x.purpose().keyword()).orElse("")).append(" |\n");
        }
        return sb.toString();
    }

    /**
     * A walk in Markdown: the outcome, the root, and a table of the levels read (table PA, index, raw entry, decoded
     * fields).
     */
    public static String walkMarkdown(Answer.Walk w) {
        return walkMarkdown("walk " + Unsigned.hex(w.va()), w);
    }

    /** {@link #walkMarkdown(Answer.Walk)} under another title ({@code title} in bold, then the outcome). */
    public static String walkMarkdown(String title, Answer.Walk w) {
        StringBuilder sb = new StringBuilder("**").append(title).append("** → ")
                .append(translation(w.result())).append("\n\n");
        if (w.result() instanceof Translation.Mapped m) {
            sb.append(SizeUnit.format(m.pageSize())).append(" page at ").append(m.level()).append(", page base ")
                    .append(Unsigned.hex(m.pageBase())).append(", memory type ").append(m.memoryType()).append("\n\n");
        }
        sb.append(w.trace().half()).append(" root ").append(Unsigned.hex(w.trace().rootPa())).append("\n\n");
        sb.append("| level | table | index | entry | decoded |\n|---|---|---|---|---|\n");
        for (WalkStep s : w.trace().steps()) {
            sb.append("| ").append(s.level()).append(" | ").append(Unsigned.hex(s.tablePa())).append(" | ")
                    .append(s.index()).append(" | `").append(Unsigned.rawHex(s.entry().raw())).append("` | ")
                    .append(decoded(s.entry())).append(" |\n");
        }
        switch (w.expectation()) {
            case Answer.Expectation.FaultExpected f -> sb.append("\nexpected a fault\n");
            case Answer.Expectation.PaExpected p -> sb.append("\nexpected ").append(Unsigned.hex(p.pa())).append('\n');
            case Answer.Expectation.Met m -> sb.append("\nas expected\n");
            case Answer.Expectation.None n -> {
            }
        }
        return sb.toString();
    }

    /**
     * {@code → 2 MiB page at 0x20_0000 k:rw- u:--- WB}, {@code → table at 0x200_1000}, {@code → invalid},
     * {@code → rejected: reserved bit set} for an entry; {@code → PCID=0 PWT=0 PCD=0 PML4 base=0x2000} for a register.
     */
    private static String decodeLabel(Answer.Decoded d) {
        return switch (d) {
            case Answer.Decoded.Entry e -> "→ " + entrySummary(e);
            case Answer.Decoded.Register r -> {
                StringJoiner j = new StringJoiner(" ", "→ ", r.problems().isEmpty() ? ""
                        : "; " + plural(r.problems().size(), "problem"));
                r.register().fields().forEach(f -> j.add(f.name() + "=" + Unsigned.hex(f.value())));
                yield j.toString();
            }
            case Answer.Decoded.UnknownLevel u -> "no level " + u.level();
            case Answer.Decoded.NoSuchRegister n -> "no register " + n.register();
            case Answer.Decoded.TooWide w -> "wider than " + w.bits() + " bits";
        };
    }

    /** What the MMU makes of a decoded entry at its level, in a few words. */
    private static String entrySummary(Answer.Decoded.Entry e) {
        return switch (e.walk()) {
            case Translation.Mapped m -> SizeUnit.format(m.pageSize()) + " page at " + Unsigned.hex(m.pageBase()) + " "
                    + m.permissions() + " " + m.memoryType().name();
            case Translation.NotMapped n when !n.level().equals(e.level()) -> "table at "
                    + Unsigned.hex(e.entry().address().orElseThrow());
            case Translation.NotMapped n -> "invalid";
            case Translation.Faulted f -> "rejected: " + f.fault().kind().description();
        };
    }

    /**
     * A decode in Markdown: what the value is, then a table of its fields (bits, value, and for a register what the
     * value selects), then what the MMU rejects or the machine contradicts.
     */
    public static String decodeMarkdown(String title, Answer.Decode d, List<String> messages) {
        StringBuilder sb = new StringBuilder("**").append(title).append("**");
        switch (d.decoded()) {
            case Answer.Decoded.Entry e -> {
                sb.append(" → ").append(entrySummary(e)).append("\n\n").append(d.format()).append(' ')
                        .append(e.level()).append(" entry `").append(Unsigned.rawHex(d.value())).append("`")
                        .append(e.entry().memoryType().map(m -> ", memory type " + m).orElse("")).append("\n\n")
                        .append("| field | bits | value |\n|---|---|---|\n");
                for (DecodedEntry.Field f : e.entry().fields()) {
                    sb.append("| ").append(f.name()).append(" | ").append(bits(f.lowBit(), f.width())).append(" | ")
                            .append(Unsigned.hex(f.value())).append(" |\n");
                }
                e.malformed().ifPresent(m -> sb.append("\nrejected by the MMU: ").append(m.reason()).append('\n'));
            }
            case Answer.Decoded.Register r -> {
                sb.append("\n\n").append(d.format()).append(' ').append(r.register().name()).append(" `")
                        .append(Unsigned.rawHex(d.value())).append("`\n\n| field | bits | value | selects |\n|---|---|---|---|\n");
                for (org.pt.engine.image.Register.Field f : r.register().fields()) {
                    sb.append("| ").append(f.name()).append(" | ").append(bits(f.lsb(), f.width())).append(" | ")
                            .append(Unsigned.hex(f.value())).append(" | ").append(f.meaning()).append(" |\n");
                }
                r.problems().forEach(p -> sb.append("\n- ").append(p));
                if (!r.problems().isEmpty()) {
                    sb.append('\n');
                }
            }
            default -> sb.append("\n\n").append(String.join("\n\n", messages)).append('\n');
        }
        return sb.toString();
    }

    /** {@code 7} or {@code 51:12}. */
    private static String bits(int low, int width) {
        return width == 1 ? Integer.toString(low) : (low + width - 1) + ":" + low;
    }

    /**
     * {@code **region kernel** (kernel)}, then its range and size, the top-level slots it covers in its layout's format
     * ({@code PML4 slots 256–263}; with two roots, the root's register first), the physical range a direct map there
     * holds when the region writes a physical base, and {@code mappers}, the statements that map into it.
     */
    public static String regionMarkdown(Layout layout, Region r, List<String> mappers) {
        AddressRange range = r.range();
        String size = range.start() == 0 && range.last() == -1 ? "16 EiB" : SizeUnit.format(range.size());
        StringBuilder sb = new StringBuilder("**region ").append(r.name()).append("** (").append(r.purpose().keyword())
                .append(")\n\n").append(Unsigned.hex(range.start())).append(" ..= ").append(Unsigned.hex(range.last()))
                .append(", ").append(size).append("\n\n");
        PagingFormat format = layout.machine().format();
        Half half = format.halfOf(range.start());
        if (half != null && half == format.halfOf(range.last())) {
            int first = Slots.of(half, range.start());
            int last = Slots.of(half, range.last());
            sb.append(format.halves().size() > 1 ? half.rootRegister() + " " : "")
                    .append(half.geometry().level(0).name())
                    .append(first == last ? " slot " + first : " slots " + first + "–" + last).append("\n\n");
        }
        if (r.physicalBase() != 0) {
            sb.append("a direct map here holds physical ").append(r.physicalReach())
                    .append(": VA = ").append(Unsigned.hex(range.start())).append(" + PA - ")
                    .append(Unsigned.hex(r.physicalBase())).append("\n\n");
        }
        if (mappers.isEmpty()) {
            sb.append("no statement maps it\n");
        } else if (mappers.size() == 1) {
            sb.append("mapped by ").append(mappers.get(0)).append('\n');
        } else {
            sb.append("mapped by:\n");
            mappers.forEach(m -> sb.append("- ").append(m).append('\n'));
        }
        return sb.toString();
    }

    /** {@code 2 MiB (0x20_0000 bytes)}; {@code 1 B (0x1 byte)}. */
    public static String bytes(long bytes) {
        return SizeUnit.format(bytes) + " (" + Unsigned.hex(bytes) + (bytes == 1 ? " byte)" : " bytes)");
    }

    /** How a space reaches its tables, as written: {@code tables via recursive self_map}. */
    static String strategy(Optional<StrategySpec> spec) {
        return spec.map(s -> "tables via " + strategyWords(s)).orElse("no strategy: nothing reaches its tables");
    }

    private static String strategyWords(StrategySpec s) {
        return switch (s) {
            case StrategySpec.Recursive r -> "recursive " + r.region()
                    + (r.foreignSlot().isPresent() ? " foreign slot " + r.foreignSlot().getAsInt() : "");
            case StrategySpec.DirectMap d -> "direct-map " + d.region();
            case StrategySpec.Identity i -> "identity";
            case StrategySpec.TableOffset t -> "table-offset " + t.region();
            case StrategySpec.Window w -> "window " + w.region() + (w.perCpu() ? " per-cpu" : "")
                    + w.bootstrap().map(b -> " bootstrap " + strategyWords(b)).orElse("");
        };
    }

    /** {@code **space k**}, each root register's value, its strategy, then the tables per level. */
    public static String spaceMarkdown(BuiltSpace built) {
        StringBuilder sb = new StringBuilder("**space ").append(built.name()).append("**\n\n");
        for (Half half : built.space().simulation().format().halves()) {
            sb.append(half.rootRegister()).append(" = ").append(Unsigned.hex(built.space().root(half.index())))
                    .append("\n\n");
        }
        sb.append(strategy(built.spec().strategy())).append("\n\n");
        StringJoiner levels = new StringJoiner(", ");
        long total = 0;
        for (Map.Entry<String, Long> e : built.space().tablesPerLevel().entrySet()) {
            levels.add(e.getKey() + " " + e.getValue());
            total += e.getValue();
        }
        return sb.append(plural(total, "table")).append(": ").append(levels).append('\n').toString();
    }

    /** {@code table addr=0x2000 P=1 RW=1 ...}: the entry's kind, address and fields. */
    private static String decoded(DecodedEntry e) {
        StringJoiner j = new StringJoiner(" ");
        j.add(e.kind().name().toLowerCase(Locale.ROOT));
        e.address().ifPresent(a -> j.add("addr=" + Unsigned.hex(a)));
        for (DecodedEntry.Field f : e.fields()) {
            j.add(f.toString());
        }
        e.memoryType().ifPresent(m -> j.add("memory " + m.name()));
        return j.toString();
    }

    private static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
