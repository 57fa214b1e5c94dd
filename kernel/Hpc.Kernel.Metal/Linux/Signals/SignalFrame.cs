using Hpc.Kernel.Metal.Linux.Memory;
using Hpc.Kernel.Metal.Linux.Threads;

namespace Hpc.Kernel.Metal.Linux.Signals;

/// <summary>
/// The x86-64 Linux rt_sigframe a handler runs on, and its undoing by rt_sigreturn. From the frame's address up:
/// the return address (the action's restorer, which calls rt_sigreturn), the ucontext (flags, link, the
/// alternate-stack description, the sigcontext — the 18 registers of <see cref="RegisterSet"/>, segment word, error
/// code, trap number, old mask, CR2, the fpstate pointer — and the blocked mask), the siginfo; the fxsave image
/// (64-aligned) lies above them. The handler is entered as if called: RSP = the frame (≡ 8 mod 16), RDI = the
/// signal, RSI = the siginfo, RDX = the ucontext. Whatever the handler changes in the ucontext (the runtime moves
/// RIP and RSP to throw NullReferenceException) is what rt_sigreturn resumes.
/// </summary>
internal static unsafe class SignalFrame
{
    /// <summary>Bytes below RSP a leaf function may use (the System V red zone).</summary>
    private const ulong RedZone = 128;
    /// <summary>Bytes of an fxsave image.</summary>
    public const int FxsaveSize = 512;
    /// <summary>Offset of the ucontext in the frame.</summary>
    private const ulong UcontextOffset = 8;
    /// <summary>Offset of the siginfo in the frame.</summary>
    private const ulong SiginfoOffset = 312;
    /// <summary>Bytes of the frame without the fxsave image.</summary>
    private const ulong FrameSize = 440;
    /// <summary>Bytes of a siginfo.</summary>
    private const int SiginfoSize = 128;
    /// <summary>Offsets inside the ucontext.</summary>
    private const int StackOffset = 16, RegistersOffset = 40, SegmentsOffset = 184, ErrorOffset = 192, TrapOffset = 200,
        OldMaskOffset = 208, Cr2Offset = 216, FpstateOffset = 224, MaskOffset = 296;
    /// <summary>Offset of the fxsave image's software-reserved bytes (an xsave magic there would announce AVX state).</summary>
    private const int FxsaveSoftwareReserved = 464;
    /// <summary>sigaltstack flags: running on it; disabled.</summary>
    private const int OnAltStack = 1, AltStackDisabled = 2;
    /// <summary>RFLAGS' direction and trap flags (the ABI enters functions with DF clear).</summary>
    private const ulong DirectionAndTrap = 0x400 | 0x100;

    /// <summary>What a frame needs besides the registers: the siginfo's code and address, and the trap's numbers.</summary>
    public struct Cause
    {
        /// <summary>si_code (SI_TKILL, SEGV_MAPERR, ...).</summary>
        public int Code;
        /// <summary>si_addr for faults; 0 for signals sent by a thread (their si_pid is the process).</summary>
        public ulong Address;
        /// <summary>True for a fault (si_addr), false for a sent signal (si_pid, si_uid).</summary>
        public bool IsFault;
        /// <summary>The CPU exception vector (sigcontext trapno).</summary>
        public ulong Trap;
        /// <summary>The CPU's error code (sigcontext err).</summary>
        public ulong Error;
    }

    /// <summary>
    /// Writes the frame for <paramref name="signal"/> on the stack of <paramref name="thread"/> interrupted at
    /// <paramref name="registers"/> with SSE state <paramref name="fxstate"/>, blocks the action's mask, and sets
    /// <paramref name="registers"/> to the handler's entry. False when the stack cannot take the frame.
    /// </summary>
    public static bool Push(ProgramThread* thread, int signal, RegisterSet* registers, byte* fxstate, Cause cause)
    {
        ulong* action = SignalActions.Of(signal);
        ulong sp = registers->Rsp;
        bool altEnabled = (thread->AltStackFlags & AltStackDisabled) == 0 && thread->AltStackSize != 0;
        bool onAlt = altEnabled && sp > thread->AltStackBase && sp <= thread->AltStackBase + thread->AltStackSize;
        sp = (action[1] & SignalActions.OnStack) != 0 && altEnabled && !onAlt ? thread->AltStackBase + thread->AltStackSize : sp - RedZone;
        ulong fx = (sp - FxsaveSize) & ~63UL;
        ulong frame = ((fx - FrameSize) & ~15UL) - 8;
        // Back the pages before writing: this may run on the page-fault interrupt stack, which a nested fault would reuse.
        if (!ProgramAddressSpace.Populate(frame, sp) && !UserPointer.IsValid(frame, sp - frame))
        {
            return false;
        }

        Buffer.MemoryCopy(fxstate, (byte*)fx, FxsaveSize, FxsaveSize);
        SpanHelpers.ClearWithoutReferences(ref *(byte*)(fx + FxsaveSoftwareReserved), FxsaveSize - FxsaveSoftwareReserved);
        byte* uc = (byte*)(frame + UcontextOffset);
        SpanHelpers.ClearWithoutReferences(ref *uc, (nuint)(FrameSize - UcontextOffset));
        *(ulong*)frame = action[2];
        *(ulong*)(uc + StackOffset) = thread->AltStackBase;
        *(int*)(uc + StackOffset + 8) = onAlt ? OnAltStack : thread->AltStackFlags;
        *(ulong*)(uc + StackOffset + 16) = thread->AltStackSize;
        *(RegisterSet*)(uc + RegistersOffset) = *registers;
        *(ushort*)(uc + SegmentsOffset) = 0x18;
        *(ushort*)(uc + SegmentsOffset + 6) = 0x10;
        *(ulong*)(uc + ErrorOffset) = cause.Error;
        *(ulong*)(uc + TrapOffset) = cause.Trap;
        *(ulong*)(uc + OldMaskOffset) = thread->BlockedSignals;
        *(ulong*)(uc + Cr2Offset) = cause.IsFault ? cause.Address : 0;
        *(ulong*)(uc + FpstateOffset) = fx;
        *(ulong*)(uc + MaskOffset) = thread->BlockedSignals;
        byte* info = (byte*)(frame + SiginfoOffset);
        *(int*)info = signal;
        *(int*)(info + 8) = cause.Code;
        if (cause.IsFault)
        {
            *(ulong*)(info + 16) = cause.Address;
        }
        else
        {
            *(int*)(info + 16) = (int)Syscalls.Identity.ProcessId;
        }

        ulong blocked = thread->BlockedSignals | action[3];
        if ((action[1] & SignalActions.NoDefer) == 0)
        {
            blocked |= SignalActions.Bit(signal);
        }

        thread->BlockedSignals = blocked & ~(SignalActions.Bit(9) | SignalActions.Bit(19));
        registers->Rip = action[0];
        if ((action[1] & SignalActions.ResetHandler) != 0)
        {
            action[0] = SignalActions.Default;
        }

        registers->Rsp = frame;
        registers->Rdi = (ulong)signal;
        registers->Rsi = (ulong)info;
        registers->Rdx = (ulong)uc;
        registers->Rax = 0;
        registers->Rflags &= ~DirectionAndTrap;
        return true;
    }

    /// <summary>
    /// rt_sigreturn: reads back the registers, the SSE state (into <paramref name="fxstate"/>, 16-aligned) and the
    /// mask from the frame whose ucontext is at <paramref name="rsp"/> (the restorer's `ret` popped the return
    /// address). False when the frame is not readable.
    /// </summary>
    public static bool Pop(ProgramThread* thread, ulong rsp, RegisterSet* registers, byte* fxstate)
    {
        byte* uc = (byte*)rsp;
        if (!UserPointer.IsValid(rsp, FrameSize))
        {
            return false;
        }

        *registers = *(RegisterSet*)(uc + RegistersOffset);
        ulong fx = *(ulong*)(uc + FpstateOffset);
        if (fx != 0 && UserPointer.IsValid(fx, FxsaveSize))
        {
            Buffer.MemoryCopy((byte*)fx, fxstate, FxsaveSize, FxsaveSize);
        }

        thread->BlockedSignals = *(ulong*)(uc + MaskOffset) & ~(SignalActions.Bit(9) | SignalActions.Bit(19));
        return true;
    }
}
