package org.pt.dsl.validation;

import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.CheckType;
import org.pt.dsl.pt.Machine;

/**
 * Machines: format and its parameters, physical memory map, table pools (engine: {@code MachineChecks}).
 */
public class MachineValidator extends AbstractPtSubValidator {

    @Check(CheckType.FAST)
    public void translation(Machine m) {
        reportTranslation(m);
    }

    @Check(CheckType.NORMAL)
    public void findings(Machine m) {
        reportFindings(m);
    }
}
