package org.pt.generate;

import org.pt.engine.model.Output;

/** The emitter of each output form: one class per {@link Output.Kind}. */
public final class Emitters {

    private Emitters() {
    }

    /** The emitter that writes {@code kind}. */
    public static Emitter of(Output.Kind kind) {
        return switch (kind) {
            case C -> new CEmitter();
            case GAS -> new GasEmitter();
            case NASM -> new NasmEmitter();
            case BINARY -> new BinaryEmitter();
            case LINKER -> new LinkerEmitter();
            case JSON -> new JsonEmitter();
        };
    }
}
