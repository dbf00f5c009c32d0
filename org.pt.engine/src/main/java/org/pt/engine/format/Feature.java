package org.pt.engine.format;

/** Optional hardware features that change what a format can encode or how it walks. */
public enum Feature {
    /** x86: EFER.NXE, the execute-disable bit 63 (PAE and 4/5-level). */
    NX,
    /** x86: 1 GiB pages in the PDPT (CPUID pdpe1gb). */
    PAGE_1G,
    /** x86 32-bit: CR4.PSE, 4 MiB pages in the page directory. */
    PSE,
    /** x86 32-bit: PSE-36, physical address bits above 31 in 4 MiB page entries. */
    PSE36,
    /** x86: CR4.PGE, global pages. */
    GLOBAL_PAGES,
    /** x86: CR4.SMEP, no supervisor execution from user pages. */
    SMEP,
    /** x86: CR4.SMAP, no supervisor data access to user pages. */
    SMAP,
    /** RISC-V: sstatus.SUM, supervisor may read and write user pages. */
    SUM,
    /** RISC-V: Svpbmt page-based memory types (PBMT bits 62:61). */
    SVPBMT,
    /** AArch64: PSTATE.PAN, EL1 data accesses to EL0-accessible pages fault. */
    PAN,
    /** ARMv7: 16 MiB supersections. */
    SUPERSECTIONS
}
