package org.pt.engine.space;

import java.util.List;
import java.util.stream.Collectors;
import org.pt.engine.core.AddressRange;
import org.pt.engine.core.SizeUnit;
import org.pt.engine.core.Unsigned;
import org.pt.engine.format.AttributeError;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.PagingFormat;

/**
 * Why an operation on an address space was refused. A closed set: each variant stands for one cause and carries the
 * offending values; {@link #message()} renders them.
 */
public sealed interface MappingError {

    /** One line, naming the values involved. */
    String message();

    // ---- the range and its addresses ----------------------------------------------------------------------------

    /** A range of {@code size} bytes at {@code start} that is empty or wraps past 2^64 (virtual, or physical). */
    record InvalidRange(long start, long size, boolean physical) implements MappingError {
        @Override
        public String message() {
            String kind = physical ? "physical range " : "range ";
            return size == 0 ? "empty " + kind + "at " + Unsigned.hex(start)
                    : kind + Unsigned.hex(start) + " size " + SizeUnit.format(size) + " wraps past 2^64";
        }
    }

    /** An address or size not aligned as the operation needs; {@code what} names it ("virtual address", "size"). */
    record Misaligned(String what, long value, long alignment) implements MappingError {
        @Override
        public String message() {
            return what + " " + Unsigned.hex(value) + " is not aligned to " + SizeUnit.format(alignment);
        }
    }

    /** A physical address that does not fit the machine's physical address width. */
    record PhysicalBeyondWidth(long pa, int bits) implements MappingError {
        @Override
        public String message() {
            return "physical address " + Unsigned.hex(pa) + " is beyond the " + bits + "-bit physical address width";
        }
    }

    /**
     * A virtual address no root of {@code format} translates (non-canonical, outside both halves, above 4 GiB); the
     * message is the format's own account of the rule the address breaks.
     */
    record Untranslatable(long va, PagingFormat format) implements MappingError {
        @Override
        public String message() {
            return format.untranslatableReason(va);
        }
    }

    /** A range that spans both halves of the address space (or the canonical hole). */
    record CrossesHalves(AddressRange range) implements MappingError {
        @Override
        public String message() {
            return "range " + range + " crosses the gap between the translated halves of the address space";
        }
    }

    /** Counting the tables or bytes an operation on {@code range} needs overflows 64 bits. */
    record TableCountOverflow(AddressRange range) implements MappingError {
        @Override
        public String message() {
            return "the tables needed for " + range + " cannot be counted in 64 bits";
        }
    }

    // ---- what the format can express ----------------------------------------------------------------------------

    /** Attributes the format cannot express. */
    record UnsupportedAttributes(AttributeError error) implements MappingError {
        @Override
        public String message() {
            return error.message();
        }
    }

    /** A page-size cap that is not one of the format's page sizes. */
    record UnsupportedPageSize(String format, long size, List<Long> sizes) implements MappingError {
        public UnsupportedPageSize {
            sizes = List.copyOf(sizes);
        }

        @Override
        public String message() {
            return format + " has no " + SizeUnit.format(size) + " pages; its page sizes are "
                    + sizes.stream().map(SizeUnit::format).collect(Collectors.joining(", "));
        }
    }

    /** {@code pages = SIZE} that the mapping cannot meet; {@code reason} names the address or size and by how much. */
    record PageSizeUnmet(long size, String reason) implements MappingError {
        @Override
        public String message() {
            return "pages = " + SizeUnit.format(size) + " cannot be met: " + reason;
        }
    }

    /** A physical address only some leaf sizes can hold, and the range does not allow them (ARMv7 above 4 GiB). */
    record UnreachablePhysical(long va, long pa, String reason) implements MappingError {
        @Override
        public String message() {
            return "cannot map " + Unsigned.hex(va) + " to " + Unsigned.hex(pa) + ": " + reason;
        }
    }

    // ---- what is mapped already ---------------------------------------------------------------------------------

    /** The range is already mapped to another physical address or with other attributes, and the operation did not say remap. */
    record AlreadyMapped(AddressRange range, long existingPa, Attributes existing, long requestedPa, Attributes requested)
            implements MappingError {
        @Override
        public String message() {
            return range + " is already mapped to " + Unsigned.hex(existingPa) + " " + existing + "; the new mapping wants "
                    + Unsigned.hex(requestedPa) + " " + requested + " (say remap to replace it)";
        }
    }

    /** A protect over addresses that are not mapped. */
    record NotMapped(AddressRange range) implements MappingError {
        @Override
        public String message() {
            return range + " is not mapped";
        }
    }

    // ---- room for tables ----------------------------------------------------------------------------------------

    /** More table frames than the budget allows. */
    record BudgetExceeded(long framesNeeded, long framesInUse, long budget) implements MappingError {
        @Override
        public String message() {
            long left = Unsigned.lessThan(framesInUse, budget) ? budget - framesInUse : 0;
            return "needs " + Long.toUnsignedString(framesNeeded) + " more table frame" + (framesNeeded == 1 ? "" : "s")
                    + " but the budget of " + Long.toUnsignedString(budget) + " has " + Long.toUnsignedString(left)
                    + " left (" + Long.toUnsignedString(framesInUse) + " in use)";
        }
    }

    /** The table pools have no room for the tables needed. */
    record PoolExhausted(long tablesNeeded, long bytesNeeded, long bytesFree) implements MappingError {
        @Override
        public String message() {
            return "needs " + Long.toUnsignedString(tablesNeeded) + " more table" + (tablesNeeded == 1 ? "" : "s") + " ("
                    + SizeUnit.format(bytesNeeded) + ") but the table pools have " + SizeUnit.format(bytesFree) + " free";
        }
    }

    // ---- spaces, sharing and the raw entries strategies write ---------------------------------------------------

    /** A pinned root ({@code root at PA}) that cannot be there; {@code reason} says why. */
    record RootMisplaced(String space, String register, long pa, String reason) implements MappingError {
        @Override
        public String message() {
            return "the root of '" + space + "' (" + register + ") at " + Unsigned.hex(pa) + " " + reason;
        }
    }

    /** A space of that name exists already in the simulation. */
    record DuplicateSpace(String name) implements MappingError {
        @Override
        public String message() {
            return "a space named '" + name + "' already exists";
        }
    }

    /** Sharing with a space of another simulation (another machine). */
    record ShareAcrossMachines(String space, String from) implements MappingError {
        @Override
        public String message() {
            return "space '" + space + "' cannot share with '" + from + "', which belongs to another machine";
        }
    }

    /** Sharing a space's tables with itself. */
    record ShareWithSelf(String space) implements MappingError {
        @Override
        public String message() {
            return "space '" + space + "' cannot share with itself";
        }
    }

    /** Sharing {@code range} (a whole root, or a top-level entry) into a space that has its own entries there already. */
    record ShareAfterMapping(String space, AddressRange range) implements MappingError {
        @Override
        public String message() {
            return "space '" + space + "' already has mappings in " + range + "; share before mapping";
        }
    }

    /** A table entry that holds something else ({@code entry}) where a share or a strategy needs to write. */
    record EntryInUse(String space, String level, int index, long entry) implements MappingError {
        @Override
        public String message() {
            return level + "[" + index + "] of space '" + space + "' is already in use (" + Unsigned.rawHex(entry) + ")";
        }
    }

    /** An index beyond the entries of a table level. */
    record NoSuchEntry(String level, int index, int entries) implements MappingError {
        @Override
        public String message() {
            return level + " has no entry " + index + " (it has " + entries + ")";
        }
    }

    /** A depth that is no table level below the root (depths count from the root, 0). */
    record NoSuchDepth(String rootRegister, int depth, int deepest) implements MappingError {
        @Override
        public String message() {
            return "no table level at depth " + depth + " below " + rootRegister + " (depths 1 to " + deepest + ")";
        }
    }

    /** A raw entry to be written that is not a table entry of the format pointing at a table. */
    record NotATableEntry(String format, long entry) implements MappingError {
        @Override
        public String message() {
            return Unsigned.rawHex(entry) + " is not a table entry of " + format + " pointing at a table";
        }
    }

    /**
     * An entry the builder cannot follow: a table pointer at the last level, or one pointing at memory that holds
     * no table (only raw writes into the simulated memory produce these).
     */
    record MalformedEntry(String level, long va, long entry, String reason) implements MappingError {
        @Override
        public String message() {
            return level + " entry " + Unsigned.rawHex(entry) + " for " + Unsigned.hex(va) + " " + reason;
        }
    }
}
