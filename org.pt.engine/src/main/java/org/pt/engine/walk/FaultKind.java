package org.pt.engine.walk;

/** Every way a hardware walk can fail; the variants the architectures define, named plainly. */
public enum FaultKind {
    /** x86 bits 63:47 (or 63:56) not a sign extension; RISC-V bits above the VA width likewise. */
    NON_CANONICAL("non-canonical address"),
    /** AArch64: the address is in neither the TTBR0 nor the TTBR1 range; 32-bit formats: above 4 GiB. */
    OUTSIDE_ADDRESS_SPACE("address outside every translated range"),
    /** An entry has its present/valid bit clear. */
    NOT_PRESENT("not present"),
    /** A reserved bit is set (x86 RSVD, including PA bits beyond the width and a misaligned large page). */
    RESERVED_BIT("reserved bit set"),
    /** AArch64: an output or table address beyond the configured physical address size. */
    ADDRESS_SIZE("address size fault"),
    /** RISC-V: a superpage whose PPN is not aligned to its size. */
    MISALIGNED_SUPERPAGE("misaligned superpage"),
    /** RISC-V: a non-leaf entry at the last level. */
    NON_LEAF_AT_LAST_LEVEL("non-leaf entry at the last level"),
    /** RISC-V: W=1 with R=0, a reserved encoding. */
    WRITE_WITHOUT_READ("write without read (reserved encoding)"),
    /** The entry is not readable, writable or executable as the access needs. */
    PERMISSION("permission"),
    /** AArch64 AF=0, RISC-V A=0 (Svade): the accessed flag is clear. */
    ACCESS_FLAG("access flag clear"),
    /** RISC-V: a store to a page with D=0 (Svade). */
    DIRTY_CLEAR("dirty bit clear on store");

    private final String description;

    FaultKind(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
