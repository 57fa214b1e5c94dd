using System.Threading;

namespace Hpc.Kernel.Metal.Platform;

/// <summary>
/// A test-and-test-and-set lock on an int (0 free, 1 held), for short kernel sections. A cpu waiting for one does
/// the TLB flushes asked of it meanwhile: it waits with interrupts off, and the holder may itself be waiting for
/// every cpu's flush (Memory/TlbShootdown.cs), which would otherwise never come.
/// </summary>
internal static class SpinLock
{
    /// <summary>Takes the lock.</summary>
    public static void Enter(ref int word)
    {
        while (Interlocked.CompareExchange(ref word, 1, 0) != 0)
        {
            while (Volatile.Read(ref word) != 0)
            {
                Memory.TlbShootdown.ServePending();
                Cpu.Pause();
            }
        }
    }

    /// <summary>Releases the lock.</summary>
    public static void Exit(ref int word) => Volatile.Write(ref word, 0);
}
