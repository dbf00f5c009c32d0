// PT boot-test stub for ARMv7-A short descriptors (QEMU 'virt', -cpu cortex-a15), loaded with -kernel at
// 0x4020_0000 and entered in SVC mode (PL1; virt without secure=on gives the CPU no Monitor mode).
// "regs.inc", written by org.pt.tests.boot.ArmBootTest, defines REG_TTBR0, REG_TTBCR and REG_DACR: the register
// values of the engine's table image. The stub loads them, turns the MMU on with the caches OFF (SCTLR.C = I = 0;
// TCG models no caches), TEX remap off (TRE = 0) and the access flag off (AFE = 0), as the engine's format assumes,
// and parks in a wfi loop. From the instruction after the SCTLR write on it runs translated, so the spec
// identity-maps this page (kernel, executable) through TTBR0.
    .syntax unified
    .arm
    .include "regs.inc"
    .text
    .global _start
_start:
    mrs     r0, cpsr
    and     r0, r0, #0x1f
    cmp     r0, #0x13              // CPSR.M = SVC
    bne     wrong_mode
    ldr     r1, =REG_TTBCR
    mcr     p15, 0, r1, c2, c0, 2  // TTBCR
    ldr     r1, =REG_TTBR0
    mcr     p15, 0, r1, c2, c0, 0  // TTBR0
    ldr     r1, =REG_DACR
    mcr     p15, 0, r1, c3, c0, 0  // DACR
    isb
    mov     r1, #0
    mcr     p15, 0, r1, c8, c7, 0  // TLBIALL
    dsb
    isb
    mrc     p15, 0, r1, c1, c0, 0  // SCTLR
    orr     r1, r1, #1             // M: MMU on
    bic     r1, r1, #(1 << 2)      // C: data cache off
    bic     r1, r1, #(1 << 12)     // I: instruction cache off
    bic     r1, r1, #(1 << 28)     // TRE: TEX remap off
    bic     r1, r1, #(1 << 29)     // AFE: AP[0] is a permission bit, no access flag
    mcr     p15, 0, r1, c1, c0, 0
    isb
    .global park
park:
    wfi
    b       park
    .global wrong_mode
wrong_mode:
    wfi
    b       wrong_mode
    .ltorg
