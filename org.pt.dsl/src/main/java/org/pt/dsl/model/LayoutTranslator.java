package org.pt.dsl.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
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
            region(r, f).ifPresent(x -> translated.put(r, x));
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
            return cx.numbers.range(rp.getRange()).map(range -> Region.of(r.getName(), purpose, range));
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

    private static int slotEntries(PagingFormat f) {
        var h = f.halves().size() > 1 ? f.halves().get(1) : f.halves().get(0);
        return h.geometry().level(0).entries();
    }
}
