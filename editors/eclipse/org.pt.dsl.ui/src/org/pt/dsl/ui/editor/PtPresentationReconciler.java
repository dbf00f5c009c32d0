package org.pt.dsl.ui.editor;

import org.eclipse.jface.text.DocumentEvent;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITypedRegion;
import org.eclipse.jface.text.TextPresentation;
import org.eclipse.jface.text.presentation.IPresentationDamager;
import org.eclipse.jface.text.presentation.IPresentationRepairer;
import org.eclipse.jface.text.presentation.PresentationReconciler;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.Region;

/**
 * Colours a PT editor from the language server's semantic tokens ({@link SemanticHighlights}, kept up to date by
 * {@link PtReconciler} in the background): a damaged region is the lines an edit touched, repaired with the tokens
 * of the region.
 */
public final class PtPresentationReconciler extends PresentationReconciler {

    public PtPresentationReconciler() {
        SemanticRepairer repairer = new SemanticRepairer();
        setDamager(repairer, IDocument.DEFAULT_CONTENT_TYPE);
        setRepairer(repairer, IDocument.DEFAULT_CONTENT_TYPE);
    }

    private static final class SemanticRepairer implements IPresentationDamager, IPresentationRepairer {
        private IDocument document;

        @Override
        public void setDocument(IDocument document) {
            this.document = document;
        }

        @Override
        public IRegion getDamageRegion(ITypedRegion partition, DocumentEvent event, boolean partitioningChanged) {
            try {
                int first = document.getLineOfOffset(event.getOffset());
                int end = event.getOffset() + (event.getText() == null ? 0 : event.getText().length());
                int last = document.getLineOfOffset(Math.min(end, document.getLength()));
                IRegion lastLine = document.getLineInformation(last);
                int start = document.getLineOffset(first);
                return new Region(start, lastLine.getOffset() + lastLine.getLength() - start);
            } catch (BadLocationException e) {
                return partition;
            }
        }

        @Override
        public void createPresentation(TextPresentation presentation, ITypedRegion damage) {
            SemanticHighlights.addTo(presentation, document, damage);
        }
    }
}
