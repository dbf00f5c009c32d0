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
    public static final java.util.List<String> OUTPUT_KINDS = org.pt.engine.model.Output.Kind.words();

    /**
     * {@code into "FILE"}: a relative path that stays under the output directory (no {@code ..} segment, not absolute,
     * no control character), not empty, and not written by an earlier output of the file.
     */
    @Check(CheckType.FAST)
    public void outputPath(Generate g) {
        String file = g.getFile();
        if (file == null) {
            return;
        }
        java.util.Optional<String> bad = badOutputPath(file);
        if (bad.isPresent()) {
            error("output file \"" + file + "\" " + bad.get(), g, org.pt.dsl.pt.PtPackage.Literals.GENERATE__FILE,
                    IssueCodes.OUTPUT_PATH);
            return;
        }
        if (g.eContainer() instanceof Model m) {
            for (org.eclipse.emf.ecore.EObject e : m.getElements()) {
                if (e == g) {
                    break;
                }
                if (e instanceof Generate earlier && earlier.getFile() != null
                        && normal(earlier.getFile()).equals(normal(file))) {
                    error("output file \"" + file + "\" is already written by the output at line "
                            + org.eclipse.xtext.nodemodel.util.NodeModelUtils.getNode(earlier).getStartLine(), g,
                            org.pt.dsl.pt.PtPackage.Literals.GENERATE__FILE, IssueCodes.OUTPUT_PATH);
                    return;
                }
            }
        }
    }

    /** Why {@code file} cannot be an output path, or empty. */
    public static java.util.Optional<String> badOutputPath(String file) {
        if (file.isBlank()) {
            return java.util.Optional.of("is empty: name a file under the output directory");
        }
        for (int i = 0; i < file.length(); i++) {
            if (Character.isISOControl(file.charAt(i))) {
                return java.util.Optional.of("holds a control character at " + (i + 1));
            }
        }
        if (file.startsWith("/") || file.startsWith("\\") || file.matches("^[A-Za-z]:.*")) {
            return java.util.Optional.of("is absolute: outputs are written under the output directory, so name it "
                    + "relative to the spec");
        }
        for (String segment : file.split("[/\\\\]")) {
            if (segment.equals("..")) {
                return java.util.Optional.of("climbs out of the output directory with '..'");
            }
        }
        if (file.endsWith("/") || file.endsWith("\\")) {
            return java.util.Optional.of("names a directory, not a file");
        }
        return java.util.Optional.empty();
    }

    private static String normal(String file) {
        return java.nio.file.Path.of(file.replace('\\', '/')).normalize().toString();
    }

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
