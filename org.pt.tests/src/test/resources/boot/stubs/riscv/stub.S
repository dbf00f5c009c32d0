# PT boot stub for RISC-V (Sv32, Sv39, Sv48, Sv57) on QEMU's virt board, started by `-bios none -kernel stub.elf`:
# QEMU's reset code jumps to _start in M-mode. The stub opens all of memory to S-mode through PMP entry 0, loads
# satp with the value PT computed for the generated tables, sets the sstatus bits PT lists (SUM), drops to S-mode
# with translation on and parks there in a wfi loop. Its own page must be identity-mapped by the spec, or the first
# S-mode fetch faults. Any trap ends in M-mode at `trapped`, which parks elsewhere: the test reads the pc to tell.
#
# regs.inc (written by the test) defines SATP_VALUE and SSTATUS_SET.

    .include "regs.inc"

    .section .text.stub, "ax"
    .globl _start
_start:
    la      t0, trapped
    csrw    mtvec, t0
    li      t0, -1                  # pmpaddr0 all ones with NAPOT: the whole physical address space
    csrw    pmpaddr0, t0
    li      t0, 0x1f                # pmp0cfg: A = NAPOT (3 << 3), X, W, R
    csrw    pmpcfg0, t0
    li      t0, SATP_VALUE
    csrw    satp, t0
    sfence.vma
    li      t0, SSTATUS_SET
    csrs    sstatus, t0
    li      t0, 3 << 11             # mstatus.MPP = 01 (S)
    csrc    mstatus, t0
    li      t0, 1 << 11
    csrs    mstatus, t0
    la      t0, supervisor
    csrw    mepc, t0
    mret

    .globl supervisor
supervisor:                         # S-mode, translation on: park
    wfi
    j       supervisor

    .balign 4                       # mtvec needs a 4-byte aligned handler
    .globl trapped
trapped:                            # M-mode: a trap (mcause, mtval tell which)
    wfi
    j       trapped
