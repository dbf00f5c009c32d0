# The x86 boot-test stub (org.pt.tests.boot.X86BootTest): a multiboot (v1) ELF that QEMU's -kernel loads at 1 MiB
# and enters in 32-bit protected mode with paging off. It loads the register values PT computed for the generated
# tables (regs.inc, written by the test from TableImage.SpaceImage.registers()), turns paging on and parks with
# interrupts off. With IA32_EFER.LME set, setting CR0.PG enters IA-32e mode: the CPU runs on in compatibility mode
# (the code segment stays 32-bit) and walks the 4- or 5-level tables, so no far jump to 64-bit code is needed.
# The page holding this code must be mapped at its own address (the specs identity-map it).

    .include "regs.inc"

    .set MULTIBOOT_MAGIC, 0x1BADB002
    .set MULTIBOOT_FLAGS, 0                 # an ELF image: no address fields, no video mode, no memory map needed

    .section .multiboot, "a"
    .balign 4
    .long MULTIBOOT_MAGIC, MULTIBOOT_FLAGS, -(MULTIBOOT_MAGIC + MULTIBOOT_FLAGS)

    .text
    .code32
    .globl _start
_start:
    cli
    movl $CR4_VALUE, %eax                   # PSE / PAE / PGE / LA57: LA57 can only change while paging is off
    movl %eax, %cr4
    movl $CR3_VALUE, %eax                   # the root table (PAE: the PDPT, read when CR0.PG is set)
    movl %eax, %cr3
    movl $0xC0000080, %ecx                  # IA32_EFER: LME, NXE
    movl $EFER_LOW, %eax
    movl $EFER_HIGH, %edx
    wrmsr
    movl $0x277, %ecx                       # IA32_PAT: the memory types the entries' PAT/PCD/PWT select
    movl $PAT_LOW, %eax
    movl $PAT_HIGH, %edx
    wrmsr
    movl %cr0, %eax
    orl $CR0_VALUE, %eax                    # PE, WP, PG
    movl %eax, %cr0
    .globl park
park:
    hlt
    jmp park
