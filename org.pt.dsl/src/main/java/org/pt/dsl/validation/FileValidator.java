package org.pt.dsl.validation;

import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.CheckType;
import org.pt.dsl.pt.Generate;
import org.pt.dsl.pt.Import;
import org.pt.dsl.pt.Model;

/**
 * What is anchored at the file itself, its imports and its outputs (e.g. an internal error when the file has no
 * machine, layout or space to put it on). An empty file has no root object at all: {@link PtResourceValidator}
 * notes it.
 */
public class FileValidator extends AbstractPtSubValidator {

    @Check(CheckType.FAST)
    public void translation(Model m) {
        reportTranslation(m);
    }

    @Check(CheckType.NORMAL)
    public void findings(Model m) {
        reportFindings(m);
    }

    @Check(CheckType.FAST)
    public void translation(Import i) {
        reportTranslation(i);
    }

    @Check(CheckType.FAST)
    public void translation(Generate g) {
        reportTranslation(g);
    }

    @Check(CheckType.NORMAL)
    public void findings(Generate g) {
        reportFindings(g);
    }

    /** The outputs PRODUCT.md names: C, GNU assembler, NASM, raw binary, linker-script fragment, JSON. */
    public static final java.util.List<String> OUTPUT_KINDS = java.util.List.of("c", "gas", "nasm", "binary", "linker", "json");

    /** {@code generate KIND for ...}: the kind is one of {@link #OUTPUT_KINDS}. */
    @Check(CheckType.FAST)
    public void outputKind(Generate g) {
        String kind = g.getKind();
        if (kind == null || OUTPUT_KINDS.contains(kind)) {
            return;
        }
        java.util.Optional<String> close = org.pt.dsl.scoping.Suggestions.closest(kind, OUTPUT_KINDS);
        String message = "unknown output '" + kind + "'" + close.map(c -> "; did you mean '" + c + "'?").orElse("")
                + " (outputs: " + String.join(", ", OUTPUT_KINDS) + ")";
        if (close.isPresent()) {
            error(message, g, org.pt.dsl.pt.PtPackage.Literals.GENERATE__KIND, IssueCodes.UNKNOWN_OUTPUT, "suggestion=" + close.get());
        } else {
            error(message, g, org.pt.dsl.pt.PtPackage.Literals.GENERATE__KIND, IssueCodes.UNKNOWN_OUTPUT);
        }
    }
}
