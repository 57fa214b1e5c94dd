using Hpc.Kernel.Metal.Platform;

namespace Hpc.Kernel.Metal.Linux.Threads;

/// <summary>
/// Lays out a new thread's kernel stack so that the first switch to it leaves through the system-call exit as the
/// creating call does, with RAX = 0 (the child's side of clone): from the top, a copy of the creator's
/// <see cref="SyscallFrame"/> (with the child's stack pointer), a copy of its fxsave area (the program's SSE state
/// at the call), then the callee-saved registers Cpu.SwitchContext pops with RBX = the frame, and the address of
/// hpc_thread_start (Boot/syscall.asm) to return to.
/// </summary>
internal static unsafe class ThreadStart
{
    /// <summary>Bytes of an fxsave area.</summary>
    private const int FxsaveSize = 512;
    /// <summary>Registers Cpu.SwitchContext pops (r15, r14, r13, r12, rbp, rbx), then its return address.</summary>
    private const int SwitchWords = 7;

    /// <summary>
    /// Prepares <paramref name="thread"/> to resume the program at <paramref name="creator"/>'s return address on
    /// stack <paramref name="stack"/> with TLS <paramref name="fsBase"/>.
    /// </summary>
    public static void Prepare(ProgramThread* thread, SyscallFrame* creator, ulong stack, ulong fsBase)
    {
        ulong top = thread->KernelStackTop & ~15UL;
        SyscallFrame* frame = (SyscallFrame*)(top - (ulong)sizeof(SyscallFrame));
        *frame = *creator;
        frame->Rsp = stack;
        // The creator's fxsave area: Boot/syscall.asm put it 16-aligned right below its frame.
        byte* creatorFx = (byte*)(((ulong)creator - FxsaveSize) & ~15UL);
        byte* fx = (byte*)(((ulong)frame - FxsaveSize) & ~15UL);
        Buffer.MemoryCopy(creatorFx, fx, FxsaveSize, FxsaveSize);
        ulong* words = (ulong*)fx - SwitchWords;
        for (int i = 0; i < SwitchWords - 2; i++)
        {
            words[i] = 0;
        }

        words[SwitchWords - 2] = (ulong)frame;
        words[SwitchWords - 1] = (ulong)LinkerSymbols.ThreadStart;
        thread->SavedRsp = (ulong)words;
        thread->FsBase = fsBase;
    }
}
