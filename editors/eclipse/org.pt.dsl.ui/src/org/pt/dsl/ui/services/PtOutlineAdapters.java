package org.pt.dsl.ui.services;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IAdapterFactory;
import org.eclipse.core.runtime.content.IContentDescription;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.ui.views.contentoutline.IContentOutlinePage;

/** Gives a text editor of a {@code *.ptl} file PT's outline page ({@link PtOutline}); other editors get none. */
public final class PtOutlineAdapters implements IAdapterFactory {

    static final String CONTENT_TYPE = "org.pt.dsl.ui.ptl";

    @Override
    public <T> T getAdapter(Object adaptable, Class<T> type) {
        if (type == IContentOutlinePage.class && adaptable instanceof ITextEditor editor && isPt(editor)) {
            return type.cast(new PtOutline(editor));
        }
        return null;
    }

    private static boolean isPt(ITextEditor editor) {
        IFile file = editor.getEditorInput().getAdapter(IFile.class);
        try {
            IContentDescription description = file == null ? null : file.getContentDescription();
            return description != null && CONTENT_TYPE.equals(description.getContentType().getId());
        } catch (CoreException e) {
            return false;
        }
    }

    @Override
    public Class<?>[] getAdapterList() {
        return new Class<?>[] { IContentOutlinePage.class };
    }
}
