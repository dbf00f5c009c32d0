package org.pt.dsl.ide.symbol;

import org.eclipse.emf.ecore.EClass;
import org.eclipse.lsp4j.SymbolKind;
import org.eclipse.xtext.ide.server.symbol.DocumentSymbolMapper.DocumentSymbolKindProvider;
import org.pt.dsl.pt.PtPackage;

/**
 * The kinds of PT's symbols, in the outline and among workspace symbols: a machine is a class (of hardware), a layout
 * a struct (of regions), a space a module, a region a field, a memory range or table pool a property, a statement
 * that changes the tables a method, a query (walk, reach, report) an event, an output a file.
 */
public class PtSymbolKinds extends DocumentSymbolKindProvider {

    @Override
    public SymbolKind getSymbolKind(EClass type) {
        PtPackage pt = PtPackage.eINSTANCE;
        if (type == pt.getMachine()) {
            return SymbolKind.Class;
        } else if (type == pt.getLayout()) {
            return SymbolKind.Struct;
        } else if (type == pt.getSpace()) {
            return SymbolKind.Module;
        } else if (type == pt.getRegion()) {
            return SymbolKind.Field;
        } else if (type == pt.getMemory() || type == pt.getTablePool()) {
            return SymbolKind.Property;
        } else if (type == pt.getWalk() || type == pt.getReach() || type == pt.getReport()) {
            return SymbolKind.Event;
        } else if (pt.getStatement().isSuperTypeOf(type)) {
            return SymbolKind.Method;
        } else if (type == pt.getGenerate()) {
            return SymbolKind.File;
        }
        return super.getSymbolKind(type);
    }
}
