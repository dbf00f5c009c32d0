package org.pt.generate;

import java.util.List;

/**
 * The {@code json} form: {@code BASE.json}, every table of the image with each non-zero entry decoded (its raw value,
 * the VA it translates, its kind and the format's fields, a leaf's memory type), each space's roots, registers, access
 * formula and regions. The schema is docs/json-schema.md and docs/pt-tables.schema.json. Streamed: a document of
 * millions of entries is never held in memory.
 */
public final class JsonEmitter implements Emitter {

    @Override
    public List<Artifact> emit(Job job) {
        ImageJson doc = new ImageJson(job);
        return List.of(new Artifact(job.baseName() + ".json", doc::writeTables));
    }
}
