; Hpc metal isle: boot stub and the few routines C# cannot express (port and MSR access, halting, the interrupt
; entry, the application-processor trampoline and the runtime's assembly helpers).
;
; Two entries, one path after them. PVH (QEMU -kernel reads the Xen ELF note below): 32-bit protected mode, paging
; off, EBX = hvm_start_info. Multiboot2 (GRUB, from an ISO or a disk): the same state, EAX = 0x36d76289 and EBX = the
; boot information, which is copied into the image first (GRUB leaves it in memory the kernel later hands out).
; We build identity page tables for the low 4 GiB (2 MiB pages, except the first 2 MiB in 4 KiB pages so page 0
; stays unmapped and null dereferences fault), enable PAE, SSE and long mode, load the GDT and IDT and call the
; C# entry HpcKernelMain(boot information, protocol). Application processors come up through a real-mode trampoline copied
; to 0x8000 and end in HpcApMain(cpu index).

bits 32

%define KERNEL_STACK_SIZE 65536
%define TRAMPOLINE_BASE 0x8000
%define VECTOR_COUNT 256
%define BOOT_PROTOCOL_PVH 1             ; Boot/BootProtocol.cs
%define BOOT_PROTOCOL_MULTIBOOT2 2
%define MULTIBOOT2_HEADER_MAGIC 0xE85250D6
%define MULTIBOOT2_LOADER_MAGIC 0x36D76289
%define MULTIBOOT2_INFO_COPY_SIZE 32768 ; Boot/Multiboot2Info.cs reads no further

section .note.Xen note alloc noexec nowrite align=4
    dd 4                        ; name size ("Xen\0")
    dd 4                        ; descriptor size
    dd 18                       ; XEN_ELFNOTE_PHYS32_ENTRY
    db "Xen", 0
    dd pvh_start32

; The multiboot2 header: GRUB looks for it in the file's first 32 KiB, 8-byte aligned (linker.ld puts it right
; after the note). The entry address tag is needed because the ELF entry is the PVH one; the module alignment tag
; asks for page-aligned modules (GRUB aligns them anyway).
section .multiboot2 progbits alloc noexec nowrite align=8
multiboot2_header:
    dd MULTIBOOT2_HEADER_MAGIC
    dd 0                        ; architecture: i386 protected mode
    dd multiboot2_header_end - multiboot2_header
    dd 0x100000000 - (MULTIBOOT2_HEADER_MAGIC + (multiboot2_header_end - multiboot2_header))
    align 8, db 0
    dw 3, 0                     ; entry address
    dd 12
    dd multiboot2_start32
    align 8, db 0
    dw 6, 0                     ; module alignment
    dd 8
    dw 0, 0                     ; end
    dd 8
multiboot2_header_end:

section .boot32 progbits alloc exec nowrite align=16
global pvh_start32
pvh_start32:
    cli
    mov [boot_info_ptr], ebx
    jmp boot32_common

; GRUB's multiboot2 entry. Its boot information may lie anywhere in RAM, so a copy is kept in the image, where the
; memory the kernel hands out never reaches; the kernel command line, the memory map and the ACPI RSDP copies are
; inside it. The module's bytes stay where GRUB put them (KernelMain keeps them out of free memory).
global multiboot2_start32
multiboot2_start32:
    cli
    cld
    cmp eax, MULTIBOOT2_LOADER_MAGIC
    jne .not_multiboot2
    mov esi, ebx
    mov ecx, [ebx]              ; total size
    cmp ecx, MULTIBOOT2_INFO_COPY_SIZE
    jbe .fits
    mov ecx, MULTIBOOT2_INFO_COPY_SIZE
.fits:
    mov edi, multiboot2_info_copy
    rep movsb
    mov dword [boot_info_ptr], multiboot2_info_copy
    mov dword [boot_protocol], BOOT_PROTOCOL_MULTIBOOT2
    jmp boot32_common
.not_multiboot2:
    hlt
    jmp .not_multiboot2

boot32_common:
    cld
    mov esp, boot_stack_top

    ; Zero the page tables (6 pages: PML4, PDPT, PD0..PD3 are 7 with the 4 KiB table; see the .bss layout).
    mov edi, page_tables
    mov ecx, PAGE_TABLES_SIZE / 4
    xor eax, eax
    rep stosd

    ; PML4[0] -> PDPT, PDPT[0..3] -> PD0..PD3.
    mov eax, pdpt
    or eax, 3
    mov [pml4], eax
    mov edi, pdpt
    mov eax, pd0
    or eax, 3
    mov ecx, 4
.fill_pdpt:
    mov [edi], eax
    add eax, 4096
    add edi, 8
    loop .fill_pdpt

    ; PD0..PD3: 2048 2 MiB pages covering 0..4 GiB (present, writable, large).
    mov edi, pd0
    xor eax, eax
    xor edx, edx
    mov ecx, 2048
.fill_pd:
    mov ebx, eax
    or ebx, 0x83
    mov [edi], ebx
    mov [edi + 4], edx
    add eax, 0x200000
    add edi, 8
    loop .fill_pd

    ; The first 2 MiB in 4 KiB pages. Page 0 stays mapped until C# has read the boot information the loader put
    ; there, then hpc_unmap_page0 takes it away so null dereferences fault.
    mov eax, pt0
    or eax, 3
    mov [pd0], eax
    mov edi, pt0
    mov eax, 3
    mov ecx, 512
.fill_pt:
    mov [edi], eax
    add eax, 0x1000
    add edi, 8
    loop .fill_pt

    call enter_long_mode_32
    lgdt [gdt_pointer]
    jmp 0x18:bsp_long64

; Shared by the bootstrap processor and the trampoline: PAE + SSE on, CR3 = PML4, EFER.LME, paging on.
enter_long_mode_32:
    mov eax, cr4
    or eax, (1 << 5) | (1 << 9) | (1 << 10)   ; PAE, OSFXSR, OSXMMEXCPT
    mov cr4, eax
    mov eax, pml4
    mov cr3, eax
    mov ecx, 0xC0000080
    rdmsr
    or eax, 1 << 8                            ; LME
    wrmsr
    mov eax, cr0
    and eax, ~(1 << 2)                        ; EM off (SSE)
    or eax, (1 << 31) | (1 << 16) | (1 << 1) | 1  ; PG, WP (read-only pages hold at ring 0 too), MP, PE
    mov cr0, eax
    ret

bits 64
bsp_long64:
    mov ax, 0x10
    mov ds, ax
    mov es, ax
    mov ss, ax
    xor ax, ax
    mov fs, ax
    mov gs, ax
    mov rsp, boot_stack_top
    call build_idt
    lidt [idt_pointer]
    mov edi, [boot_info_ptr]
    mov esi, [boot_protocol]
    extern HpcKernelMain
    call HpcKernelMain
.halt:
    cli
    hlt
    jmp .halt

; Application processors arrive here from the trampoline, in long mode with the boot GDT.
ap_long64:
    mov ax, 0x10
    mov ds, ax
    mov es, ax
    mov ss, ax
    xor ax, ax
    mov fs, ax
    mov gs, ax
    lidt [idt_pointer]
    ; Claim an index and the stack the bootstrap processor prepared for it.
    mov eax, 1
    lock xadd [ap_next_index], eax
    mov edi, eax
    mov rsp, [ap_stack_tops + rax * 8]
    extern HpcApMain
    call HpcApMain
.halt:
    cli
    hlt
    jmp .halt

; Fills the IDT: every vector points at its stub in isr_stubs (16 bytes each).
build_idt:
    lea rdi, [idt]
    lea rsi, [isr_stubs]
    mov ecx, VECTOR_COUNT
.next:
    mov rax, rsi
    mov [rdi], ax                ; offset 15:0
    mov word [rdi + 2], 0x18     ; code segment
    mov word [rdi + 4], 0x8E00   ; present, interrupt gate
    shr rax, 16
    mov [rdi + 6], ax            ; offset 31:16
    shr rax, 16
    mov [rdi + 8], eax           ; offset 63:32
    mov dword [rdi + 12], 0
    add rdi, 16
    add rsi, 16
    loop .next
    ret

; One 16-byte stub per vector: push a zero error code where the CPU pushes none, push the vector, jump.
align 16
isr_stubs:
%assign v 0
%rep VECTOR_COUNT
    align 16
%if v = 8 || (v >= 10 && v <= 14) || v = 17 || v = 21 || v = 29 || v = 30
    push qword v
    jmp isr_common
%else
    push qword 0
    push qword v
    jmp isr_common
%endif
%assign v v + 1
%endrep

; Saves the general registers and the SSE state and calls HpcInterrupt(frame*). Interrupts are on while a Linux
; program runs (IPIs reach it: TLB shootdown, signals), so the handler may have interrupted any code: everything it
; may change is saved. Every vector runs on an interrupt stack of the cpu's TSS (Platform/TaskStateSegment.cs), so
; the program's red zone and a not yet backed stack page are never written by the CPU.
isr_common:
    push rax
    push rbx
    push rcx
    push rdx
    push rsi
    push rdi
    push rbp
    push r8
    push r9
    push r10
    push r11
    push r12
    push r13
    push r14
    push r15
    mov rdi, rsp
    mov rbx, rsp
    sub rsp, 512
    and rsp, ~15
    fxsave [rsp]
    extern HpcInterrupt
    call HpcInterrupt
    fxrstor [rsp]
    mov rsp, rbx
    pop r15
    pop r14
    pop r13
    pop r12
    pop r11
    pop r10
    pop r9
    pop r8
    pop rbp
    pop rdi
    pop rsi
    pop rdx
    pop rcx
    pop rbx
    pop rax
    add rsp, 16
    iretq

; ---- Routines called from C# (System V: rdi, rsi, rdx, rcx; result in rax) ----

global hpc_outb, hpc_inb, hpc_outw, hpc_outd, hpc_ind, hpc_rdmsr, hpc_wrmsr, hpc_cpuid, hpc_rdtsc, hpc_pause
global hpc_wait_for_interrupt, hpc_halt_forever, hpc_read_cr2, hpc_cpu_local, hpc_frame_address, hpc_disable_interrupts
hpc_outb:
    mov edx, edi
    mov eax, esi
    out dx, al
    ret
hpc_outw:
    mov edx, edi
    mov eax, esi
    out dx, ax
    ret
hpc_inb:
    mov edx, edi
    xor eax, eax
    in al, dx
    ret
hpc_outd:
    mov edx, edi
    mov eax, esi
    out dx, eax
    ret
hpc_ind:
    mov edx, edi
    in eax, dx
    ret
hpc_rdmsr:
    mov ecx, edi
    rdmsr
    shl rdx, 32
    or rax, rdx
    ret
hpc_wrmsr:
    mov ecx, edi
    mov rax, rsi
    mov rdx, rsi
    shr rdx, 32
    wrmsr
    ret
; hpc_cpuid(leaf, subleaf, uint* out) writes eax, ebx, ecx, edx.
hpc_cpuid:
    push rbx
    mov r8, rdx
    mov eax, edi
    mov ecx, esi
    cpuid
    mov [r8], eax
    mov [r8 + 4], ebx
    mov [r8 + 8], ecx
    mov [r8 + 12], edx
    pop rbx
    ret
hpc_rdtsc:
    rdtsc
    shl rdx, 32
    or rax, rdx
    ret
hpc_pause:
    pause
    ret
; Enables interrupts for exactly one hlt: an interrupt that arrived after the caller's last check is taken at the hlt
; (sti delays delivery by one instruction), so no wake-up is lost.
hpc_wait_for_interrupt:
    sti
    hlt
    cli
    ret
hpc_disable_interrupts:
    cli
    ret
hpc_halt_forever:
    cli
.again:
    hlt
    jmp .again
global hpc_read_cr3, hpc_flush_tlb, hpc_invlpg, hpc_load_task_register
hpc_read_cr3:
    mov rax, cr3
    ret
; Drops every TLB entry (the kernel uses no global pages).
hpc_flush_tlb:
    mov rax, cr3
    mov cr3, rax
    ret
hpc_invlpg:
    invlpg [rdi]
    ret
hpc_load_task_register:
    ltr di
    ret
global hpc_unmap_page0
hpc_unmap_page0:
    mov qword [pt0], 0
    invlpg [0]
    ret
hpc_read_cr2:
    mov rax, cr2
    ret
; The per-cpu block: GS base points at it and its first word holds its own address.
hpc_cpu_local:
    mov rax, [gs:0]
    ret
; The caller's frame pointer chain start (for the panic's backtrace).
hpc_frame_address:
    mov rax, rbp
    ret

; ---- Runtime helpers the compiled code calls (managed calling convention = System V here) ----

global RhpAssignRef, RhpCheckedAssignRef, RhpByRefAssignRef, RhpGcPoll, RhpReversePInvoke, RhpReversePInvokeReturn
global RhpPInvoke, RhpPInvokeReturn, RhpStackProbe, RhpThrowEx, RhpRethrow, RhpInitialDynamicInterfaceDispatch
; Without a garbage collector a reference store is a plain store.
RhpAssignRef:
RhpCheckedAssignRef:
    mov [rdi], rsi
    ret
; Copies one reference from [rsi] to [rdi] and advances both (struct copies with references).
RhpByRefAssignRef:
    mov rcx, [rsi]
    mov [rdi], rcx
    add rdi, 8
    add rsi, 8
    ret
RhpGcPoll:
RhpReversePInvoke:
RhpReversePInvokeReturn:
RhpPInvoke:
RhpPInvokeReturn:
RhpStackProbe:
    ret
; throw: hand the exception and the throwing site's return address to the panic path.
RhpThrowEx:
RhpRethrow:
    mov rsi, [rsp]
    extern HpcThrow
    and rsp, ~15
    call HpcThrow
    jmp hpc_halt_forever
; Interface dispatch through a cell: r11 holds the cell; resolve through the object's dispatch map in C#, keep the
; argument registers intact, then jump to the target.
RhpInitialDynamicInterfaceDispatch:
    push rdi
    push rsi
    push rdx
    push rcx
    push r8
    push r9
    push rbp
    mov rbp, rsp
    sub rsp, 128
    and rsp, ~15
    movdqu [rsp], xmm0
    movdqu [rsp + 16], xmm1
    movdqu [rsp + 32], xmm2
    movdqu [rsp + 48], xmm3
    movdqu [rsp + 64], xmm4
    movdqu [rsp + 80], xmm5
    movdqu [rsp + 96], xmm6
    movdqu [rsp + 112], xmm7
    mov rsi, r11
    extern HpcResolveInterface
    call HpcResolveInterface
    mov r11, rax
    movdqu xmm0, [rsp]
    movdqu xmm1, [rsp + 16]
    movdqu xmm2, [rsp + 32]
    movdqu xmm3, [rsp + 48]
    movdqu xmm4, [rsp + 64]
    movdqu xmm5, [rsp + 80]
    movdqu xmm6, [rsp + 96]
    movdqu xmm7, [rsp + 112]
    mov rsp, rbp
    pop rbp
    pop r9
    pop r8
    pop rcx
    pop rdx
    pop rsi
    pop rdi
    jmp r11

; ---- Application-processor trampoline (copied to TRAMPOLINE_BASE; position-dependent on that address) ----

global ap_trampoline_start, ap_trampoline_end, ap_stack_tops, ap_next_index
%define TRAMP(label) (TRAMPOLINE_BASE + (label - ap_trampoline_start))
bits 16
align 16
ap_trampoline_start:
    cli
    xor ax, ax
    mov ds, ax
    o32 lgdt [TRAMP(tramp_gdt_pointer)]
    mov eax, cr0
    or eax, 1
    mov cr0, eax
    jmp dword 0x08:TRAMP(tramp_pm32)
bits 32
tramp_pm32:
    mov ax, 0x10
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov esp, TRAMP(tramp_stack_top)
    mov eax, enter_long_mode_32
    call eax
    jmp 0x18:ap_long64
align 8
tramp_gdt_pointer:
    dw gdt_end - gdt - 1
    dd gdt
align 16
    times 64 db 0
tramp_stack_top:
ap_trampoline_end:

section .data
align 16
gdt:
    dq 0
    dq 0x00CF9A000000FFFF     ; 0x08: 32-bit code
    dq 0x00CF92000000FFFF     ; 0x10: data
    dq 0x00AF9A000000FFFF     ; 0x18: 64-bit code
    dq 0x00CF92000000FFFF     ; 0x20: data after 0x18 (syscall loads SS = STAR's selector + 8; see Linux/SyscallEntry.cs)
gdt_tss:                      ; 0x28 + 16 * cpu: each cpu's TSS descriptor (Platform/TaskStateSegment.cs fills it)
    times 64 * 16 db 0
gdt_end:
gdt_pointer:
    dw gdt_end - gdt - 1
    dq gdt
align 16
idt_pointer:
    dw VECTOR_COUNT * 16 - 1
    dq idt
align 8
boot_info_ptr:                ; hvm_start_info (PVH) or multiboot2_info_copy
    dq 0
boot_protocol:
    dd BOOT_PROTOCOL_PVH
ap_next_index:
    dd 1
align 8
global __security_cookie
__security_cookie:
    dq 0x2B992DDFA232

section .bss
align 4096
page_tables:
pml4: resb 4096
pdpt: resb 4096
pd0: resb 4096
pd1: resb 4096
pd2: resb 4096
pd3: resb 4096
pt0: resb 4096
PAGE_TABLES_SIZE equ $ - page_tables
idt: resb VECTOR_COUNT * 16
align 16
boot_stack: resb KERNEL_STACK_SIZE
boot_stack_top:
align 8
; Stack tops for application processors 1..255, filled in by the bootstrap processor before it wakes them.
ap_stack_tops: resq 256
; The per-cpu blocks (CpuLocal, 128 bytes each, 64 cpus): static, so the first cpu has one before memory is set up.
align 64
cpu_locals: resb 64 * 128
align 8
multiboot2_info_copy: resb MULTIBOOT2_INFO_COPY_SIZE

section .text
bits 64
; hpc_linker_symbol(which): addresses the linker script defines, for C#.
global hpc_linker_symbol
extern __modules_start, __modules_end, __image_start, __image_end, __symbols_start, __symbols_end
extern hpc_syscall_entry, hpc_thread_start
hpc_linker_symbol:
    lea rax, [rel .table]
    mov rax, [rax + rdi * 8]
    ret
align 8
.table:
    dq __modules_start, __modules_end, __image_start, __image_end, __symbols_start, __symbols_end
    dq ap_trampoline_start, ap_trampoline_end, ap_stack_tops, cpu_locals, hpc_syscall_entry, hpc_thread_start
    dq gdt_tss, idt
