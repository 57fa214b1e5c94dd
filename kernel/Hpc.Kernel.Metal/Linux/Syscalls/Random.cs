using Hpc.Protocol;
namespace Hpc.Kernel.Metal.Linux.Syscalls;

/// <summary>getrandom from <see cref="Entropy"/> (never blocks: the generator is ready from the start).</summary>
internal static unsafe class Random
{
    /// <summary>Registers the family.</summary>
    public static void Register() => SyscallTable.Register(SyscallNames.GetRandom, &GetRandom);

    /// <summary>getrandom(buf, count, flags).</summary>
    private static long GetRandom(SyscallFrame* frame)
    {
        ulong count = frame->Arg1 > 1UL << 25 ? 1UL << 25 : frame->Arg1;
        if (count != 0 && !UserPointer.IsValid(frame->Arg0, count))
        {
            return -(long)LinuxErrno.EFAULT;
        }

        Entropy.Fill((byte*)frame->Arg0, count);
        return (long)count;
    }
}
