package org.pt.generate;

/**
 * An emitter cannot write a job in its form (e.g. relocatable RISC-V: the PPN does not sit in place in the entry);
 * the message is for the user and names the fix. The front end reports it on the directive and writes nothing of it.
 */
public final class GenerateRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GenerateRefusal(String message) {
        super(message);
    }
}
