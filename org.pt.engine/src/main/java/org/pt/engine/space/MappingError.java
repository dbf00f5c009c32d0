package org.pt.engine.space;

import java.util.List;
import java.util.stream.Collectors;
import org.pt.engine.core.AddressRange;
import org.pt.engine.core.SizeUnit;
import org.pt.engine.core.Unsigned;
import org.pt.engine.format.AttributeError;
import org.pt.engine.format.Attributes;

/** Why an operation on an address space was refused. A closed set; each variant carries the offending values. */
public sealed interface MappingError {

    /** One line, naming the values involved. */
    String message();

    /** An empty, backwards or wrapping range. */
    record InvalidRange(String reason) implements MappingError {
        @Override
        public String message() {
            return reason;
        }
    }

    /** An address or size not aligned as the operation needs. */
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

    /** A virtual address no root translates (non-canonical, outside both halves, above 4 GiB). */
    record Untranslatable(long va, String reason) implements MappingError {
        @Override
        public String message() {
            return reason;
        }
    }

    /** A range that spans both halves of the address space (or the canonical hole). */
    record CrossesHalves(AddressRange range) implements MappingError {
        @Override
        public String message() {
            return "range " + range + " crosses the gap between the translated halves of the address space";
        }
    }

    /** Attributes the format cannot express. */
    record UnsupportedAttributes(AttributeError error) implements MappingError {
        @Override
        public String message() {
            return error.message();
        }
    }

    /** A page-size cap that is not one of the format's page sizes. */
    record UnsupportedPageSize(String format, long size, List<Long> sizes) implements MappingError {
        @Override
        public String message() {
            return format + " has no " + SizeUnit.format(size) + " pages; its page sizes are "
                    + sizes.stream().map(SizeUnit::format).collect(Collectors.joining(", "));
        }
    }

    /** A physical address only some leaf sizes can hold, and the range does not allow them (ARMv7 above 4 GiB). */
    record UnreachablePhysical(long va, long pa, String reason) implements MappingError {
        @Override
        public String message() {
            return "cannot map " + Unsigned.hex(va) + " to " + Unsigned.hex(pa) + ": " + reason;
        }
    }

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

    /** More table frames than the budget allows. */
    record BudgetExceeded(long framesNeeded, long framesInUse, long budget) implements MappingError {
        @Override
        public String message() {
            return "needs " + framesNeeded + " more table frame" + (framesNeeded == 1 ? "" : "s") + " but the budget of "
                    + budget + " has " + Math.max(0, budget - framesInUse) + " left (" + framesInUse + " in use)";
        }
    }

    /** The table pools have no room for the tables needed. */
    record PoolExhausted(long tablesNeeded, long bytesNeeded, long bytesFree) implements MappingError {
        @Override
        public String message() {
            return "needs " + tablesNeeded + " more table" + (tablesNeeded == 1 ? "" : "s") + " ("
                    + SizeUnit.format(bytesNeeded) + ") but the table pools have " + SizeUnit.format(bytesFree) + " free";
        }
    }

    /** The simulation would need more memory than the JVM can give it. */
    record HeapExhausted(long bytesNeeded, long bytesAvailable) implements MappingError {
        @Override
        public String message() {
            return "simulating this needs " + (bytesNeeded >>> 20) + " MiB of table memory but only "
                    + (bytesAvailable >>> 20) + " MiB of heap is available (raise -Xmx or the page size)";
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

    /** A sharing request that cannot be carried out. */
    record CannotShare(String reason) implements MappingError {
        @Override
        public String message() {
            return reason;
        }
    }
}
