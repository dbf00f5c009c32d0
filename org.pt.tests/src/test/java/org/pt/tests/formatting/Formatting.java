package org.pt.tests.formatting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Inject;
import com.google.inject.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.formatting2.FormatterRequest;
import org.eclipse.xtext.formatting2.IFormatter2;
import org.eclipse.xtext.formatting2.regionaccess.IHiddenRegion;
import org.eclipse.xtext.formatting2.regionaccess.ISemanticRegion;
import org.eclipse.xtext.formatting2.regionaccess.ITextRegionAccess;
import org.eclipse.xtext.formatting2.regionaccess.ITextReplacement;
import org.eclipse.xtext.formatting2.regionaccess.TextRegionAccessBuilder;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.ExceptionAcceptor;

/**
 * Formats text with the language's {@link IFormatter2}, as the editor's "Format Document" does: no serializer, the
 * node model's text regions only. Refuses input with syntax errors, fails on any formatter conflict, and checks that
 * every gap between tokens was formatted.
 */
final class Formatting {

    @Inject
    private Provider<XtextResourceSet> resourceSets;

    @Inject
    private Provider<FormatterRequest> requests;

    @Inject
    private Provider<TextRegionAccessBuilder> regionAccess;

    @Inject
    private IFormatter2 formatter;

    String format(String text) throws IOException {
        return format(text, false);
    }

    /** Formats text that may have syntax errors (as an editor may ask to); the formatter must still not fail. */
    String formatWithSyntaxErrors(String text) throws IOException {
        return format(text, true);
    }

    private String format(String text, boolean syntaxErrors) throws IOException {
        XtextResourceSet set = resourceSets.get();
        XtextResource resource = (XtextResource) set.createResource(URI.createFileURI("/pt-tests/format.ptl"));
        resource.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                Map.of(XtextResource.OPTION_ENCODING, StandardCharsets.UTF_8.name()));
        if (!syntaxErrors) {
            assertEquals(List.of(), resource.getErrors(), "the text to format must parse");
        }
        ITextRegionAccess access = regionAccess.get().forNodeModel(resource).create();
        FormatterRequest request = requests.get();
        request.setTextRegionAccess(access);
        request.setAllowIdentityEdits(true);
        request.setExceptionHandler(ExceptionAcceptor.THROWING);
        List<ITextReplacement> replacements = formatter.format(request);
        if (!syntaxErrors) {
            assertEveryGapFormatted(access, replacements);
        }
        return access.getRewriter().renderToString(replacements);
    }

    /** Every hidden region (the gaps between tokens, the start and the end) is covered by a replacement. */
    private static void assertEveryGapFormatted(ITextRegionAccess access, List<ITextReplacement> replacements) {
        List<IHiddenRegion> gaps = new ArrayList<>();
        ISemanticRegion first = access.regionForRootEObject().getPreviousHiddenRegion().getNextSemanticRegion();
        gaps.add(first.getPreviousHiddenRegion());
        for (ISemanticRegion r = first; r != null; r = r.getNextSemanticRegion()) {
            gaps.add(r.getNextHiddenRegion());
        }
        for (IHiddenRegion gap : gaps) {
            boolean covered = replacements.stream().anyMatch(t -> t.getOffset() <= gap.getOffset()
                    && t.getEndOffset() >= gap.getEndOffset());
            assertTrue(covered, () -> "not formatted: the gap at offset " + gap.getOffset() + " '" + gap.getText()
                    + "'");
        }
    }
}
