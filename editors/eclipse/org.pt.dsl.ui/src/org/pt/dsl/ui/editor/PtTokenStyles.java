package org.pt.dsl.ui.editor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.RGB;
import org.pt.dsl.ide.highlighting.PtSemanticHighlighting;

/**
 * The colour and font style of each semantic token type of PT's language server (the type names are LSP's, as
 * {@link PtSemanticHighlighting} assigns them): keywords bold purple, comments italic grey, strings green, numbers
 * blue (an address darker and bold: it is what a layout is about), names by kind, vocabulary brown.
 */
public final class PtTokenStyles {

    /** A token's look: foreground colour and SWT font style ({@link SWT#BOLD}, {@link SWT#ITALIC}). */
    public record Style(RGB foreground, int fontStyle) {
        public Color color() {
            return new Color(foreground);
        }
    }

    public static final Style KEYWORD = new Style(new RGB(127, 0, 85), SWT.BOLD);
    public static final Style COMMENT = new Style(new RGB(63, 127, 95), SWT.ITALIC);
    public static final Style STRING = new Style(new RGB(42, 0, 255), SWT.NORMAL);
    public static final Style NUMBER = new Style(new RGB(0, 102, 153), SWT.NORMAL);
    public static final Style ADDRESS = new Style(new RGB(0, 64, 128), SWT.BOLD);
    public static final Style NAME = new Style(new RGB(0, 0, 192), SWT.NORMAL);
    public static final Style VOCABULARY = new Style(new RGB(128, 64, 0), SWT.NORMAL);
    public static final Style OPERATOR = new Style(new RGB(64, 64, 64), SWT.NORMAL);

    private static final Map<String, Style> BY_TYPE = new HashMap<>();

    static {
        assign(KEYWORD, PtSemanticHighlighting.KEYWORD);
        assign(COMMENT, PtSemanticHighlighting.COMMENT);
        assign(STRING, PtSemanticHighlighting.STRING);
        assign(NUMBER, PtSemanticHighlighting.NUMBER);
        assign(OPERATOR, PtSemanticHighlighting.OPERATOR);
        assign(NAME, PtSemanticHighlighting.NAMESPACE, PtSemanticHighlighting.MACHINE, PtSemanticHighlighting.LAYOUT,
                PtSemanticHighlighting.REGION, PtSemanticHighlighting.SPACE);
        assign(VOCABULARY, PtSemanticHighlighting.WORD, PtSemanticHighlighting.ATTRIBUTE, PtSemanticHighlighting.UNIT,
                PtSemanticHighlighting.EMITTER);
    }

    private static void assign(Style style, String... types) {
        for (String type : types) {
            BY_TYPE.put(type, style);
        }
    }

    private PtTokenStyles() {
    }

    /** The style of a token of {@code type} with {@code modifiers}; null for a type PT does not colour. */
    public static Style of(String type, List<String> modifiers) {
        if (PtSemanticHighlighting.NUMBER.equals(type) && modifiers.contains(PtSemanticHighlighting.ADDRESS)) {
            return ADDRESS;
        }
        return BY_TYPE.get(type);
    }
}
