package org.pt.generate;

import java.util.List;
import org.pt.engine.format.PagingFormat;

/** The {@code nasm} form: {@code BASE.asm} for NASM ({@code -f elf64} or {@code -f elf32}); x86 only. */
public final class NasmEmitter implements Emitter {

    @Override
    public List<Artifact> emit(Job job) {
        PagingFormat f = job.image().format();
        if (f.family() != PagingFormat.Family.X86) {
            throw new GenerateRefusal("nasm: NASM assembles x86 only, and these tables are " + f.name()
                    + "; generate gas for them instead");
        }
        AsmModel m = new AsmModel(job);
        if (m.relocatable()) {
            m.requireRelocatable();
        }
        return List.of(new Artifact(job.baseName() + ".asm", out -> {
            EntryStream.text(out, NasmTemplates.head(m));
            EntryStream.write(m, AsmSyntax.NASM, out);
        }));
    }
}
