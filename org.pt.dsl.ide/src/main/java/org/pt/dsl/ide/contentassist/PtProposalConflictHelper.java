package org.pt.dsl.ide.contentassist;

import org.eclipse.xtext.ide.editor.contentassist.ContentAssistContext;
import org.eclipse.xtext.ide.editor.contentassist.antlr.AntlrProposalConflictHelper;

/**
 * Xtext's lexer-based check whether a completion proposal would merge with the text before it, one check at a time:
 * the helper is shared and keeps its three lexers in fields, and the language server computes completions on a thread
 * pool, so two overlapping completion requests mixed each other's lexer state (a token with start -1, an internal
 * error).
 */
public class PtProposalConflictHelper extends AntlrProposalConflictHelper {

    @Override
    public synchronized boolean existsConflict(String lastCompleteText, String proposal,
            ContentAssistContext context) {
        return super.existsConflict(lastCompleteText, proposal, context);
    }
}
