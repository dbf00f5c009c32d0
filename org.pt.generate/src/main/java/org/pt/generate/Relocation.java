package org.pt.generate;

import java.util.Optional;
import org.pt.engine.format.AArch64Format;
import org.pt.engine.format.EntryKind;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.format.RiscVFormat;
import org.pt.engine.format.X86Format;
import org.pt.engine.image.TableImage;

/**
 * Relocatable output (no {@code at physical}): which entries point at a table of the image, and the rest of such an
 * entry once its address is taken out, so that a form writes it as {@code SYMBOL + OFFSET - PHYS_OFFSET + FLAGS}.
 */
public final class Relocation {

    private Relocation() {
    }

    /**
     * Why {@code image}'s entries cannot be computed by a linker writing {@code form}, or empty when they can: the
     * table address must sit in place in the entry and fit the target's addresses.
     */
    public static Optional<String> refusal(TableImage image, String form) {
        PagingFormat f = image.format();
        String fix = "; add 'at physical ADDRESS' to write the tables with fixed addresses";
        if (f instanceof RiscVFormat) {
            return Optional.of("relocatable " + form + " is not possible for " + f.name()
                    + ": a table entry holds the table's page number at bit 10, which a linker cannot compute from a symbol"
                    + fix);
        }
        if (f instanceof AArch64Format a && a.physicalBits() == 52) {
            return Optional.of("relocatable " + form + " is not possible for " + f.name()
                    + " with 52-bit physical addresses: a table entry holds address bits 48 to 51 apart from the rest"
                    + fix);
        }
        if (f instanceof X86Format x && x.mode() == X86Format.Mode.PAE) {
            return Optional.of("relocatable " + form + " is not possible for " + f.name()
                    + ": its 64-bit entries cannot be computed from 32-bit symbol addresses by an i386 linker" + fix);
        }
        return Optional.empty();
    }

    /**
     * The table of {@code image} that entry {@code raw} of table {@code t} points at, or empty for a leaf, an empty
     * entry or a pointer outside the image.
     */
    public static Optional<TableImage.Table> target(TableImage image, TableImage.Table t, long raw) {
        PagingFormat f = image.format();
        if (raw == 0 || t.depth() == f.halves().get(t.half()).geometry().depth() - 1
                || f.kind(raw, t.archLevel()) != EntryKind.TABLE) {
            return Optional.empty();
        }
        long to = f.address(raw, t.archLevel());
        return image.table(to).filter(x -> x.pa() == to);
    }

    /** Entry {@code raw} of table {@code t} without its table address: what a relocatable form adds to the symbol. */
    public static long flags(TableImage image, TableImage.Table t, long raw) {
        PagingFormat f = image.format();
        long to = f.address(raw, t.archLevel());
        return raw & ~(f.tableEntry(to, t.archLevel()) ^ f.tableEntry(0, t.archLevel()));
    }
}
