package org.pt.engine.analysis;

import java.util.ArrayList;
import java.util.List;
import org.pt.engine.core.SizeUnit;
import org.pt.engine.core.Unsigned;
import org.pt.engine.space.Event;

/**
 * {@code report events}: the history of a space, told at the statements that made it. Each map, unmap, protect,
 * compact or share statement that allocated, split, freed, merged or shared a table gets one {@link Code#EVENTS}
 * note listing what it did, in order; a space where no statement did gets one note on the report. The text of each
 * {@link Event} is written here and nowhere else; {@link Messages} renders an {@link Answer.Events} through it.
 */
final class EventReport {

    /** The report aspect: {@code report events}. */
    static final String ASPECT = "events";

    /** How many events a note lists before summing up the rest. */
    static final int LIMIT = 16;

    private EventReport() {
    }

    /** One note on each statement that did something, naming the report as its second subject; else one on the report. */
    static List<Finding> findings(Subject.QueryRef report, Answer.Events answer) {
        List<Finding> out = new ArrayList<>();
        for (BuiltSpace.StatementEvents s : answer.statements()) {
            out.add(Finding.info(Code.EVENTS, line(s.events()), s.statement(), report));
        }
        if (out.isEmpty()) {
            out.add(Finding.info(Code.EVENTS, "no statement of space '" + answer.space()
                    + "' allocated, split, freed, merged or shared a table", report));
        }
        return out;
    }

    /** The events of one statement, the first {@value #LIMIT} in full, then how many of each kind follow. */
    static String line(List<Event> events) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < events.size() && i < LIMIT; i++) {
            sb.append(i == 0 ? "" : "; ").append(describe(events.get(i)));
        }
        if (events.size() > LIMIT) {
            List<Event> rest = events.subList(LIMIT, events.size());
            sb.append("; and ").append(rest.size()).append(" more:");
            String sep = " ";
            for (String kind : List.of("allocated", "split", "freed", "merged", "shared")) {
                long n = rest.stream().filter(e -> kind(e).equals(kind)).count();
                if (n > 0) {
                    sb.append(sep).append(n).append(' ').append(kind);
                    sep = ", ";
                }
            }
        }
        return sb.toString();
    }

    private static String kind(Event e) {
        return switch (e) {
            case Event.TableAllocated a -> "allocated";
            case Event.Split s -> "split";
            case Event.TableFreed f -> "freed";
            case Event.Merged m -> "merged";
            case Event.Shared s -> "shared";
        };
    }

    /**
     * One event: {@code allocated PT 0x200_3000 for 0x4020_0000 ..= 0x403f_ffff (2 MiB)}, {@code split the 1 GiB page
     * at 0x4000_0000 (PDPT[1] in 0x200_1000) into 512 pages of 2 MiB in PD}, {@code freed PT 0x200_3000 (was for 0x...)},
     * {@code merged 512 pages of 4 KiB in PT into the 2 MiB page at 0x4020_0000 (PD[1] in 0x200_2000)},
     * {@code shared PML4[273] -> 0x200_2000 from 'kernel'}.
     */
    static String describe(Event e) {
        return switch (e) {
            case Event.TableAllocated a -> "allocated " + a.level() + " " + Unsigned.hex(a.pa()) + " for " + a.va();
            case Event.TableFreed f -> "freed " + f.level() + " " + Unsigned.hex(f.pa()) + " (was for " + f.va() + ")";
            case Event.Split s -> "split the " + SizeUnit.format(s.size()) + " page at " + Unsigned.hex(s.va()) + " ("
                    + entry(s.level(), s.index(), s.tablePa()) + ") into " + s.count() + " pages of "
                    + SizeUnit.format(s.intoSize()) + " in " + s.intoLevel();
            case Event.Merged m -> "merged " + m.count() + " pages of " + SizeUnit.format(m.fromSize()) + " in "
                    + m.fromLevel() + " into the " + SizeUnit.format(m.size()) + " page at " + Unsigned.hex(m.va())
                    + " (" + entry(m.level(), m.index(), m.tablePa()) + ")";
            case Event.Shared s -> "shared " + (s.index() < 0 ? "the " + s.level() + " root"
                    : s.level() + "[" + s.index() + "]") + " -> " + Unsigned.hex(s.tablePa()) + " from '" + s.from()
                    + "'";
        };
    }

    private static String entry(String level, int index, long tablePa) {
        return level + "[" + index + "] in " + Unsigned.hex(tablePa);
    }
}
