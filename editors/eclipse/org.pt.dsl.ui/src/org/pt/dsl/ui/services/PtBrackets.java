package org.pt.dsl.ui.services;

import org.eclipse.jface.text.source.DefaultCharacterPairMatcher;

/** Bracket matching for the Generic Editor: PT's braces, parentheses and brackets. */
public final class PtBrackets extends DefaultCharacterPairMatcher {

    public PtBrackets() {
        super(new char[] { '{', '}', '(', ')', '[', ']' });
    }
}
