package org.pt.dsl.ide.symbol;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.ide.server.symbol.DocumentSymbolMapper;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.pt.dsl.pt.Machine;
import org.pt.dsl.pt.PtPackage;

/**
 * The outline's detail, shown beside an entry's name: of a machine that extends another, {@code extends PARENT} as
 * written ({@code extends std.riscv_sv39}); nothing for anything else.
 */
public class PtSymbolDetails extends DocumentSymbolMapper.DocumentSymbolDetailsProvider {

    @Override
    public String getDetails(EObject object) {
        if (object instanceof Machine m && m.getParent() != null) {
            var nodes = NodeModelUtils.findNodesForFeature(m, PtPackage.Literals.MACHINE__PARENT);
            if (!nodes.isEmpty()) {
                INode parent = nodes.get(0);
                return "extends " + NodeModelUtils.getTokenText(parent);
            }
        }
        return super.getDetails(object);
    }
}
