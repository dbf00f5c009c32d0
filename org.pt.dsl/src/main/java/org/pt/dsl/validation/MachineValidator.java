package org.pt.dsl.validation;

import java.util.HashSet;
import java.util.Set;
import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.CheckType;
import org.pt.dsl.pt.Budget;
import org.pt.dsl.pt.Cpus;
import org.pt.dsl.pt.Features;
import org.pt.dsl.pt.FormatDecl;
import org.pt.dsl.pt.Machine;
import org.pt.dsl.pt.MachineProperty;
import org.pt.dsl.pt.MemoryTypes;
import org.pt.dsl.pt.PhysicalBits;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.pt.VaBits;
import org.pt.engine.format.Formats;

/**
 * Machines: the form (one format, each parameter at most once, a CPU count), the format's refusal of a parameter and
 * unknown words (translation), the physical memory map and table pools (engine: {@code MachineChecks}).
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

    /** A machine needs a format (one that extends another inherits it). */
    @Check(CheckType.FAST)
    public void formatPresent(Machine m) {
        if (m.getParent() == null && m.getProperties().stream().noneMatch(FormatDecl.class::isInstance)) {
            formError("machine '" + m.getName() + "' has no format: write one of " + String.join(", ", Formats.names()),
                    m, PtPackage.Literals.MACHINE__NAME, IssueCodes.FORMAT_MISSING);
        }
    }

    /** Format, physical bits, va bits, features, cpus, budget and pat at most once each: the later are reported. */
    @Check(CheckType.FAST)
    public void eachPropertyOnce(Machine m) {
        Set<String> seen = new HashSet<>();
        for (MachineProperty p : m.getProperties()) {
            String what = p instanceof FormatDecl ? "format" : p instanceof PhysicalBits ? "physical bits"
                    : p instanceof VaBits ? "va bits" : p instanceof Features ? "features" : p instanceof Cpus ? "cpus"
                    : p instanceof Budget ? "budget" : p instanceof MemoryTypes ? "pat" : null;
            if (what != null && !seen.add(what)) {
                formError("'" + what + "' is given twice in machine '" + m.getName() + "'", p, null,
                        IssueCodes.GIVEN_TWICE);
            }
        }
    }

    @Check(CheckType.FAST)
    public void cpuCount(Cpus cpus) {
        long c = cpus.getCount();
        if (c < 1 || c > Integer.MAX_VALUE) {
            formError("a machine needs at least one CPU and at most " + Integer.MAX_VALUE + ", not "
                    + Long.toUnsignedString(c), cpus, PtPackage.Literals.CPUS__COUNT, IssueCodes.INVALID_CPU_COUNT);
        }
    }
}
