package org.pt.dsl.ide.symbol;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.ide.server.symbol.DocumentSymbolMapper.DocumentSymbolNameProvider;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.pt.dsl.pt.Generate;
import org.pt.dsl.pt.Layout;
import org.pt.dsl.pt.Machine;
import org.pt.dsl.pt.Memory;
import org.pt.dsl.pt.Region;
import org.pt.dsl.pt.Space;
import org.pt.dsl.pt.Statement;
import org.pt.dsl.pt.TablePool;

/**
 * The names of the outline's entries (the hierarchical document symbols): a machine, layout, space or region by its
 * name; a machine's memory ranges and table pool, a space's statements and a file's outputs by their text
 * ({@code ram 0x0 ..= 0x9_ffff}, {@code map 0x20_0000 size 1 MiB to 0x40_0000 rx}), cut at {@value #LONGEST}
 * characters. Anything else (a format, an attribute, a number, the package) has no entry. Workspace symbols keep
 * Xtext's qualified names ({@code examples.rust_os.qemu_pc}).
 */
public class PtSymbolNames extends DocumentSymbolNameProvider {

    /** The longest name made of an element's text. */
    static final int LONGEST = 60;

    @Override
    public String getName(EObject object) {
        if (object instanceof Machine m) {
            return m.getName();
        } else if (object instanceof Layout l) {
            return l.getName();
        } else if (object instanceof Space s) {
            return s.getName();
        } else if (object instanceof Region r) {
            return r.getName();
        } else if (object instanceof Memory || object instanceof TablePool || object instanceof Statement
                || object instanceof Generate) {
            return text(object);
        }
        return null;
    }

    /** An element's tokens, one space apart, comments left out; null when it has no text (a broken file). */
    static String text(EObject object) {
        ICompositeNode node = NodeModelUtils.findActualNodeFor(object);
        String text = node == null ? "" : NodeModelUtils.getTokenText(node).strip();
        if (text.isEmpty()) {
            return null;
        }
        return text.length() <= LONGEST ? text : text.substring(0, LONGEST - 1) + "…";
    }
}
