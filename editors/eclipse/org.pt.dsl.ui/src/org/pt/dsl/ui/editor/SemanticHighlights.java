package org.pt.dsl.ui.editor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.Document;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.TextPresentation;
import org.eclipse.lsp4j.SemanticTokens;
import org.eclipse.lsp4j.SemanticTokensLegend;
import org.eclipse.swt.custom.StyleRange;

/**
 * The styled ranges of each open PT document, decoded from the language server's semantic tokens by the reconciler
 * (in the background) and applied by {@link PtPresentationReconciler} whenever a region is redrawn.
 */
final class SemanticHighlights {

    private static final Map<IDocument, List<StyleRange>> BY_DOCUMENT = Collections.synchronizedMap(new WeakHashMap<>());

    private SemanticHighlights() {
    }

    /** Replaces the ranges of {@code document} by {@code tokens}, computed for {@code text}. */
    static void update(IDocument document, String text, SemanticTokens tokens, SemanticTokensLegend legend) {
        BY_DOCUMENT.put(document, decode(text, tokens.getData(), legend));
    }

    static void forget(IDocument document) {
        BY_DOCUMENT.remove(document);
    }

    /** Adds the ranges of {@code document} within {@code region} to {@code presentation}, clipped to the region. */
    static void addTo(TextPresentation presentation, IDocument document, IRegion region) {
        List<StyleRange> ranges = BY_DOCUMENT.getOrDefault(document, List.of());
        int regionEnd = region.getOffset() + region.getLength();
        for (StyleRange range : ranges) {
            int start = Math.max(range.start, region.getOffset());
            int end = Math.min(range.start + range.length, regionEnd);
            if (start < end) {
                StyleRange clipped = (StyleRange) range.clone();
                clipped.start = start;
                clipped.length = end - start;
                presentation.addStyleRange(clipped);
            }
        }
    }

    /**
     * LSP's relative encoding (per token: line delta, start delta on the same line or column on a new one, length,
     * type index, modifier bits) as styled ranges of {@code text}; tokens PT does not colour are left out.
     */
    static List<StyleRange> decode(String text, List<Integer> data, SemanticTokensLegend legend) {
        Document lines = new Document(text);
        List<StyleRange> ranges = new ArrayList<>();
        int line = 0;
        int column = 0;
        for (int i = 0; i + 4 < data.size(); i += 5) {
            int lineDelta = data.get(i);
            line += lineDelta;
            column = lineDelta == 0 ? column + data.get(i + 1) : data.get(i + 1);
            PtTokenStyles.Style style = PtTokenStyles.of(legend.getTokenTypes().get(data.get(i + 3)),
                    modifiers(data.get(i + 4), legend.getTokenModifiers()));
            if (style == null) {
                continue;
            }
            try {
                ranges.add(new StyleRange(lines.getLineOffset(line) + column, data.get(i + 2), style.color(), null,
                        style.fontStyle()));
            } catch (BadLocationException e) {
                break;
            }
        }
        return List.copyOf(ranges);
    }

    private static List<String> modifiers(int bits, List<String> names) {
        List<String> modifiers = new ArrayList<>();
        for (int bit = 0; bit < names.size(); bit++) {
            if ((bits & (1 << bit)) != 0) {
                modifiers.add(names.get(bit));
            }
        }
        return modifiers;
    }
}
