package org.pt.generate;

/**
 * An output an emitter cannot write for its job, with a message for the user (the front end shows it at the
 * {@code generate} directive): e.g. relocatable C for a format whose table entries the linker cannot compute.
 */
public final class GenerateRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GenerateRefusal(String message) {
        super(message);
    }
}
