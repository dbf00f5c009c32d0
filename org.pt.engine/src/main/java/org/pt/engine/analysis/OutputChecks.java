package org.pt.engine.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pt.engine.core.SizeUnit;
import org.pt.engine.core.Unsigned;
import org.pt.engine.image.ImageRefusal;
import org.pt.engine.image.Register;
import org.pt.engine.image.TableImage;
import org.pt.engine.model.Output;

/**
 * The outputs ({@code generate} directives): the table image each emits, said on the directive (how many tables, where,
 * each space's root register), or why none can be made, each refusal under its own code.
 */
final class OutputChecks {

    private OutputChecks() {
    }

    /**
     * The image of {@code o}, or empty when one of its spaces was not built (its errors are reported where they are).
     */
    static Optional<TableImage.Result> image(Output o, Map<String, BuiltSpace> built) {
        List<TableImage.Source> sources = new ArrayList<>();
        for (String name : o.spaces()) {
            BuiltSpace b = built.get(name);
            if (b == null) {
                return Optional.empty();
            }
            sources.add(new TableImage.Source(name, b.space(), b.spec().layout(),
                    b.strategy() instanceof StrategyResolution.Resolved r ? Optional.of(r.access()) : Optional.empty()));
        }
        return sources.isEmpty() ? Optional.empty() : Optional.of(TableImage.of(sources, o.at()));
    }

    /** {@code c: 5 tables (20 KiB) at 0x200_0000 ..= 0x200_4fff; 'kernel' CR3 0x200_0000} */
    static Finding summary(Output o, TableImage image) {
        int n = image.tables().size();
        StringBuilder sb = new StringBuilder(o.kind().word()).append(": ").append(n).append(n == 1 ? " table" : " tables")
                .append(" (").append(SizeUnit.format(image.size())).append(") at ").append(Unsigned.hex(image.base()))
                .append(" ..= ").append(Unsigned.hex(image.base() + image.size() - 1));
        if (image.delta() != 0) {
            sb.append(", moved from ").append(Unsigned.hex(image.base() - image.delta()));
        }
        for (TableImage.SpaceImage s : image.spaces()) {
            sb.append("; '").append(s.name()).append('\'');
            for (Register r : s.registers()) {
                if (r.role().startsWith("root of")) {
                    sb.append(' ').append(r.name()).append(' ').append(Unsigned.hex(r.value()));
                }
            }
        }
        return Finding.info(Code.OUTPUT_IMAGE, sb.toString(), Subject.OutputRef.directive(o.index()))
                .withData("base", Unsigned.hex(image.base())).withData("size", Long.toString(image.size()));
    }

    /**
     * Whether the form can hold the image: NASM assembles x86 only, and the relocatable forms (c, gas, nasm without
     * {@code at physical}) need table addresses a linker can compute.
     */
    static List<Finding> form(Output o, TableImage image) {
        Subject.OutputRef at = Subject.OutputRef.directive(o.index());
        String format = image.format().name();
        if (o.kind() == Output.Kind.NASM && image.format().family() != org.pt.engine.format.PagingFormat.Family.X86) {
            return List.of(Finding.error(Code.OUTPUT_FORM_UNAVAILABLE, "nasm assembles x86 only, and these are "
                    + format + " tables: use gas", at).withData("suggestion", "gas"));
        }
        boolean relocatable = o.at().isEmpty()
                && (o.kind() == Output.Kind.C || o.kind() == Output.Kind.GAS || o.kind() == Output.Kind.NASM);
        if (relocatable) {
            Optional<String> why = image.relocationRefusal();
            if (why.isPresent()) {
                return List.of(Finding.error(Code.OUTPUT_NEEDS_ADDRESS, o.kind().word() + " without 'at physical' "
                        + "computes table pointers at link time, but " + why.get() + ": say where the tables will lie "
                        + "with 'at physical ADDRESS' (" + Unsigned.hex(image.base()) + " keeps them where they are "
                        + "simulated)", at).withData("address", Unsigned.hex(image.base())));
            }
        }
        return List.of();
    }

    static List<Finding> refusals(Output o, List<ImageRefusal> refusals) {
        List<Finding> out = new ArrayList<>();
        Subject.OutputRef at = Subject.OutputRef.address(o.index());
        for (ImageRefusal r : refusals) {
            out.add(switch (r) {
                case ImageRefusal.OtherMachine m -> Finding.error(Code.OUTPUT_ACROSS_MACHINES, "'" + m.space()
                        + "' runs on machine '" + m.machine() + "' and '" + o.spaces().get(0) + "' on machine '"
                        + m.first() + "': one output holds the tables of one machine",
                        Subject.OutputRef.space(o.index(), o.spaces().indexOf(m.space())));
                case ImageRefusal.Misaligned m -> Finding.error(Code.OUTPUT_MISALIGNED, "the tables cannot start at "
                        + Unsigned.hex(m.base()) + ": they need an alignment of " + SizeUnit.format(m.alignment())
                        + " (their largest table's)", at)
                        .withData("aligned", Unsigned.hex(alignUp(m.base(), m.alignment())));
                case ImageRefusal.BeyondPhysical b -> Finding.error(Code.OUTPUT_BEYOND_PHYSICAL, "the tables ("
                        + SizeUnit.format(b.size()) + ") at " + Unsigned.hex(b.base()) + " run past the "
                        + b.physicalBits() + "-bit physical address space", at);
                case ImageRefusal.BeyondTableReach b -> Finding.error(Code.OUTPUT_BEYOND_TABLE_REACH, "the "
                        + b.level() + " at " + Unsigned.hex(b.pa()) + " would lie beyond what points at it: the entry or"
                        + " register that holds a " + b.level() + " address has " + b.bits() + " address bits", at);
                case ImageRefusal.NotInRam n -> Finding.error(Code.OUTPUT_NOT_IN_RAM, "the tables at " + n.image()
                        + " are not all in RAM: " + n.part() + " is " + n.what(), at);
                case ImageRefusal.Unreached u -> Finding.error(Code.OUTPUT_UNREACHED, "moved to "
                        + Unsigned.hex(u.tablePa()) + ", a table of '" + u.space() + "' is no longer reached by its "
                        + u.strategy() + (u.va() == -1L ? ", which " + u.finds() : ": at "
                        + Unsigned.hex(u.va()) + " '" + u.space() + "' " + u.finds())
                        + " (mappings are not moved with the tables)", at);
            });
        }
        return out;
    }

    private static long alignUp(long v, long a) {
        long up = (v + a - 1) & -a;
        return Long.compareUnsigned(up, v) < 0 ? v & -a : up;
    }
}
