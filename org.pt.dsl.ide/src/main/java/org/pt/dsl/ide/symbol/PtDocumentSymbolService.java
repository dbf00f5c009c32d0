package org.pt.dsl.ide.symbol;

import com.google.inject.Inject;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.lsp4j.SymbolKind;
import org.eclipse.xtext.ide.server.symbol.DocumentSymbolService;

/**
 * Xtext's flat symbol service (workspace symbols, and the outline of clients without hierarchical symbols) with PT's
 * {@link PtSymbolKinds}: it has a kind mapping of its own, which called every symbol a property.
 */
public class PtDocumentSymbolService extends DocumentSymbolService {

    @Inject
    private PtSymbolKinds kinds;

    @Override
    protected SymbolKind getSymbolKind(EClass type) {
        return kinds.getSymbolKind(type);
    }
}
