package org.pt.engine.analysis;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.pt.engine.core.AddressRange;
import org.pt.engine.format.DecodedEntry;
import org.pt.engine.model.Region;
import org.pt.engine.strategy.AccessCost;
import org.pt.engine.strategy.Location;
import org.pt.engine.strategy.Recursive;
import org.pt.engine.strategy.SoftwareWalk;
import org.pt.engine.strategy.TableAccess;
import org.pt.engine.strategy.VaUse;
import org.pt.engine.walk.Translation;
import org.pt.engine.walk.WalkTrace;

/**
 * The value a query of a space answers with: a hardware walk, a software walk (reach), a cost report, the history
 * of its statements or the table of its layout. Closed; the
 * text the front ends show is rendered from it by {@link Messages}, and {@link AnalysisResult#answers()} keeps it
 * under the query's {@link Subject.QueryRef} for a front end that shows more than the text (a hover, an inlay hint).
 */
public sealed interface Answer {

    /** {@code walk VA}: the MMU's walk with every level, and whether the expectation written with it holds. */
    record Walk(long va, WalkTrace trace, Expectation expectation) implements Answer {
        public Translation result() {
            return trace.result();
        }
    }

    /** What a walk query expected and whether it held. */
    sealed interface Expectation {
        /** Nothing expected. */
        record None() implements Expectation {
        }

        /** The expectation holds. */
        record Met() implements Expectation {
        }

        /** A fault was expected, but the VA is mapped. */
        record FaultExpected() implements Expectation {
        }

        /** {@code pa} was expected, but the walk ended elsewhere or faulted. */
        record PaExpected(long pa) implements Expectation {
        }

        default boolean failed() {
            return this instanceof FaultExpected || this instanceof PaExpected;
        }
    }

    /** {@code reach VA from KERNEL}: how space {@code from} reaches the entries that translate {@code va} in {@code space}. */
    record Reach(String space, String from, long va, Reached outcome) implements Answer {
    }

    /** The outcome of a reach query: a software walk (which may fail at a step), or why none could run. Closed. */
    sealed interface Reached {
        /**
         * The software walk ran; {@code walk.failed()} says whether a step missed. {@code freeSlot} is the top-level
         * slot a quick fix can move a foreign slot to when it is in use.
         */
        record Walked(TableAccess access, SoftwareWalk.Result walk, OptionalInt freeSlot) implements Reached {
            public AccessCost cost() {
                return access.cost();
            }
        }

        /** No space {@code from} was built. */
        record NoSuchSpace() implements Reached {
        }

        /** The two spaces run on different machines. */
        record OtherMachine(String fromMachine, String machine) implements Reached {
        }

        /** The kernel space names no strategy. */
        record NoStrategy() implements Reached {
        }

        /** The kernel space's strategy was refused (its own error says why). */
        record StrategyUnusable() implements Reached {
        }

        /** The VA is translated by no root of the target. */
        record Untranslatable(String reason) implements Reached {
        }

        /** A recursive slot without a foreign slot, and the VA is under another root. */
        record OnlyOwnTables(Recursive access, String rootRegister, long root, OptionalInt freeSlot) implements Reached {
        }
    }

    /** {@code decode ...}: {@code value} decoded for format {@code format}, or why it cannot be. */
    record Decode(String format, long value, Decoded decoded) implements Answer {
    }

    /** What a decode found. Closed. */
    sealed interface Decoded {
        /**
         * An entry at {@code level}: every field ({@code entry}), and the MMU's walk reading it there ({@link
         * org.pt.engine.format.PagingFormat#walkEntry}): {@code Mapped} for a leaf (its page size, rights, memory type),
         * {@code NotMapped} below {@code level} for a table entry, {@code NotMapped} at it for an invalid entry,
         * {@code Faulted} when the MMU rejects it. {@code malformed} says what in it the MMU rejects.
         */
        record Entry(String level, DecodedEntry entry, Translation walk,
                Optional<Malformed> malformed) implements Decoded {
        }

        /** A paging register, its fields, and each problem of its value as a sentence. */
        record Register(org.pt.engine.image.Register register, List<String> problems) implements Decoded {
            public Register {
                problems = List.copyOf(problems);
            }
        }

        /** No level of the format is named {@code level}; {@code levels} are its levels, root first. */
        record UnknownLevel(String level, List<String> levels) implements Decoded {
            public UnknownLevel {
                levels = List.copyOf(levels);
            }
        }

        /**
         * The format has no register {@code register}; {@code families} have it (none when no architecture does), in
         * the standard {@code formats}, and {@code registers} are the ones the format has.
         */
        record NoSuchRegister(String register, List<String> families, List<String> formats, List<String> registers)
                implements Decoded {
            public NoSuchRegister {
                families = List.copyOf(families);
                formats = List.copyOf(formats);
                registers = List.copyOf(registers);
            }
        }

        /** The value has bits above the {@code bits} that {@code what} (an entry, a register) holds. */
        record TooWide(String what, int bits) implements Decoded {
        }
    }

    /**
     * What in an entry the MMU rejects: the reserved {@code bits} set (0 when a reserved encoding rather than bits is
     * the problem) and the reason, in the manual's words.
     */
    record Malformed(long bits, String reason) {
    }

    /**
     * {@code report [ASPECT]}: the aspects asked for, each present only when asked (and, for the strategy's three,
     * when the space has a usable strategy).
     */
    record Report(String space, Optional<Tables> tables, Optional<Pages> pages, StrategyUse strategy) implements Answer {
    }

    /**
     * {@code report events}: what each statement of space {@code space} that did something to the tables besides
     * writing leaves did, in the order the statements ran (none when no statement did).
     */
    record Events(String space, List<BuiltSpace.StatementEvents> statements) implements Answer {
        public Events {
            statements = List.copyOf(statements);
        }
    }

    /**
     * {@code report layout}: the regions of the space's layout and the gaps between them, in address order
     * ({@link LayoutReport}); {@code digits}: the hex digits of the format's highest VA (8 or 16), to print addresses
     * with.
     */
    record LayoutTable(String space, String layout, List<LayoutRow> rows, int digits) implements Answer {
        public LayoutTable {
            rows = List.copyOf(rows);
        }

        public long regions() {
            return rows.stream().filter(r -> r.region().isPresent()).count();
        }

        public long gaps() {
            return rows.size() - regions();
        }
    }

    /**
     * One row of a layout table: a region, or a gap between regions ({@code region} empty).
     *
     * @param slots the top-level slots the range takes, when it lies in one root's part of the space
     * @param share its share of the VA half it lies in, in tenths of a percent; empty when it lies in none
     */
    record LayoutRow(Optional<Region> region, AddressRange range, Optional<SlotSpan> slots, OptionalLong share) {
    }

    /** Top-level slots {@code first ..= last} of root {@code root} ({@code PML4}, {@code TTBR1_EL1 L0}). */
    record SlotSpan(String root, int first, int last) {
        /** {@code PML4 256–271}, {@code PML4 511}, {@code TTBR1_EL1 L0 256–511} */
        @Override
        public String toString() {
            return root + " " + (first == last ? Integer.toString(first) : first + "–" + last);
        }
    }

    /** {@code report NAME} with a name that is no aspect. */
    record UnknownReport(String what, List<String> aspects) implements Answer {
        public UnknownReport {
            aspects = List.copyOf(aspects);
        }
    }

    /** Tables of a space: how many, their bytes, per level (every level named, in walk order), and how many are shared. */
    record Tables(int count, long bytes, Map<String, Long> perLevel, int shared) {
        public Tables {
            perLevel = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(perLevel));
        }
    }

    /** Mapped bytes per page size, largest page first (sizes unsigned). */
    record Pages(Map<Long, Long> bytesBySize) {
        public Pages {
            java.util.TreeMap<Long, Long> m = new java.util.TreeMap<>(java.util.Collections.reverseOrder(Long::compareUnsigned));
            m.putAll(bytesBySize);
            bytesBySize = java.util.Collections.unmodifiableMap(m);
        }
    }

    /** The strategy's part of a report: none written, refused, or what it takes, where it reads and what it costs. */
    sealed interface StrategyUse {
        record NotAsked() implements StrategyUse {
        }

        record NoStrategy() implements StrategyUse {
        }

        record Unusable() implements StrategyUse {
        }

        /** Each part present when its aspect was asked. */
        record Usable(TableAccess access, Optional<Where> where, Optional<VaTaken> va, Optional<AccessCost> cost)
                implements StrategyUse {
        }
    }

    /** Where the first tables of a space are read, root first, depth first, and how many tables the tree has. */
    record Where(List<TableLocation> listed, int total) {
        public Where {
            listed = List.copyOf(listed);
        }
    }

    /**
     * The VA a strategy takes, and, for a direct map (also a window's bootstrap), the physical ranges it maps at its
     * offset.
     */
    record VaTaken(VaUse use, Optional<Coverage> coverage) {
    }

    /** The physical ranges direct map {@code region} maps at its offset, merged, in address order. */
    record Coverage(String region, List<AddressRange> physical) {
        public Coverage {
            physical = List.copyOf(physical);
        }
    }

    /**
     * One table and where the strategy reads it.
     *
     * @param depth      0 for a root
     * @param translates the VA range the table translates (the VA its first entry translates, for a root: empty)
     */
    record TableLocation(String level, int depth, long pa, Optional<AddressRange> translates, Location location) {
    }

    /** The aspects {@code report ASPECT} names ({@code tables}, {@code pages}, ...), in a stable order. */
    static List<String> reportAspects() {
        return Costs.ASPECTS;
    }
}
