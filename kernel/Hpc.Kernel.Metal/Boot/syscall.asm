; Hpc metal isle: the Linux system-call entry, the jump into a loaded Linux program and the switch between its
; threads' kernel stacks (Linux/).
;
; Single address space, one privilege level (HermiTux-style): the program runs at ring 0 in the kernel's identity
; map, so `syscall` arrives from ring 0 and `sysretq` (which always lands in ring 3) cannot take us back. We keep
; the instruction's contract anyway, so unmodified glibc works: on entry RCX = return RIP and R11 = RFLAGS (the
; CPU put them there; SFMASK cleared IF, TF, DF, AC), on return RAX = result, RCX and R11 hold the return RIP and
; the program's RFLAGS, every other register (general and SSE) is as it was. The return restores RFLAGS with popfq
; on the kernel stack, then switches to the program's stack and jumps: nothing is written below the program's RSP,
; whose red zone may be live across the call.
;
; Per-cpu slots (CpuLocal, reached through GS; the program never changes GS): CPU_SYSCALL_STACK is the top of the
; cpu's system-call stack, CPU_PROGRAM_RSP the program's RSP while the kernel serves it.

bits 64

%define CPU_SYSCALL_STACK 40
%define CPU_PROGRAM_RSP 48
%define FXSAVE_SIZE 512

section .text

; The LSTAR target. Builds a SyscallFrame (Linux/SyscallFrame.cs) on the cpu's system-call stack and calls
; HpcSyscall(frame*), which returns the result in RAX.
global hpc_syscall_entry
hpc_syscall_entry:
    mov [gs:CPU_PROGRAM_RSP], rsp
    mov rsp, [gs:CPU_SYSCALL_STACK]
    push qword [gs:CPU_PROGRAM_RSP]   ; Rsp
    push r11                          ; Rflags
    push rcx                          ; Rip
    push rax                          ; Number
    push r9                           ; Arg5
    push r8                           ; Arg4
    push r10                          ; Arg3 (r10, not rcx: syscall took rcx)
    push rdx                          ; Arg2
    push rsi                          ; Arg1
    push rdi                          ; Arg0
    push rbp
    push rbx
    push r12
    push r13
    push r14
    push r15
    mov rbx, rsp                      ; the frame (callee-saved across the call)
    ; The C# side may use any SSE register; the program may keep live values in them across the call.
    sub rsp, FXSAVE_SIZE
    and rsp, ~15
    fxsave [rsp]
    mov rdi, rbx
    extern HpcSyscall
    call HpcSyscall
syscall_return:
    fxrstor [rsp]
    mov rsp, rbx
    pop r15
    pop r14
    pop r13
    pop r12
    pop rbx
    pop rbp
    pop rdi
    pop rsi
    pop rdx
    pop r10
    pop r8
    pop r9
    add rsp, 8                        ; Number (RAX carries the result)
    pop rcx                           ; Rip (as sysret: RCX = return address)
    pop r11                           ; Rflags (as sysret: R11 = flags)
    pop qword [gs:CPU_PROGRAM_RSP]    ; Rsp (the handler may have changed it)
    push r11
    popfq                             ; still on the kernel stack
    mov rsp, [gs:CPU_PROGRAM_RSP]
    jmp rcx

; hpc_enter_program(entry, stack): never returns. The process-entry state of the x86-64 psABI: RSP at argc
; (16-aligned), RDX = 0 (no exit function from a dynamic linker), RBP = 0 (outermost frame), the rest zero;
; interrupts on (the program is interruptible; the kernel is not).
global hpc_enter_program
hpc_enter_program:
    mov rsp, rsi
    mov rcx, rdi
    xor eax, eax
    xor ebx, ebx
    xor edx, edx
    xor esi, esi
    xor edi, edi
    xor ebp, ebp
    xor r8d, r8d
    xor r9d, r9d
    xor r10d, r10d
    xor r11d, r11d
    xor r12d, r12d
    xor r13d, r13d
    xor r14d, r14d
    xor r15d, r15d
    push qword 0x202
    popfq
    jmp rcx

; hpc_switch_context(ulong* save, ulong next): the cooperative switch between two threads' kernel stacks, called
; from C# inside a system call (Linux/Threads/ThreadScheduler.cs). Saves the callee-saved registers on the current
; stack and its RSP to *save, then resumes the stack at `next` (SSE registers are caller-saved in the System V ABI,
; and the program's own are in the fxsave area of its system-call frame).
global hpc_switch_context
hpc_switch_context:
    push rbx
    push rbp
    push r12
    push r13
    push r14
    push r15
    mov [rdi], rsp
    mov rsp, rsi
    pop r15
    pop r14
    pop r13
    pop r12
    pop rbp
    pop rbx
    ret

; A new thread's first switch lands here (Linux/Threads/ThreadStart.cs lays out its stack): RBX = its SyscallFrame
; (a copy of the creating call's), RSP = the fxsave area below it. It leaves as that call does, returning 0.
global hpc_thread_start
hpc_thread_start:
    xor eax, eax
    jmp syscall_return

; hpc_resume_registers(RegisterSet* registers, void* fxstate): rt_sigreturn's exit (Linux/Signals/): loads the SSE
; state (16-aligned) and every general register of a RegisterSet (sigcontext order: r8 r9 r10 r11 r12 r13 r14 r15
; rdi rsi rbp rbx rdx rax rcx rsp rip rflags) and continues there with iretq (ring 0 to ring 0: it pops RSP and SS
; too), so RCX and R11 come back as they were, which the `syscall` path cannot do.
global hpc_resume_registers
hpc_resume_registers:
    fxrstor [rsi]
    mov rax, rdi
    push qword 0x10                   ; SS
    push qword [rax + 15 * 8]         ; RSP
    push qword [rax + 17 * 8]         ; RFLAGS
    push qword 0x18                   ; CS
    push qword [rax + 16 * 8]         ; RIP
    mov r8, [rax]
    mov r9, [rax + 8]
    mov r10, [rax + 16]
    mov r11, [rax + 24]
    mov r12, [rax + 32]
    mov r13, [rax + 40]
    mov r14, [rax + 48]
    mov r15, [rax + 56]
    mov rdi, [rax + 64]
    mov rsi, [rax + 72]
    mov rbp, [rax + 80]
    mov rbx, [rax + 88]
    mov rdx, [rax + 96]
    mov rcx, [rax + 112]
    mov rax, [rax + 104]
    iretq
