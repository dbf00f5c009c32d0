package org.pt.generate;

import java.util.List;

/**
 * The {@code gas} form: {@code BASE.S} for GNU as on every family (x86 {@code --64}/{@code --32}, RISC-V, AArch64,
 * ARM). Relocatable output is refused where an entry cannot be computed from a label ({@link AsmModel#requireRelocatable}).
 */
public final class GasEmitter implements Emitter {

    @Override
    public List<Artifact> emit(Job job) {
        AsmModel m = new AsmModel(job);
        if (m.relocatable()) {
            m.requireRelocatable();
        }
        return List.of(new Artifact(job.baseName() + ".S", out -> {
            EntryStream.text(out, GasTemplates.head(m));
            EntryStream.write(m, AsmSyntax.GAS, out);
            EntryStream.text(out, GasTemplates.tail(m));
        }));
    }
}
