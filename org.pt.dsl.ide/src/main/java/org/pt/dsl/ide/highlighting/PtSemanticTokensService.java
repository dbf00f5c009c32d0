package org.pt.dsl.ide.highlighting;

import org.eclipse.xtext.ide.server.semantictokens.SemanticTokensService;

/**
 * Xtext's semantic tokens with PT's two modifiers added to LSP's standard ones in the legend the server advertises:
 * {@value PtSemanticHighlighting#ADDRESS} and {@value PtSemanticHighlighting#SIZE} on a {@code number} token. Every
 * client colours them as numbers; a theme that knows the modifiers tells addresses from sizes.
 */
public class PtSemanticTokensService extends SemanticTokensService {

    @Override
    protected void addTokenModifiers() {
        super.addTokenModifiers();
        getTokenModifiers().add(PtSemanticHighlighting.ADDRESS);
        getTokenModifiers().add(PtSemanticHighlighting.SIZE);
    }
}
