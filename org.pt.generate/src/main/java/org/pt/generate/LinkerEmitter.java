package org.pt.generate;

import java.util.List;

/**
 * The {@code linker} form: {@code BASE.ld}, a GNU ld script fragment that places the tables' section and provides
 * their symbols and constants. It holds no entry, so every format has it, in both modes.
 */
public final class LinkerEmitter implements Emitter {

    @Override
    public List<Artifact> emit(Job job) {
        AsmModel m = new AsmModel(job);
        return List.of(new Artifact(job.baseName() + ".ld", out -> EntryStream.text(out, LinkerTemplates.script(m))));
    }
}
