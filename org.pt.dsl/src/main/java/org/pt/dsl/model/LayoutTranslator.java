package org.pt.dsl.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.eclipse.emf.ecore.EObject;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.pt.RangePlacement;
import org.pt.dsl.pt.SlotPlacement;
import org.pt.dsl.validation.IssueCodes;
import org.pt.engine.analysis.Slots;
import org.pt.engine.analysis.Subject;
import org.pt.engine.core.AddressRange;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.model.Layout;
import org.pt.engine.model.Machine;
import org.pt.engine.model.Purpose;
import org.pt.engine.model.Region;

/**
 * A layout and its regions. A region's purpose is the one written, else its name when that is a purpose, else
 * {@code other}. A top-level slot the root does not have gets a one-byte placeholder range at 0 (the engine reports
 * it). A region whose name is taken (the layout validator reports it) is left out, and so is the layout.
 */
final class LayoutTranslator {
    private static final PtPackage PT = PtPackage.eINSTANCE;

    private final Context cx;

    LayoutTranslator(Context cx) {
        this.cx = cx;
    }

    Optional<Layout> translate(org.pt.dsl.pt.Layout l) {
        String name = cx.elements.name(l);
        boolean machineOk = cx.usable(l.getMachine(), l, PT.getLayout_Machine(), "machine", "layout '" + l.getName()
                + "'");
        Machine machine = machineOk ? cx.machines.get(l.getMachine()) : null;
        PagingFormat f = machine == null ? null : machine.format();
        Map<EObject, Region> translated = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (org.pt.dsl.pt.Region r : l.getRegions()) {
            String rn = r.getName() == null ? "" : r.getName();
            if (!seen.add(rn)) {
                cx.problems.breakSilently(l);
                continue;
            }
            cx.trace.put(new Subject.RegionRef(name, rn), Located.at(r, PT.getRegion_Name()));
            if (r.getPhysicalBase() != null) { // a finding about a base not written is placed on its next subject
                cx.trace.put(new Subject.RegionBaseRef(name, rn), Located.at(r, PT.getRegion_PhysicalBase()));
            }
            region(r, f).flatMap(x -> physicalBase(r, x)).ifPresent(x -> translated.put(r,
                    x.withLabel(Optional.ofNullable(r.getLabel()))));
        }
        cx.regions.put(l, translated);
        if (machine == null || cx.brokenness.broken(l)) {
            return Optional.empty();
        }
        return Optional.of(new Layout(name, machine, new ArrayList<>(translated.values())));
    }

    private Optional<Region> region(org.pt.dsl.pt.Region r, PagingFormat f) {
        Purpose purpose;
        if (r.getPurpose() != null) {
            Vocabulary.Resolved<Purpose> p = Vocabulary.purpose(r.getPurpose());
            if (p.value().isEmpty()) {
                cx.problems.error(Located.at(r, PT.getRegion_Purpose()), IssueCodes.UNKNOWN_PURPOSE, p.message(),
                        p.data());
                return Optional.empty();
            }
            purpose = p.value().get();
        } else {
            purpose = Vocabulary.purposeOf(r.getName()).orElse(Purpose.OTHER);
        }
        if (r.getPlacement() instanceof RangePlacement rp) {
            if (rp.getRange() == null) {
                return Optional.empty();
            }
            Optional<AddressRange> range = cx.numbers.range(rp.getRange());
            if (range.isPresent() && rp.getSize() != null) {
                checkEndAgainstSize(r.getName(), rp, range.get()); // the region keeps the end written
            }
            return range.map(x -> Region.of(r.getName(), purpose, x));
        }
        if (r.getPlacement() instanceof SlotPlacement sp) {
            long slot = sp.getSlot();
            if (Long.compareUnsigned(slot, Integer.MAX_VALUE) > 0) {
                cx.problems.error(Located.at(sp, PT.getSlotPlacement_Slot()), IssueCodes.SLOT_OUT_OF_RANGE,
                        "top-level slot " + Long.toUnsignedString(slot) + " of region '" + r.getName()
                                + "' is out of range" + (f == null ? "" : ": a root of " + f.name() + " has "
                                        + slotEntries(f) + " entries, 0 to " + (slotEntries(f) - 1)));
                return Optional.empty();
            }
            if (f == null) {
                return Optional.empty();
            }
            AddressRange range;
            try {
                range = Slots.range(f, (int) slot);
            } catch (IllegalArgumentException outOfRange) {
                range = AddressRange.ofSize(0, 1); // a placeholder: the engine reports SLOT_OUT_OF_RANGE
            }
            return Optional.of(new Region(r.getName(), purpose, range, OptionalInt.of((int) slot)));
        }
        return Optional.empty();
    }

    /** The region with the physical base it writes ({@code from physical BASE}), or empty when that is no number. */
    private Optional<Region> physicalBase(org.pt.dsl.pt.Region r, Region region) {
        if (r.getPhysicalBase() == null) {
            return Optional.of(region);
        }
        OptionalLong base = cx.numbers.address(r.getPhysicalBase());
        return base.isPresent() ? Optional.of(region.withPhysicalBase(base.getAsLong())) : Optional.empty();
    }

    /**
     * A region written with its end and its size ({@code START ..= END size SIZE}): when they disagree, the difference
     * is reported on the end ({@link AddressRange#checkEndAndSize}). A range written {@code START size SIZE size SIZE}
     * gives its size twice, reported on the second.
     */
    private void checkEndAgainstSize(String region, RangePlacement rp, AddressRange range) {
        if (rp.getRange().getLast() == null) {
            cx.problems.errorOnly(Located.at(rp, PT.getRangePlacement_Size()), IssueCodes.INVALID_RANGE,
                    "region '" + region + "' gives its size twice: write 'START ..= END size SIZE' to give its end and its size");
            return;
        }
        cx.numbers.size(rp.getSize()).ifPresent(size -> AddressRange.checkEndAndSize(range.start(), range.last(), size)
                .ifPresent(m -> cx.problems.errorOnly(Located.at(rp.getRange(), PT.getRange_Last()),
                        IssueCodes.INVALID_RANGE, "region '" + region + "': " + m)));
    }

    private static int slotEntries(PagingFormat f) {
        var h = f.halves().size() > 1 ? f.halves().get(1) : f.halves().get(0);
        return h.geometry().level(0).entries();
    }
}
