// PT boot-test stub for AArch64 (QEMU 'virt', -cpu max), loaded with -kernel at 0x4020_0000 and entered at EL1
// (virt without virtualization=on or secure=on gives the CPU neither EL2 nor EL3).
// "regs.inc", written by org.pt.tests.boot.ArmBootTest, defines REG_MAIR_EL1, REG_TCR_EL1, REG_TTBR0_EL1 and
// REG_TTBR1_EL1: the register values of the engine's table image. The stub loads them, turns the MMU on with the
// data and instruction caches OFF (SCTLR_EL1.C = I = 0; TCG models no caches, the walk is the same either way) and
// WXN off, and parks in a wfi loop. From the instruction after the SCTLR_EL1 write on it runs translated, so every
// spec identity-maps this page (kernel, executable) through TTBR0.
    .include "regs.inc"
    .text
    .global _start
_start:
    mrs     x0, CurrentEL
    cmp     x0, #(1 << 2)          // EL1: CurrentEL.EL (bits 3:2) = 1
    b.ne    wrong_el
    ldr     x1, =REG_MAIR_EL1
    msr     mair_el1, x1
    ldr     x1, =REG_TCR_EL1
    msr     tcr_el1, x1
    ldr     x1, =REG_TTBR0_EL1
    msr     ttbr0_el1, x1
    ldr     x1, =REG_TTBR1_EL1
    msr     ttbr1_el1, x1
    isb
    tlbi    vmalle1
    dsb     sy
    isb
    mrs     x1, sctlr_el1
    orr     x1, x1, #1             // M: stage 1 translation on
    bic     x1, x1, #(1 << 2)      // C: data cache off
    bic     x1, x1, #(1 << 12)     // I: instruction cache off
    bic     x1, x1, #(1 << 19)     // WXN: writable pages stay executable as the descriptors say
    msr     sctlr_el1, x1
    isb
    .global park
park:
    wfi
    b       park
    .global wrong_el
wrong_el:
    wfi
    b       wrong_el
    .ltorg
