using System.Threading;

namespace Hpc.Kernel.Metal.Platform;

/// <summary>A test-and-test-and-set lock on an int (0 free, 1 held), for short kernel sections.</summary>
internal static class SpinLock
{
    /// <summary>Takes the lock.</summary>
    public static void Enter(ref int word)
    {
        while (Interlocked.CompareExchange(ref word, 1, 0) != 0)
        {
            while (Volatile.Read(ref word) != 0)
            {
                Cpu.Pause();
            }
        }
    }

    /// <summary>Releases the lock.</summary>
    public static void Exit(ref int word) => Volatile.Write(ref word, 0);
}
