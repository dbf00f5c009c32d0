package org.pt.engine.analysis;

import static org.pt.engine.core.Unsigned.hex;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.pt.engine.core.AddressRange;
import org.pt.engine.core.SizeUnit;
import org.pt.engine.space.MappingError;

/**
 * A refused operation as a finding: the error's own {@link Code#of code}, its message and its values as data, so a
 * front end can act on them without reading the message. Addresses, sizes and raw entries are hex, counts decimal.
 */
public final class Refusals {
    private Refusals() {
    }

    /** The finding for {@code error}, reported on {@code subjects[0]}; {@code context} (may be empty) prefixes the message. */
    public static Finding finding(MappingError error, String context, Subject... subjects) {
        return new Finding(Severity.ERROR, Code.of(error), context + error.message(), List.of(subjects), data(error));
    }

    /** The values {@code error} carries, by component name. */
    public static Map<String, String> data(MappingError error) {
        Map<String, String> d = new LinkedHashMap<>();
        switch (error) {
            case MappingError.InvalidRange e -> {
                d.put("start", hex(e.start()));
                d.put("size", hex(e.size()));
                d.put("physical", String.valueOf(e.physical()));
            }
            case MappingError.Misaligned e -> {
                d.put("what", e.what());
                d.put("value", hex(e.value()));
                d.put("alignment", hex(e.alignment()));
            }
            case MappingError.PhysicalBeyondWidth e -> {
                d.put("pa", hex(e.pa()));
                d.put("bits", String.valueOf(e.bits()));
            }
            case MappingError.Untranslatable e -> {
                d.put("va", hex(e.va()));
                d.put("format", e.format().name());
            }
            case MappingError.CrossesHalves e -> range(d, e.range());
            case MappingError.TableCountOverflow e -> range(d, e.range());
            case MappingError.UnsupportedAttributes e -> {
                d.put("format", e.error().format());
                d.put("attributes", e.error().attributes().toString());
            }
            case MappingError.UnsupportedPageSize e -> {
                d.put("format", e.format());
                d.put("size", hex(e.size()));
                d.put("sizes", e.sizes().stream().map(SizeUnit::format).collect(Collectors.joining(", ")));
            }
            case MappingError.UnreachablePhysical e -> {
                d.put("va", hex(e.va()));
                d.put("pa", hex(e.pa()));
            }
            case MappingError.AlreadyMapped e -> {
                range(d, e.range());
                d.put("existingPa", hex(e.existingPa()));
                d.put("existing", e.existing().toString());
                d.put("requestedPa", hex(e.requestedPa()));
                d.put("requested", e.requested().toString());
            }
            case MappingError.NotMapped e -> range(d, e.range());
            case MappingError.RootMisplaced e -> {
                d.put("space", e.space());
                d.put("pa", hex(e.pa()));
                d.put("reason", e.reason());
            }
            case MappingError.PageSizeUnmet e -> {
                d.put("size", hex(e.size()));
                d.put("reason", e.reason());
            }
            case MappingError.BudgetExceeded e -> {
                d.put("framesNeeded", Long.toUnsignedString(e.framesNeeded()));
                d.put("framesInUse", Long.toUnsignedString(e.framesInUse()));
                d.put("budget", Long.toUnsignedString(e.budget()));
            }
            case MappingError.PoolExhausted e -> {
                d.put("tablesNeeded", Long.toUnsignedString(e.tablesNeeded()));
                d.put("bytesNeeded", hex(e.bytesNeeded()));
                d.put("bytesFree", hex(e.bytesFree()));
            }
            case MappingError.DuplicateSpace e -> d.put("space", e.name());
            case MappingError.ShareAcrossMachines e -> {
                d.put("space", e.space());
                d.put("from", e.from());
            }
            case MappingError.ShareWithSelf e -> d.put("space", e.space());
            case MappingError.ShareAfterMapping e -> {
                d.put("space", e.space());
                range(d, e.range());
            }
            case MappingError.EntryInUse e -> {
                d.put("space", e.space());
                d.put("level", e.level());
                d.put("index", String.valueOf(e.index()));
                d.put("entry", hex(e.entry()));
            }
            case MappingError.NoSuchEntry e -> {
                d.put("level", e.level());
                d.put("index", String.valueOf(e.index()));
                d.put("entries", String.valueOf(e.entries()));
            }
            case MappingError.NoSuchDepth e -> {
                d.put("rootRegister", e.rootRegister());
                d.put("depth", String.valueOf(e.depth()));
                d.put("deepest", String.valueOf(e.deepest()));
            }
            case MappingError.NotATableEntry e -> {
                d.put("format", e.format());
                d.put("entry", hex(e.entry()));
            }
            case MappingError.MalformedEntry e -> {
                d.put("level", e.level());
                d.put("va", hex(e.va()));
                d.put("entry", hex(e.entry()));
            }
        }
        return d;
    }

    private static void range(Map<String, String> d, AddressRange r) {
        d.put("start", hex(r.start()));
        d.put("last", hex(r.last()));
    }
}
