package org.pt.dsl.resource;

import org.eclipse.xtext.resource.XtextResourceSet;

/** Xtext's resource set, reading local files through {@link SourceFileHandler} (regular files, of bounded size). */
public class PtResourceSet extends XtextResourceSet {

    public PtResourceSet() {
        getURIConverter().getURIHandlers().add(0, new SourceFileHandler());
    }
}
